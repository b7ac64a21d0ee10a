import { defineClaims } from '../harness/report/claims-catalogue.ts';

// Every testable statement of the two versions of Docker's firewall page (see the seeds):
//   docker-and-iptables.md         the older page ("Docker and iptables")
//   packet-filtering-firewalls.md  the newer page ("Packet filtering and firewalls")
// `pages` lists the pages that state the claim; a claim on only one of them is docs drift.
const older = 'docker-and-iptables.md';
const newer = 'packet-filtering-firewalls.md';

export default defineClaims([
  { id: 'C01', text: 'Docker creates the chains DOCKER-USER and DOCKER, and FORWARD sends packets through them first.', pages: [older, newer] },
  { id: 'C02', text: 'A rule appended to FORWARD, by hand or by another iptables firewall, does not stop traffic to a published port.', pages: [older, newer] },
  { id: 'C03', text: "A DROP rule in DOCKER-USER is applied before Docker's own rules and blocks a published port.", pages: [older, newer] },
  { id: 'C04', text: "Packets reach DOCKER-USER already DNAT'd: rules match the container's IP and port, not the host's.", pages: [newer] },
  {
    id: 'C05',
    text: 'conntrack `--ctorigsrc` / `--ctorigdstport` match the original source and port, and an `ESTABLISHED,RELATED` accept keeps replies working.',
    pages: [newer],
  },
  { id: 'C06', text: 'By default every outside source address may connect to a published port.', pages: [older, newer] },
  { id: 'C07', text: '`iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1 to published ports.', pages: [older, newer] },
  { id: 'C08', text: '`iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.0/24 -j DROP` admits only sources in 192.168.1.0/24.', pages: [older, newer] },
  { id: 'C09', text: '`-m iprange ! --src-range 192.168.1.1-192.168.1.3` in DOCKER-USER admits exactly that address range.', pages: [older, newer] },
  {
    id: 'C10',
    text: 'Combining `-s`/`--src-range` with `-d`/`--dst-range` restricts one host address (10.1.2.3) and leaves the other (192.168.1.99) open.',
    pages: [older, newer],
  },
  { id: 'C11', text: 'Docker sets the FORWARD policy to DROP, so a Docker host that is also a router stops forwarding traffic.', pages: [older, newer] },
  { id: 'C12', text: '`iptables -I DOCKER-USER -i src_if -o dst_if -j ACCEPT` lets a Docker host route again.', pages: [older, newer] },
  {
    id: 'C13',
    text: 'With `"iptables": false` in daemon.json Docker creates no iptables rules, and container networking most likely breaks.',
    pages: [older, newer],
  },
  { id: 'C14', text: 'Published ports bind to 0.0.0.0 by default, so they are reachable on every host address.', pages: [older, newer] },
  { id: 'C15', text: 'Published ports are reachable over IPv6 too, unless IPv6 is disabled in the kernel.', pages: [newer] },
  {
    id: 'C16',
    text: '`"ip": "127.0.0.1"` in daemon.json (after a daemon restart) makes default-bridge published ports reachable only from the Docker host.',
    pages: [newer],
  },
  {
    id: 'C17',
    text: 'Starting dockerd with `--ip` changes the default bind address of published ports the same way as the `"ip"` key.',
    pages: [older, newer],
  },
  { id: 'C18', text: 'The default bind address does not apply to Swarm services: they are always published on 0.0.0.0.', pages: [newer] },
  {
    id: 'C19',
    text: 'On user-defined bridges the daemon `"ip"` setting does not apply; the `com.docker.network.bridge.host_binding_ipv4` option does.',
    pages: [newer],
  },
  {
    id: 'C20',
    text: 'With firewalld running, Docker creates a firewalld zone `docker` holding the interfaces it creates (`docker0`, `br-*`).',
    pages: [newer],
  },
  {
    id: 'C21',
    text: '`firewall-cmd --zone=trusted --remove-interface=docker0 --permanent` plus a reload takes `docker0` out, and restarting dockerd puts it back into the `docker` zone.',
    pages: [newer],
  },
  { id: 'C22', text: 'ufw does not protect published ports: with ufw enabled and denying by default, an outside source still connects.', pages: [newer] },
  { id: 'C23', text: '`--ip` only changes the default bind address: a port published explicitly on 0.0.0.0 still listens on every address.', pages: [older] },
]);
