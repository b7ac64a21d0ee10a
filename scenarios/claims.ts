import { defineClaims, definePages } from '../harness/report/claims-catalogue.ts';

// Every testable statement of Docker's firewall documentation, in two editions:
//   the seed pages, two versions of one page:
//     docker-and-iptables.md         the older page ("Docker and iptables")
//     packet-filtering-firewalls.md  the newer page ("Packet filtering and firewalls")
//   today's pages, docker/docs content/manuals/engine/network/, which split and rewrote that material.
// `pages` lists the pages that state the claim; a claim on one version of a page and not the
// other is docs drift. A seed claim lists today's pages where they state it the same way (read at
// docker/docs 18e570f6 for firewall-iptables.md); where today's pages say it differently, a new claim
// `restates` it. `since` is the first Docker release with the behaviour (from the release
// notes and Debian's binaries); on an older Docker the claim is not applicable.
const older = 'docker-and-iptables.md';
const newer = 'packet-filtering-firewalls.md';
const pff = 'engine/network/packet-filtering-firewalls.md';
const ipt = 'engine/network/firewall-iptables.md';
const nft = 'engine/network/firewall-nftables.md';
const pp = 'engine/network/port-publishing.md';

export const pages = definePages([
  { name: older, title: 'Docker and iptables (seed, older)', edition: 'seed' },
  { name: newer, title: 'Packet filtering and firewalls (seed, newer)', edition: 'seed', previous: older },
  { name: pff, title: 'Packet filtering and firewalls (today)', edition: 'today', previous: newer },
  // The iptables half of the seed page moved here.
  { name: ipt, title: 'Docker with iptables (today)', edition: 'today', previous: newer },
  { name: nft, title: 'Docker with nftables (today)', edition: 'today' },
  { name: pp, title: 'Port publishing and mapping (today)', edition: 'today' },
]);

export default defineClaims([
  { id: 'C01', text: 'Docker creates the chains DOCKER-USER and DOCKER, and FORWARD sends packets through them first.', pages: [older, newer] },
  { id: 'C02', text: 'A rule appended to FORWARD, by hand or by another iptables firewall, does not stop traffic to a published port.', pages: [older, newer, ipt] },
  { id: 'C03', text: "A DROP rule in DOCKER-USER is applied before Docker's own rules and blocks a published port.", pages: [older, newer, ipt] },
  { id: 'C04', text: "Packets reach DOCKER-USER already DNAT'd: rules match the container's IP and port, not the host's.", pages: [newer, ipt] },
  {
    id: 'C05',
    text: 'conntrack `--ctorigsrc` / `--ctorigdstport` match the original source and port, and an `ESTABLISHED,RELATED` accept keeps replies working.',
    pages: [newer],
  },
  { id: 'C06', text: 'By default every outside source address may connect to a published port.', pages: [older, newer, ipt] },
  { id: 'C07', text: '`iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1 to published ports.', pages: [older, newer, ipt] },
  { id: 'C08', text: '`iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.0/24 -j DROP` admits only sources in 192.168.1.0/24.', pages: [older, newer, ipt] },
  { id: 'C09', text: '`-m iprange ! --src-range 192.168.1.1-192.168.1.3` in DOCKER-USER admits exactly that address range.', pages: [older, newer, ipt] },
  {
    id: 'C10',
    text: 'Combining `-s`/`--src-range` with `-d`/`--dst-range` restricts one host address (10.1.2.3) and leaves the other (192.168.1.99) open.',
    pages: [older, newer],
  },
  { id: 'C11', text: 'Docker sets the FORWARD policy to DROP, so a Docker host that is also a router stops forwarding traffic.', pages: [older, newer] },
  { id: 'C12', text: '`iptables -I DOCKER-USER -i src_if -o dst_if -j ACCEPT` lets a Docker host route again.', pages: [older, newer, ipt] },
  {
    id: 'C13',
    text: 'With `"iptables": false` in daemon.json Docker creates no iptables rules, and container networking most likely breaks.',
    pages: [older, newer, ipt],
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
  { id: 'C24', text: 'Docker adds firewall rules for bridge networks only: ipvlan, macvlan and host networking get none.', pages: [pff] },
  {
    id: 'C25',
    text: 'Docker sets the forwarding policy to DROP only if it had to turn IP forwarding on itself, for IPv4 and for IPv6.',
    pages: [pff],
    since: '28.0',
    restates: 'C11',
  },
  { id: 'C26', text: '`ip-forward-no-drop` (in daemon.json or as a dockerd flag) stops Docker from setting the DROP forwarding policy.', pages: [pff], since: '28.0' },
  {
    id: 'C27',
    text: 'With `iptables` / `ip6tables` set to false, containers get no masquerade to reach outside, and every container port is open to hosts on the local network.',
    pages: [pff],
    restates: 'C13',
  },
  { id: 'C28', text: 'When firewalld runs, its zone `docker` has target ACCEPT and contains every bridge interface Docker makes.', pages: [pff], restates: 'C20' },
  { id: 'C29', text: 'When firewalld runs, Docker adds a firewalld policy `docker-forwarding` that allows forwarding from any zone into `docker`.', pages: [pff], since: '27.0' },
  {
    id: 'C30',
    text: 'Up to 27.x the IPv6 FORWARD policy was always set to DROP; from 28.0 only when Docker itself turned IPv6 forwarding on.',
    pages: [pff],
    changedIn: '28.0',
  },
  {
    id: 'C31',
    text: 'Docker\'s filter chains are DOCKER-USER, DOCKER-FORWARD, DOCKER, DOCKER-BRIDGE, DOCKER-CT, DOCKER-INTERNAL and DOCKER-INGRESS, and FORWARD jumps to DOCKER-USER, DOCKER-FORWARD and DOCKER-INGRESS.',
    pages: [ipt],
    since: '28.0',
    restates: 'C01',
  },
  {
    id: 'C32',
    text: 'An `ESTABLISHED,RELATED` accept ahead of the DROP rules in DOCKER-USER keeps the containers\' own outgoing connections (DNS, HTTP) working while the DROPs limit incoming ones.',
    pages: [ipt],
    restates: 'C05',
  },
  {
    id: 'C33',
    text: 'The allow-list examples work for IPv6 as well: `ip6tables -I DOCKER-USER` with `-d` / `--dst-range` restricts one host IPv6 address and leaves another open (where Docker has IPv6 NAT rules).',
    pages: [ipt],
    restates: 'C10',
  },
  { id: 'C34', text: 'Direct routing to a container port that is not published is dropped in the DOCKER chain, and an accept in DOCKER-USER cannot open it again.', pages: [ipt], since: '28.0' },
  { id: 'C35', text: 'Unpublished container ports cannot be reached from outside the host, over IPv4 or IPv6.', pages: [ipt, pp], since: '28.0' },
  {
    id: 'C36',
    text: 'A port published on 127.0.0.1 (or `[::1]`) answers only the Docker host itself; up to 27.x a neighbour on the same L2 segment could reach it (moby#45610).',
    pages: [pp],
    changedIn: '28.0',
  },
  { id: 'C37', text: 'With the userland proxy on (the default) and no host address given, the host\'s IPv6 addresses forward to a container that has only IPv4.', pages: [pp] },
  { id: 'C38', text: 'Remote hosts cannot reach a bridge network\'s container addresses directly, only the ports published on host addresses.', pages: [pp], since: '28.0' },
  { id: 'C39', text: '`"allow-direct-routing": true` lets remote hosts reach every published port of every container at the container\'s own address.', pages: [pp], since: '28.2' },
  {
    id: 'C40',
    text: 'The bridge option `com.docker.network.bridge.trusted_host_interfaces` allows direct routing through the named interfaces, even to a port published only on 127.0.0.1, at the container\'s address.',
    pages: [pp],
    since: '28.2',
  },
  {
    id: 'C41',
    text: 'In gateway mode `nat` (the default), a port published on a loopback address is not reachable from elsewhere; with forwarding on, a port published on one host address is reachable by routing to that address from another interface\'s subnet.',
    pages: [pp],
    since: '27.0',
  },
  { id: 'C42', text: 'In gateway mode `nat-unprotected`, unpublished ports are reachable by direct routing as well: ports are not filtered.', pages: [pp], since: '27.0' },
  {
    id: 'C43',
    text: 'In gateway mode `routed` there is no NAT or masquerade: only published ports are open, the service sees the remote\'s own address, and egress leaves with the container\'s address.',
    pages: [pp],
    since: '27.0',
  },
  { id: 'C44', text: 'In `routed` mode the host address and host port of `-p` are ignored (only the address family counts), and the daemon logs a warning.', pages: [pp], since: '27.0' },
  { id: 'C45', text: 'Gateway mode `isolated` needs an internal network and leaves the bridge without an address.', pages: [pp], since: '28.0' },
  {
    id: 'C46',
    text: 'Across networks: in `nat` and `nat-unprotected` modes, containers of another network reach published ports only through host addresses; in `routed` mode they may route to the container directly.',
    pages: [pp],
    since: '27.0',
  },
  {
    id: 'C47',
    text: 'With per-family gateway modes (`gateway_mode_ipv6=routed`, `gateway_mode_ipv4=nat`), `-p 8080:80` maps IPv6 routed and IPv4 through NAT, and IPv4 port 80 is not reachable directly.',
    pages: [pp],
    since: '27.0',
  },
  {
    id: 'C48',
    text: '`default-network-opts` with `host_binding_ipv4` gives every new user-defined bridge its default bind address; `::` there means IPv6 only, `0.0.0.0` both families.',
    pages: [pp],
    restates: 'C19',
  },
  { id: 'C49', text: '`"firewall-backend": "nftables"` makes Docker create the tables `ip docker-bridges` and `ip6 docker-bridges`, and no DOCKER-USER chain.', pages: [nft], since: '29.0' },
  {
    id: 'C50',
    text: 'Under the nftables backend, a table of the user\'s with a `forward` base chain at `filter` priority and `ip saddr != X drop` limits who reaches published ports.',
    pages: [nft],
    since: '29.0',
  },
  { id: 'C51', text: 'Under the nftables backend, an iptables FORWARD policy of DROP left over still drops what Docker\'s nftables rules accept, until it is ACCEPT.', pages: [nft], since: '29.0' },
  {
    id: 'C52',
    text: 'Under the nftables backend, an accept in the user\'s own chain does not undo Docker\'s drop; `--bridge-accept-fwmark` with a mark set before Docker\'s chains does.',
    pages: [nft],
    since: '29.0',
  },
  {
    id: 'C53',
    text: 'The nftables backend cannot be used in Swarm mode, and when forwarding is needed but off the daemon reports an error when it starts.',
    pages: [nft],
    since: '29.0',
  },
]);
