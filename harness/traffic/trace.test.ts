import { describe, expect, it } from 'vitest';
import { describeStep, parseTrace } from './trace.ts';

// As `nft monitor trace` prints it (kernel 6.x, nftables 1.0.6): a `packet:` line in every base chain a
// traced packet enters. A SYN dropped in raw, before conntrack.
const rawDrop = `trace id 66baa930 inet harness trace-in packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp sport 59292 tcp dport 8080 tcp flags == syn
trace id 66baa930 inet harness trace-in rule ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original" (verdict continue)
trace id 66baa930 inet harness trace-in policy accept
trace id 66baa930 ip raw PREROUTING packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp sport 59292 tcp dport 8080 tcp flags == syn
trace id 66baa930 ip raw PREROUTING rule tcp dport 8080 counter packets 0 bytes 0 drop (verdict drop)
`;

// A SYN dropped in DOCKER-USER, then a retransmission under the same (reused) trace id: two packets.
const droppedThenReused = `trace id 5d3a1e0c inet harness trace-in packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == syn
trace id 5d3a1e0c inet harness trace-in rule ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original" (verdict continue)
trace id 5d3a1e0c inet harness trace-in policy accept
trace id 5d3a1e0c inet harness trace-replies packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == syn
trace id 5d3a1e0c inet harness trace-replies policy accept
trace id 5d3a1e0c ip nat PREROUTING packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == syn
trace id 5d3a1e0c ip nat PREROUTING rule fib daddr type local counter packets 1 bytes 60 jump DOCKER (verdict jump DOCKER)
trace id 5d3a1e0c ip nat DOCKER rule iifname != "docker0" tcp dport 8080 counter packets 1 bytes 60 dnat to 172.17.0.2:80 (verdict accept)
trace id 5d3a1e0c ip filter FORWARD packet: iif "eth0" oif "docker0" ip saddr 192.168.1.2 ip daddr 172.17.0.2 tcp dport 80 tcp flags == syn
trace id 5d3a1e0c ip filter FORWARD rule counter packets 1 bytes 60 jump DOCKER-USER (verdict jump DOCKER-USER)
trace id 5d3a1e0c ip filter DOCKER-USER rule iifname "eth0" ip saddr != 192.168.1.1 counter packets 0 bytes 0 drop (verdict drop)
trace id 5d3a1e0c inet harness trace-in packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == syn
trace id 5d3a1e0c inet harness trace-in rule ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original" (verdict continue)
trace id 5d3a1e0c ip filter FORWARD rule oifname "docker0" ct state related,established counter packets 0 bytes 0 accept (verdict accept)
`;

// Accepted and forwarded to a container, whose reply the host lets back out; firewalld's tables too.
const acceptedWithReply = `trace id aa01 inet harness trace-in packet: iif "eth0" ip saddr 192.168.1.50 ip daddr 192.168.1.10 tcp dport 8080
trace id aa01 inet harness trace-in rule ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original" (verdict continue)
trace id aa01 inet harness trace-in policy accept
trace id aa01 inet firewalld nat_PREROUTING policy accept
trace id aa01 ip nat DOCKER rule iifname != "docker0" tcp dport 8080 counter packets 1 bytes 60 dnat to 172.17.0.2:80 (verdict accept)
trace id aa01 ip filter DOCKER rule iifname != "docker0" oifname "docker0" ip daddr 172.17.0.2 tcp dport 80 counter packets 0 bytes 0 accept (verdict accept)
trace id aa01 inet firewalld filter_FORWARD rule ct status dnat accept (verdict accept)
trace id aa01 inet firewalld nat_POSTROUTING policy accept
trace id bb02 inet harness trace-in packet: iif "docker0" ip saddr 172.17.0.2 ip daddr 192.168.1.50 tcp sport 80
trace id bb02 inet harness trace-in policy accept
trace id bb02 inet harness trace-replies packet: iif "docker0" ip saddr 172.17.0.2 ip daddr 192.168.1.50 tcp sport 80
trace id bb02 inet harness trace-replies rule meta l4proto tcp ct direction reply ct original ip daddr 192.168.1.10 ct original proto-dst 8080 meta nftrace set 1 comment "reply" (verdict continue)
trace id bb02 inet harness trace-replies policy accept
trace id bb02 ip filter FORWARD rule oifname "docker0" ct state related,established counter packets 3 bytes 180 accept (verdict accept)
`;

// A host probing its own loopback, refused: the SYN leaves on lo and comes back in, the RST too.
const loopbackRefused = `trace id 3f692a97 inet harness trace-out packet: oif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 42438 tcp dport 8081 tcp flags == syn
trace id 3f692a97 inet harness trace-out rule ip daddr 127.0.0.1 tcp dport 8081 meta nftrace set 1 comment "original" (verdict continue)
trace id 3f692a97 inet harness trace-out policy accept
trace id 56bc2fac inet harness trace-in packet: iif "lo" @ll,0,112 0x800 ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 42438 tcp dport 8081 tcp flags == syn
trace id 56bc2fac inet harness trace-in rule ip daddr 127.0.0.1 tcp dport 8081 meta nftrace set 1 comment "original" (verdict continue)
trace id 56bc2fac inet harness trace-in policy accept
trace id 56bc2fac ip filter INPUT packet: iif "lo" @ll,0,112 0x800 ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 42438 tcp dport 8081 tcp flags == syn
trace id 56bc2fac ip filter INPUT rule iifname "lo" counter packets 0 bytes 0 accept (verdict accept)
trace id 5073c2ea inet harness trace-out packet: oif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 8081 tcp dport 42438 tcp flags == 0x14
trace id 5073c2ea inet harness trace-out rule ip saddr 127.0.0.1 tcp sport 8081 meta nftrace set 1 comment "reply" (verdict continue)
trace id 5073c2ea inet harness trace-out policy accept
trace id 55551247 inet harness trace-replies packet: iif "lo" @ll,0,112 0x800 ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 8081 tcp dport 42438 tcp flags == 0x14
trace id 55551247 inet harness trace-replies rule meta l4proto tcp ct direction reply ct original ip daddr 127.0.0.1 ct original proto-dst 8081 meta nftrace set 1 comment "reply" (verdict continue)
trace id 55551247 ip filter INPUT packet: iif "lo" @ll,0,112 0x800 ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp sport 8081 tcp dport 42438 tcp flags == 0x14
trace id 55551247 ip filter INPUT rule iifname "lo" counter packets 0 bytes 0 accept (verdict accept)
`;

describe('parseTrace', () => {
  it('names a DROP in the raw table, which the trace sees because it starts before raw', () => {
    expect(parseTrace(rawDrop)?.decidedBy).toEqual({ table: 'ip raw', chain: 'PREROUTING', text: 'tcp dport 8080 drop', verdict: 'drop' });
  });

  it('names the DROP that stopped the first packet, without its counter, and ends its path where the next packet begins', () => {
    const trace = parseTrace(droppedThenReused);
    expect(trace?.decidedBy).toEqual({ table: 'ip filter', chain: 'DOCKER-USER', text: 'iifname "eth0" ip saddr != 192.168.1.1 drop', verdict: 'drop' });
    expect(trace?.path.map((step) => step.chain)).toEqual(['PREROUTING', 'DOCKER', 'FORWARD', 'DOCKER-USER']);
    expect(trace?.replies).toBeUndefined();
  });

  it('takes the last accept of a filtering chain, not NAT, and counts the replies the host let through', () => {
    const trace = parseTrace(acceptedWithReply);
    expect(trace?.decidedBy && describeStep(trace.decidedBy)).toBe('inet firewalld filter_FORWARD: ct status dnat accept');
    expect(trace?.path).toHaveLength(5);
    expect(trace?.replies).toEqual({ traced: 1, passed: 1 });
  });

  it('counts a reply dropped on its way back as not passed, and lets that drop decide', () => {
    const dropReply = acceptedWithReply.replace('ct state related,established counter packets 3 bytes 180 accept (verdict accept)', 'drop (verdict drop)');
    const trace = parseTrace(dropReply);
    expect(trace?.replies).toEqual({ traced: 1, passed: 0 });
    expect(trace?.decidedBy?.verdict).toBe('drop');
  });

  it('keeps a packet that leaves on loopback and comes back in as one packet', () => {
    const trace = parseTrace(loopbackRefused);
    expect(trace?.path).toEqual([{ table: 'ip filter', chain: 'INPUT', text: 'iifname "lo" accept', verdict: 'accept' }]);
    expect(trace?.replies).toEqual({ traced: 1, passed: 1 });
  });

  it('names a chain policy when it decided', () => {
    const output = 'trace id 1 inet harness trace-in packet: iif "eth0"\ntrace id 1 inet harness trace-in rule ip daddr 192.168.1.10 meta nftrace set 1 comment "original" (verdict continue)\ntrace id 1 ip filter INPUT policy drop\n';
    expect(parseTrace(output)?.decidedBy).toEqual({ table: 'ip filter', chain: 'INPUT', text: 'policy drop', verdict: 'drop' });
  });

  it('gives nothing for output without a marked packet', () => {
    expect(parseTrace('')).toBeUndefined();
    expect(parseTrace('Error: Could not process rule\n')).toBeUndefined();
    expect(parseTrace('trace id 1 ip filter INPUT policy drop\n')).toBeUndefined();
  });
});

describe('parseTrace and the sentinel', () => {
  it("leaves the harness's sentinel packets out of the flow's path", () => {
    const sentinel = `trace id cc03 inet harness trace-out packet: oif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 udp dport 9
trace id cc03 inet harness trace-out rule ip daddr 127.0.0.1 udp dport 9 meta nftrace set 1 comment "sentinel" (verdict continue)
trace id cc03 inet harness trace-out policy accept
trace id cc03 ip filter OUTPUT rule counter packets 0 bytes 0 drop (verdict drop)
`;
    expect(parseTrace(sentinel + rawDrop + sentinel)).toEqual(parseTrace(rawDrop));
    expect(parseTrace(sentinel)).toBeUndefined();
  });
});
