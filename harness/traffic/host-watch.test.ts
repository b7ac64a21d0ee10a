import { describe, expect, it } from 'vitest';
import { addedHandles, arrivalsCount, beginScript, dropWaitScript, endScript, sections, watchRules } from './host-watch.ts';

const files = { trace: '/tmp/harness-trace-1.txt', pid: '/tmp/harness-trace-1.pid' };
const flow = { address: '192.168.1.10', port: 8080, proto: 'tcp' } as const;

describe('watchRules', () => {
  it("counts arrivals first, marks the flow's packets before raw and its replies after conntrack, and marks a sentinel", () => {
    expect(watchRules(flow, true)).toEqual([
      'add table inet harness',
      'add chain inet harness arrivals { type filter hook prerouting priority -500; policy accept; }',
      'add chain inet harness trace-in { type filter hook prerouting priority -350; policy accept; }',
      'add chain inet harness trace-replies { type filter hook prerouting priority -190; policy accept; }',
      'add chain inet harness trace-out { type filter hook output priority -350; policy accept; }',
      'add rule inet harness arrivals ip daddr 192.168.1.10 tcp dport 8080 counter',
      'add rule inet harness trace-in ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original"',
      'add rule inet harness trace-replies meta l4proto tcp ct direction reply ct original ip daddr 192.168.1.10 ct original proto-dst 8080 meta nftrace set 1 comment "reply"',
      'add rule inet harness trace-out ip daddr 192.168.1.10 tcp dport 8080 meta nftrace set 1 comment "original"',
      'add rule inet harness trace-out ip saddr 192.168.1.10 tcp sport 8080 meta nftrace set 1 comment "reply"',
      'add rule inet harness trace-out ip daddr 127.0.0.1 udp dport 9 meta nftrace set 1 comment "sentinel"',
    ]);
  });

  it('uses ip6 matches for an IPv6 destination, and leaves the counter out where arrivals are not evidence', () => {
    const rules = watchRules({ address: 'fd00:1::10', port: 53, proto: 'udp' }, false);
    expect(rules).toContain('add rule inet harness trace-in ip6 daddr fd00:1::10 udp dport 53 meta nftrace set 1 comment "original"');
    expect(rules.some((rule) => rule.includes('arrivals ip'))).toBe(false);
  });
});

describe('the scripts', () => {
  it('reads the counters after the probe before sending the last sentinel, so it never counts in them', () => {
    const script = endScript(flow, [{ chain: 'trace-in', handle: '6' }], files, 100);
    expect(script.indexOf('iptables-save -c')).toBeLessThan(script.indexOf('sentinel 100'));
    expect(script).toContain('delete rule inet harness trace-in handle 6');
  });

  it('reads the counters before the probe after the first sentinel, and ip6tables for IPv6', () => {
    const script = beginScript({ ...flow, address: 'fd00::1' }, true, files, 300);
    expect(script.indexOf('sentinel 300')).toBeLessThan(script.indexOf('ip6tables-save -c'));
  });
});

describe('output parsing', () => {
  it('cuts a command\'s output at its section lines', () => {
    const parts = sections('### harness rules\nadd rule x # handle 3\n### harness listening\n### harness before\n*filter\n:INPUT ACCEPT [0:0]\n');
    expect([...parts.keys()]).toEqual(['rules', 'listening', 'before']);
    expect(parts.get('before')).toBe('*filter\n:INPUT ACCEPT [0:0]\n');
  });

  it('finds the handles nft echoed and the arrivals counter of one rule', () => {
    const echoed = 'add chain inet harness arrivals { type filter hook prerouting priority -500; policy accept; } # handle 1\nadd rule inet harness arrivals ip daddr 1.2.3.4 tcp dport 80 counter packets 0 bytes 0 # handle 3\nadd rule inet harness trace-out ip daddr 1.2.3.4 tcp dport 80 meta nftrace set 1 comment "original" # handle 4\n';
    expect(addedHandles(echoed)).toEqual([
      { chain: 'arrivals', handle: '3' },
      { chain: 'trace-out', handle: '4' },
    ]);
    const listing = 'table inet harness {\n\tchain arrivals { # handle 1\n\t\tip daddr 1.2.3.4 tcp dport 80 counter packets 2 bytes 120 # handle 3\n\t\tip daddr 1.2.3.9 tcp dport 80 counter packets 7 bytes 0 # handle 13\n\t}\n}';
    expect(arrivalsCount(listing, '3')).toBe(2);
    expect(arrivalsCount(listing, '13')).toBe(7);
    expect(arrivalsCount(listing, '4')).toBeUndefined();
  });
});

describe('dropWaitScript', () => {
  it('waits for more drop lines than already seen, and stops once the trace is gone', () => {
    const script = dropWaitScript(files, 2, 400);
    expect(script).toContain(`netprobe await ${files.trace} 2 400 'verdict drop' 'policy drop'`);
    expect(script).toContain(`cat ${files.trace}`);
  });
});
