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
 *   netprobe agent END KILL_AFTER       the agent of a command channel: the protocol and the shell
 *                                       version it stands in for are in harness/machines/command-channel.ts
 *   netprobe pivot-root                 makes the current directory the root of this mount namespace,
 *                                       for a source booted inside the switch (no pivot_root binary in
 *                                       every Debian release's util-linux)
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
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* The agent of a command channel (harness/machines/command-channel.ts): reads `<id> <seconds>`, the
 * command's lines and the end line, runs the command as the shell version does (`sh -c` in a
 * process group of its own, stdin from /dev/null, output in files of its own, TERM to the group at
 * its limit and KILL KILL_AFTER seconds later, exit codes as coreutils timeout gives them), and
 * answers with one frame. Here a command costs one fork, where the shell's loop also started
 * timeout, wc and head for it. */

struct text {
  char *data;
  size_t used, size;
};

static void text_append(struct text *text, const char *data, size_t length) {
  if (text->used + length + 1 > text->size) {
    text->size = (text->used + length + 1) * 2;
    text->data = realloc(text->data, text->size);
    if (!text->data) exit(1);
  }
  memcpy(text->data + text->used, data, length);
  text->used += length;
  text->data[text->used] = 0;
}

static int write_all(const char *data, size_t length) {
  while (length > 0) {
    ssize_t written = write(STDOUT_FILENO, data, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return -1;
    data += written;
    length -= written;
  }
  return 0;
}

/* A file no other command will ever write to: unlinked, so a background process a command left
 * holding it writes only into its own copy. */
static int output_file(void) {
  int fd = memfd_create("harness-channel", MFD_CLOEXEC);
  if (fd >= 0) return fd;
  char path[] = "/tmp/harness-channel.XXXXXX";
  fd = mkostemp(path, O_CLOEXEC);
  if (fd >= 0) unlink(path);
  return fd;
}

/* What the command wrote, read whole before its frame announces the size. */
static void read_output(int fd, struct text *into) {
  char chunk[65536];
  off_t offset = 0;
  ssize_t got;
  into->used = 0;
  while ((got = pread(fd, chunk, sizeof chunk, offset)) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    text_append(into, chunk, got);
    offset += got;
  }
}

/* Runs one command to its end (or its limit's) and returns its exit code, its output in `out` and
 * `err`. SIGCHLD is blocked, so it can be waited for with a deadline. */
static int run_command(const char *script, double seconds, double kill_after, const sigset_t *child_signal, struct text *out, struct text *err) {
  int out_fd = output_file(), err_fd = output_file();
  if (out_fd < 0 || err_fd < 0) return 126;
  pid_t pid = fork();
  if (pid < 0) return 126;
  if (pid == 0) {
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0) _exit(126);
    execl("/bin/sh", "sh", "-c", script, (char *)NULL);
    _exit(127);
  }
  setpgid(pid, pid);
  /* timeout's rules: 0 means no limit; a command stopped at its limit exits 124, or 137 when it
   * took the KILL. */
  double deadline = seconds > 0 ? now_ms() + seconds * 1000 : -1;
  int signals_sent = 0, status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    double left = deadline < 0 ? 1000 : deadline - now_ms();
    if (left <= 0) {
      if (signals_sent == 0) {
        kill(-pid, SIGTERM);
        kill(-pid, SIGCONT);
        deadline = now_ms() + kill_after * 1000;
      } else {
        kill(-pid, SIGKILL);
        deadline = -1;
      }
      signals_sent++;
      continue;
    }
    struct timespec wait = {.tv_sec = (time_t)(left / 1000), .tv_nsec = (long)(((long)left % 1000) * 1000000L)};
    sigtimedwait(child_signal, NULL, &wait);
  }
  read_output(out_fd, out);
  read_output(err_fd, err);
  close(out_fd);
  close(err_fd);
  if (signals_sent > 0) return signals_sent == 1 ? 124 : 137;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Reads one line without its newline; false at the end of input. */
static int read_line(char **line, size_t *size, ssize_t *length) {
  *length = getline(line, size, stdin);
  if (*length <= 0) return 0;
  if ((*line)[*length - 1] == '\n') (*line)[--*length] = 0;
  return 1;
}

static int agent(const char *end, double kill_after) {
  sigset_t child_signal;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child_signal, NULL);
  signal(SIGPIPE, SIG_IGN);
  if (write_all("\036ready\n", 7) != 0) return 1;
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  struct text script = {0}, out = {0}, err = {0};
  while (read_line(&line, &size, &length)) {
    char id[32];
    double seconds;
    if (sscanf(line, "%31s %lf", id, &seconds) != 2) return 1;
    script.used = 0;
    text_append(&script, "", 0);
    for (;;) {
      if (!read_line(&line, &size, &length)) return 0;
      if (strcmp(line, end) == 0) break;
      text_append(&script, line, length);
      text_append(&script, "\n", 1);
    }
    int code = run_command(script.data, seconds, kill_after, &child_signal, &out, &err);
    char header[96];
    int header_length = snprintf(header, sizeof header, "\036%s %d %zu %zu\n", id, code, out.used, err.used);
    if (write_all(header, header_length) != 0 || write_all(out.data, out.used) != 0 || write_all(err.data, err.used) != 0) return 1;
  }
  return 0;
}

/* pivot_root(".", ".") stacks the old root on the new one; unmounting "." then takes it away, every
 * process of the mount namespace whose root was the old one now has the new one (the man page's
 * way, without a folder for the old root). */
static int pivot_here(void) {
  if (syscall(SYS_pivot_root, ".", ".") != 0 || umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) {
    perror("netprobe pivot-root");
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 3 && strcmp(argv[1], "serve") == 0) return serve(argc - 2, argv + 2);
  if (argc == 6 && strcmp(argv[1], "probe") == 0) return probe(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
  if (argc >= 6 && strcmp(argv[1], "await") == 0) return await_lines(argv[2], atol(argv[3]), atoi(argv[4]), (const char **)argv + 5, argc - 5);
  if (argc == 6 && strcmp(argv[1], "sentinel") == 0) return send_sentinels(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
  if (argc == 4 && strcmp(argv[1], "agent") == 0) return agent(argv[2], atof(argv[3]));
  if (argc == 2 && strcmp(argv[1], "pivot-root") == 0) return pivot_here();
  fprintf(stderr,
          "usage: netprobe serve PORT/tcp|PORT/udp...\n       netprobe probe tcp|udp ADDRESS PORT TIMEOUT_MS\n"
          "       netprobe await FILE ABOVE TIMEOUT_MS TEXT...\n       netprobe sentinel FILE TEXT PORT TRIES\n"
          "       netprobe agent END_LINE KILL_AFTER_SECONDS\n       netprobe pivot-root\n");
  return 2;
}
