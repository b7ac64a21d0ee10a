import { describe, expect, it } from 'vitest';
import { containerPortsOf, parsePublishSpec } from './publish-spec.ts';

describe('parsePublishSpec', () => {
  it('reads every form docker -p takes', () => {
    expect(parsePublishSpec('80')).toEqual({ containerPorts: { first: 80, last: 80 }, proto: 'tcp' });
    expect(parsePublishSpec('8080:80')).toEqual({ hostPorts: { first: 8080, last: 8080 }, containerPorts: { first: 80, last: 80 }, proto: 'tcp' });
    expect(parsePublishSpec('127.0.0.1:5353:53/udp')).toEqual({ address: '127.0.0.1', hostPorts: { first: 5353, last: 5353 }, containerPorts: { first: 53, last: 53 }, proto: 'udp' });
    expect(parsePublishSpec('[::1]:8443:443')).toEqual({ address: '::1', hostPorts: { first: 8443, last: 8443 }, containerPorts: { first: 443, last: 443 }, proto: 'tcp' });
    expect(parsePublishSpec('127.0.0.1::80')).toEqual({ address: '127.0.0.1', containerPorts: { first: 80, last: 80 }, proto: 'tcp' });
    expect(parsePublishSpec('8000-8002:80-82')).toEqual({ hostPorts: { first: 8000, last: 8002 }, containerPorts: { first: 80, last: 82 }, proto: 'tcp' });
    expect(parsePublishSpec('8000-8010:80')).toMatchObject({ hostPorts: { first: 8000, last: 8010 }, containerPorts: { first: 80, last: 80 } });
  });

  it('names the part that is wrong', () => {
    expect(parsePublishSpec('70000:443')).toEqual({ error: 'host port 70000 is outside 1-65535' });
    expect(parsePublishSpec('8080:0')).toEqual({ error: 'container port 0 is outside 1-65535' });
    expect(parsePublishSpec('8080:80/sctp')).toEqual({ error: 'the protocol after "/" must be tcp or udp' });
    expect(parsePublishSpec('8080:90-80')).toEqual({ error: 'container port range 90-80 ends before it starts' });
    expect(parsePublishSpec('8000-8001:80-82')).toEqual({ error: 'host ports 8000-8001 and container ports 80-82 are ranges of different lengths' });
    expect(parsePublishSpec('::1:8080:80')).toEqual({ error: 'has too many ":" (an IPv6 address goes in brackets: [::1]:8080:80)' });
    expect(parsePublishSpec('[127.0.0.1]:8080:80')).toEqual({ error: '"127.0.0.1" in brackets must be an IPv6 address' });
    expect(parsePublishSpec('localhost:8080:80')).toEqual({ error: '"localhost" must be an IPv4 address (an IPv6 address goes in brackets: [::1]:8080:80)' });
    expect(parsePublishSpec('8080:http')).toEqual({ error: 'container port "http" must be a number or a range such as 8000-8010' });
    expect(parsePublishSpec(':80')).toEqual({ error: 'host port "" must be a number or a range such as 8000-8010' });
    expect(parsePublishSpec('8000:1-200')).toMatchObject({ error: expect.stringContaining('spans more than 100 ports') });
  });
});

describe('containerPortsOf', () => {
  it('lists each port of the container side with its protocol', () => {
    const spec = parsePublishSpec('8000-8002:80-82/udp');
    if ('error' in spec) throw new Error(spec.error);
    expect(containerPortsOf(spec)).toEqual(['80/udp', '81/udp', '82/udp']);
  });
});
