import { describe, expect, it } from 'vitest';
import { listenPorts } from './services.ts';

describe('listenPorts', () => {
  it('takes the container side of each publish spec, tcp unless stated', () => {
    expect(listenPorts({ publish: ['8080:80', '5353:53/udp'] })).toEqual(['80/tcp', '53/udp']);
  });

  it('understands specs with a host address, IPv6 included, and bare container ports', () => {
    expect(listenPorts({ publish: ['127.0.0.1:8080:80', '[::1]:8443:443/tcp', '9000'] })).toEqual(['80/tcp', '443/tcp', '9000/tcp']);
  });

  it('lists a port once even when it is published twice', () => {
    expect(listenPorts({ publish: ['8080:80', '8081:80', '0.0.0.0:8082:80/tcp', '8083:80/udp'] })).toEqual(['80/tcp', '80/udp']);
  });

  it('prefers explicit listen ports', () => {
    expect(listenPorts({ publish: ['8080:80'], listen: ['9000/tcp', '9001/udp'] })).toEqual(['9000/tcp', '9001/udp']);
  });

  it('falls back to publish specs when listen is empty, and returns nothing when both are', () => {
    expect(listenPorts({ publish: ['8080:80'], listen: [] })).toEqual(['80/tcp']);
    expect(listenPorts({ publish: [] })).toEqual([]);
  });

  it('returns a copy of listen, not the step\'s own array', () => {
    const listen = ['9000/tcp'];
    const ports = listenPorts({ publish: [], listen });
    ports.push('9001/tcp');
    expect(listen).toEqual(['9000/tcp']);
  });
});
