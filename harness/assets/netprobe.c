/*
 * netprobe: the two ends of every flow the harness fires, in one static binary so it runs in any
 * container or Docker host without a runtime.
 *
 *   netprobe serve PORT/PROTO...        answer every TCP connection and UDP datagram with one line
 *                                       saying which peer address the service saw
 *   netprobe probe PROTO ADDR PORT MS   one attempt; prints one JSON line with the outcome
 *   netprobe await FILE ABOVE MS TEXT...
 *                                       waits up to MS for FILE to hold more than ABOVE lines that
 *                                       contain one of the TEXTs, or to be removed; prints the count
 *   netprobe sentinel FILE TEXT PORT TRIES
 *                                       sends a UDP datagram to 127.0.0.1:PORT until FILE holds one
 *                                       more line containing TEXT than before, at most TRIES times
 *
 * The reply line lets a verdict show whether the source address survived NAT on the way in. The last
 * two watch the packet trace a Docker host writes during a flow: polled here, in one process, they
 * cost a process per flow where a shell loop of grep and sleep cost dozens.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LISTENERS 64

static void format_address(const struct sockaddr_storage *sa, char *out, size_t size) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (sa->ss_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
  } else if (sa->ss_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], host, sizeof host);
    } else {
      inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    }
    port = ntohs(in6->sin6_port);
  }
  snprintf(out, size, sa->ss_family == AF_INET6 && strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
}

static void reply_line(int fd, const struct sockaddr_storage *peer, const char *proto, char *out, size_t size) {
  struct sockaddr_storage local;
  socklen_t len = sizeof local;
  char peer_text[80], local_text[80], name[64] = "";
  memset(&local, 0, sizeof local);
  getsockname(fd, (struct sockaddr *)&local, &len);
  format_address(peer, peer_text, sizeof peer_text);
  format_address(&local, local_text, sizeof local_text);
  gethostname(name, sizeof name - 1);
  snprintf(out, size, "netprobe peer=%s local=%s proto=%s host=%s\n", peer_text, local_text, proto, name);
}

/* A dual-stack listener on [::]:port, falling back to IPv4 where the kernel has no IPv6. */
static int listen_on(int port, int type) {
  struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
  struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_ANY)}};
  int one = 1, zero = 0;
  int fd = socket(AF_INET6, type, 0);
  if (fd >= 0) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&in6, sizeof in6) != 0) {
      close(fd);
      fd = -1;
    }
  }
  if (fd < 0) {
    fd = socket(AF_INET, type, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&in, sizeof in) != 0) return -1;
  }
  if (type == SOCK_STREAM && listen(fd, 128) != 0) return -1;
  return fd;
}

/* As a container's PID 1 the service gets no default signal handling: without this, `docker stop`
 * (and every daemon restart) waits its full grace period and then kills it. */
static void stop_serving(int signal_number) {
  (void)signal_number;
  _exit(0);
}

static int serve(int argc, char **argv) {
  signal(SIGTERM, stop_serving);
  signal(SIGINT, stop_serving);
  struct pollfd fds[MAX_LISTENERS];
  int types[MAX_LISTENERS];
  int count = 0;
  for (int i = 0; i < argc && count < MAX_LISTENERS; i++) {
    int port = atoi(argv[i]);
    int type = strstr(argv[i], "/udp") ? SOCK_DGRAM : SOCK_STREAM;
    int fd = listen_on(port, type);
    if (port <= 0 || fd < 0) {
      fprintf(stderr, "netprobe: cannot listen on %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    fds[count] = (struct pollfd){.fd = fd, .events = POLLIN};
    types[count++] = type;
    fprintf(stderr, "netprobe: listening on %s\n", argv[i]);
  }
  fprintf(stderr, "netprobe: ready\n");
  for (;;) {
    if (poll(fds, count, -1) < 0 && errno != EINTR) return 2;
    for (int i = 0; i < count; i++) {
      if (!(fds[i].revents & POLLIN)) continue;
      struct sockaddr_storage peer;
      socklen_t len = sizeof peer;
      char line[512], buffer[2048];
      if (types[i] == SOCK_STREAM) {
        int client = accept(fds[i].fd, (struct sockaddr *)&peer, &len);
        if (client < 0) continue;
        reply_line(client, &peer, "tcp", line, sizeof line);
        (void)!write(client, line, strlen(line));
        close(client);
      } else {
        ssize_t n = recvfrom(fds[i].fd, buffer, sizeof buffer, 0, (struct sockaddr *)&peer, &len);
        if (n < 0) continue;
        reply_line(fds[i].fd, &peer, "udp", line, sizeof line);
        sendto(fds[i].fd, line, strlen(line), 0, (struct sockaddr *)&peer, len);
      }
    }
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void print_json_string(const char *text) {
  putchar('"');
  for (const char *p = text; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p == '\n') printf("\\n");
    else if ((unsigned char)*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}

static int report(const char *outcome, int error, double started, const char *local, const char *reply) {
  printf("{\"outcome\":\"%s\",\"errno\":", outcome);
  print_json_string(error ? strerrorname_np(error) : "");
  printf(",\"message\":");
  print_json_string(error ? strerror(error) : "");
  printf(",\"ms\":%.2f,\"local\":", now_ms() - started);
  print_json_string(local);
  printf(",\"reply\":");
  print_json_string(reply);
  printf("}\n");
  return 0;
}

/* Waits for fd to become ready for `events`; returns 0 on readiness, ETIMEDOUT, or an errno. */
static int wait_for(int fd, short events, double deadline) {
  for (;;) {
    int left = (int)(deadline - now_ms());
    if (left <= 0) return ETIMEDOUT;
    struct pollfd pfd = {.fd = fd, .events = events};
    int ready = poll(&pfd, 1, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno;
    if (ready == 0) return ETIMEDOUT;
    int error = 0;
    socklen_t len = sizeof error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    return error;
  }
}

static int probe(const char *proto, const char *address, int port, int timeout_ms) {
  struct sockaddr_storage target;
  socklen_t target_len;
  memset(&target, 0, sizeof target);
  struct sockaddr_in *in = (struct sockaddr_in *)&target;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&target;
  if (inet_pton(AF_INET, address, &in->sin_addr) == 1) {
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    target_len = sizeof *in;
  } else if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    target_len = sizeof *in6;
  } else {
    fprintf(stderr, "netprobe: not an address: %s\n", address);
    return 2;
  }
  int udp = strcmp(proto, "udp") == 0;
  double started = now_ms(), deadline = started + timeout_ms;
  int fd = socket(target.ss_family, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
  if (fd < 0) return report("error", errno, started, "", "");

  char local[80] = "", reply[512] = "";
  int error = connect(fd, (struct sockaddr *)&target, target_len) == 0 ? 0 : errno;
  if (error == EINPROGRESS) error = wait_for(fd, POLLOUT, deadline);
  struct sockaddr_storage me;
  socklen_t me_len = sizeof me;
  if (getsockname(fd, (struct sockaddr *)&me, &me_len) == 0) format_address(&me, local, sizeof local);
  if (!error && udp) {
    const char *payload = "netprobe\n";
    if (send(fd, payload, strlen(payload), 0) < 0) error = errno;
  }
  if (!error) {
    /* TCP: connected; the reply only adds the peer address the service saw. UDP: the reply is the proof. */
    double reply_deadline = udp ? deadline : now_ms() + 1000;
    int read_error = wait_for(fd, POLLIN, reply_deadline);
    if (!read_error) {
      ssize_t n = recv(fd, reply, sizeof reply - 1, 0);
      if (n >= 0) reply[n] = 0;
      else read_error = errno;
    }
    if (udp) error = read_error;
  }
  close(fd);
  if (!error) return report("connected", 0, started, local, reply);
  if (error == ETIMEDOUT) return report("timeout", 0, started, local, "");
  if (error == ECONNREFUSED) return report("refused", error, started, local, "");
  if (error == EHOSTUNREACH || error == ENETUNREACH || error == EACCES || error == EPERM)
    return report("unreachable", error, started, local, "");
  return report("error", error, started, local, "");
}

/* A file read as it grows: lines containing one of some texts are counted, each line once. */
struct line_counter {
  int fd;
  const char **texts;
  int text_count;
  long count;
  char line[4096];
  size_t used;
};

static int line_matches(const struct line_counter *counter) {
  for (int i = 0; i < counter->text_count; i++)
    if (memmem(counter->line, counter->used, counter->texts[i], strlen(counter->texts[i]))) return 1;
  return 0;
}

/* Reads what was added since the last call. Returns -1 once the file is gone (or never was). A line
 * longer than the buffer is judged by its first 4 KB. */
static int count_new_lines(struct line_counter *counter, const char *path) {
  if (counter->fd < 0) counter->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (counter->fd < 0) return -1;
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  char chunk[8192];
  ssize_t n;
  while ((n = read(counter->fd, chunk, sizeof chunk)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      if (chunk[i] == '\n') {
        if (line_matches(counter)) counter->count++;
        counter->used = 0;
      } else if (counter->used < sizeof counter->line) {
        counter->line[counter->used++] = chunk[i];
      }
    }
  }
  return 0;
}

static void pause_ms(int ms) {
  struct timespec pause = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
  nanosleep(&pause, NULL);
}

static int await_lines(const char *path, long above, int timeout_ms, const char **texts, int text_count) {
  struct line_counter counter = {.fd = -1, .texts = texts, .text_count = text_count};
  double deadline = now_ms() + timeout_ms;
  int present;
  while ((present = count_new_lines(&counter, path)) == 0 && counter.count <= above && now_ms() < deadline) pause_ms(2);
  printf("%ld\n", counter.count);
  return counter.count > above ? 0 : 1;
}

static int send_sentinels(const char *path, const char *text, int port, int tries) {
  const char *texts[] = {text};
  struct line_counter counter = {.fd = -1, .texts = texts, .text_count = 1};
  /* The file may not be there yet: whoever writes it may still be starting. */
  count_new_lines(&counter, path);
  long before = counter.count;
  struct sockaddr_in target = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}};
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 1;
  for (int try = 0; try < tries; try++) {
    sendto(fd, "sentinel\n", 9, 0, (struct sockaddr *)&target, sizeof target);
    /* 25 ms per try, as long as the shell loop this replaced took, so a monitor slow to start gets
     * the same time before the harness gives up on its trace. */
    for (int poll_count = 0; poll_count < 25; poll_count++) {
      pause_ms(1);
      count_new_lines(&counter, path);
      if (counter.count > before) return 0;
    }
  }
  return 1;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 3 && strcmp(argv[1], "serve") == 0) return serve(argc - 2, argv + 2);
  if (argc == 6 && strcmp(argv[1], "probe") == 0) return probe(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
  if (argc >= 6 && strcmp(argv[1], "await") == 0) return await_lines(argv[2], atol(argv[3]), atoi(argv[4]), (const char **)argv + 5, argc - 5);
  if (argc == 6 && strcmp(argv[1], "sentinel") == 0) return send_sentinels(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
  fprintf(stderr,
          "usage: netprobe serve PORT/tcp|PORT/udp...\n       netprobe probe tcp|udp ADDRESS PORT TIMEOUT_MS\n"
          "       netprobe await FILE ABOVE TIMEOUT_MS TEXT...\n       netprobe sentinel FILE TEXT PORT TRIES\n");
  return 2;
}
