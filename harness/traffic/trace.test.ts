import { describe, expect, it } from 'vitest';
import { describeStep, parseTrace } from './trace.ts';

// Shaped like `nft monitor trace` on a bookworm host: a dropped SYN, then a later packet whose trace
// id the kernel reused (it must not be merged into the first packet's path).
const droppedThenReused = `trace id 5d3a1e0c inet harness arrivals packet: iif "eth0" ether saddr 02:42:c0:a8:01:02 ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == syn
trace id 5d3a1e0c inet harness arrivals rule ip daddr 192.168.1.10 tcp dport 8080 counter packets 1 bytes 60 meta nftrace set 1 (verdict continue)
trace id 5d3a1e0c inet harness arrivals verdict continue
trace id 5d3a1e0c inet harness arrivals policy accept
trace id 5d3a1e0c ip nat PREROUTING rule fib daddr type local counter packets 1 bytes 60 jump DOCKER (verdict jump DOCKER)
trace id 5d3a1e0c ip nat DOCKER rule iifname != "docker0" tcp dport 8080 counter packets 1 bytes 60 dnat to 172.17.0.2:80 (verdict accept)
trace id 5d3a1e0c ip filter FORWARD rule counter packets 1 bytes 60 jump DOCKER-USER (verdict jump DOCKER-USER)
trace id 5d3a1e0c ip filter DOCKER-USER rule iifname "eth0" ip saddr != 192.168.1.1 counter packets 0 bytes 0 drop (verdict drop)
trace id 5d3a1e0c inet harness arrivals packet: iif "eth0" ip saddr 192.168.1.2 ip daddr 192.168.1.10 tcp dport 8080 tcp flags == ack
trace id 5d3a1e0c ip filter FORWARD rule oifname "docker0" ct state related,established counter packets 0 bytes 0 accept (verdict accept)
`;

const accepted = `trace id aa01 inet harness arrivals packet: iif "eth0" ip saddr 192.168.1.50 ip daddr 192.168.1.10 tcp dport 8080
trace id aa01 inet harness arrivals rule ip daddr 192.168.1.10 tcp dport 8080 counter packets 1 bytes 60 meta nftrace set 1 (verdict continue)
trace id aa01 inet harness arrivals policy accept
trace id aa01 inet firewalld nat_PREROUTING policy accept
trace id aa01 ip nat DOCKER rule iifname != "docker0" tcp dport 8080 counter packets 1 bytes 60 dnat to 172.17.0.2:80 (verdict accept)
trace id aa01 ip filter DOCKER rule iifname != "docker0" oifname "docker0" ip daddr 172.17.0.2 tcp dport 80 counter packets 0 bytes 0 accept (verdict accept)
trace id aa01 inet firewalld filter_FORWARD rule ct status dnat accept (verdict accept)
trace id aa01 inet firewalld nat_POSTROUTING policy accept
`;

describe('parseTrace', () => {
  it('names the DROP that stopped the first packet, and ends its path where the next packet begins', () => {
    const trace = parseTrace(droppedThenReused);
    expect(trace?.decidedBy).toEqual({ table: 'ip filter', chain: 'DOCKER-USER', text: 'iifname "eth0" ip saddr != 192.168.1.1 counter packets 0 bytes 0 drop', verdict: 'drop' });
    expect(trace?.path.map((step) => step.chain)).toEqual(['arrivals', 'arrivals', 'arrivals', 'PREROUTING', 'DOCKER', 'FORWARD', 'DOCKER-USER']);
  });

  it('takes the last accept of a filtering chain, not NAT or the harness counter', () => {
    const trace = parseTrace(accepted);
    expect(trace?.decidedBy && describeStep(trace.decidedBy)).toBe('inet firewalld filter_FORWARD: ct status dnat accept');
  });

  it('names a chain policy when it decided', () => {
    const trace = parseTrace('trace id 1 inet harness arrivals packet: iif "eth0"\ntrace id 1 ip filter INPUT policy drop\n');
    expect(trace?.decidedBy).toEqual({ table: 'ip filter', chain: 'INPUT', text: 'policy drop', verdict: 'drop' });
  });

  it('gives nothing for output without traces', () => {
    expect(parseTrace('')).toBeUndefined();
    expect(parseTrace('Error: Could not process rule\n')).toBeUndefined();
  });
});
