import { describe, expect, it } from 'vitest';
import type { FlowResult } from '../results/flow-result.ts';
import { peerAddress, peerMatches, peerObservation } from './flow-peer.ts';

const evidence = (peerSeen?: string) => ({ attempts: [], ...(peerSeen ? { peerSeen } : {}) }) as unknown as FlowResult['evidence'] & object;
const connected = (peerSeen?: string): FlowResult => ({ state: 'connected', durationMs: 3, evidence: evidence(peerSeen) });

describe('a flow\'s peer', () => {
  it('reads the address out of the peer netprobe reports, IPv4 or bracketed IPv6', () => {
    expect(peerAddress('192.168.1.2:40000')).toBe('192.168.1.2');
    expect(peerAddress('[fd00:1::2]:40000')).toBe('fd00:1::2');
  });

  it('matches an address exactly (whatever the IPv6 spelling) or a subnet holding it', () => {
    expect(peerMatches('192.168.1.50', '192.168.1.50:9000')).toBe(true);
    expect(peerMatches('192.168.1.50', '192.168.1.5:9000')).toBe(false);
    expect(peerMatches('172.17.0.0/16', '172.17.0.2:41000')).toBe(true);
    expect(peerMatches('172.17.0.0/16', '192.168.1.10:41000')).toBe(false);
    expect(peerMatches('fd00:1:0::0a', '[fd00:1::a]:80')).toBe(true);
    expect(peerMatches('fd00:1::/64', '[fd00:2::a]:80')).toBe(false);
  });

  it('passes or fails on the peer seen, and is an error when nothing was seen', () => {
    expect(peerObservation('172.17.0.0/16', 'connected', connected('172.17.0.2:4000'))).toEqual({
      observation: { observed: 'pass' },
      detail: 'the destination saw the flow come from 172.17.0.2:4000, expected 172.17.0.0/16',
    });
    expect(peerObservation('172.17.0.0/16', 'connected', connected('192.168.1.10:4000')).observation).toEqual({ observed: 'fail' });
    expect(peerObservation('172.17.0.0/16', 'dropped', { state: 'dropped', durationMs: 400, evidence: evidence() })).toEqual({
      observation: { observed: 'error', errorCode: 'no-peer-seen' },
      detail: 'the flow did not connect (dropped), so nothing was seen',
    });
    expect(peerObservation('172.17.0.0/16', 'connected', connected()).detail).toContain('did not say whom it saw');
  });
});
