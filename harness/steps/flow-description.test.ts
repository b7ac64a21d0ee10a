import { describe, expect, it } from 'vitest';
import { flowSchema } from '../format/fields.ts';
import { flowDescription, flowEndpointsText } from './flow-description.ts';
import { flowName } from './flow.ts';

describe('flowDescription', () => {
  it('states a machine-to-machine flow as written, with its family', () => {
    const flow = flowSchema.parse({ from: 'outsider', to: 'docker1', port: 8080, family: 'ipv6', expect: 'dropped' });
    expect(flowDescription(flow)).toEqual({ from: 'outsider', to: 'docker1', port: 8080, proto: 'tcp', family: 'ipv6' });
  });

  it('describes one run of a flow: its family, and the sample of a subnet source it starts from', () => {
    const flow = flowSchema.parse({ from: 'admins', to: 'docker1', port: 8443, family: 'both', expect: 'connected' });
    expect(flowDescription(flow, { family: 'ipv6' })).toMatchObject({ from: 'admins', family: 'ipv6' });
    expect(flowDescription(flow, { family: 'ipv4', sample: { machine: 'admins-1', address: '10.50.0.10' } as never })).toMatchObject({ from: 'admins 10.50.0.10', family: 'ipv4' });
  });

  it('names containers and via the way the flow names are made', () => {
    const flow = flowSchema.parse({ from: { container: 'web', on: 'docker1' }, to: { container: 'db', on: 'docker1', network: 'back' }, port: 53, proto: 'udp', expect: 'connected' });
    expect(flowDescription(flow)).toEqual({ from: 'web on docker1', to: 'db@docker1/back', port: 53, proto: 'udp', family: 'ipv4' });
    const via = flowSchema.parse({ from: 'neighbour', to: '127.0.0.1', via: 'docker1', port: 8080, expect: 'dropped' });
    expect(flowEndpointsText(flowDescription(via))).toBe('neighbour -> 127.0.0.1:8080/tcp via docker1');
    expect(flowName(via, 'dropped')).toBe('neighbour -> 127.0.0.1:8080/tcp via docker1 dropped');
  });
});
