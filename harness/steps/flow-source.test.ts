import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../format/check-context.ts';
import { flowSchema } from '../format/fields.ts';
import { checkFlow } from './flow.ts';
import { describeSource, flowObservers, sourceMachineName } from './flow-source.ts';

function problems(input: Record<string, unknown>): string[] {
  const found: string[] = [];
  const context: CheckContext = {
    machines: new Map([
      ['docker1', { kind: 'host', interfaces: {}, routes: [] }],
      ['outsider', { kind: 'source', interfaces: {}, routes: [] }],
    ]),
    owners: new Map([['192.168.1.50', 'outsider']]),
    report: (path, message) => found.push(`${path} ${message}`),
    subnets: { v4: new Map(), v6: new Map() },
    subnetSources: new Map(),
    scenarioFolder: process.cwd(),
    networksByHost: new Map([['docker1', new Set(['backend'])]]),
    servicesByHost: new Map([['docker1', new Map<string, readonly string[]>([['web', ['bridge']], ['db', ['backend']]])]]),
  };
  checkFlow('flows[0]', flowSchema.parse({ to: 'outsider', port: 9000, expect: 'connected', ...input }), context);
  return found;
}

describe('a flow from a container', () => {
  it('starts in a service an earlier step started on that Docker host, on the network it joined', () => {
    expect(problems({ from: { container: 'web', on: 'docker1' } })).toEqual([]);
    expect(problems({ from: { container: 'web', on: 'docker1', network: 'bridge' } })).toEqual([]);
    expect(problems({ from: { container: 'db', on: 'docker1', network: 'backend' }, to: '192.168.1.50' })).toEqual([]);
  });

  it('names the services started on the host when the container is not one of them', () => {
    expect(problems({ from: { container: 'api', on: 'docker1' } })).toEqual([
      'flows[0].from.container "api" is not a service started by an earlier service step on "docker1" (started there: web, db)',
    ]);
  });

  it('runs only on a Docker host', () => {
    expect(problems({ from: { container: 'web', on: 'outsider' } })).toEqual([
      'flows[0].from.on "outsider" is not one of the scenario\'s hosts (docker1)',
      'flows[0].from.container "web" is not a service started by an earlier service step on "outsider" (started there: none)',
    ]);
  });

  it('names the network the container joined when another is given', () => {
    expect(problems({ from: { container: 'db', on: 'docker1', network: 'bridge' } })).toEqual(['flows[0].from.network "bridge" is not a network "db" joined on "docker1" (backend)']);
  });

  it('refuses a loopback destination, which is the container\'s own', () => {
    expect(problems({ from: { container: 'web', on: 'docker1' }, to: '127.0.0.1' })).toEqual([
      'flows[0].to 127.0.0.1 from a container is the container\'s own loopback, which says nothing of any firewall; name the host "docker1" to reach the host',
    ]);
  });

  it('refuses an endpoint with a field the design does not have', () => {
    expect(flowSchema.safeParse({ from: { container: 'web', on: 'docker1', host: 'x' }, to: 'outsider', port: 9000, expect: 'connected' }).success).toBe(false);
  });

  it('is named after the container and its host; its addresses are the host\'s', () => {
    expect(describeSource({ container: 'web', on: 'docker1' })).toBe('web on docker1');
    expect(describeSource('outsider')).toBe('outsider');
    expect(sourceMachineName({ container: 'web', on: 'docker1' })).toBe('docker1');
    expect(sourceMachineName('outsider')).toBe('outsider');
  });
});

describe('the hosts that observe a flow', () => {
  const hosts = ['docker1', 'docker2'];

  it('are the destination host, or every host, for a machine\'s flow, each counting arrivals', () => {
    expect(flowObservers(undefined, 'docker2', hosts)).toEqual({ observers: ['docker2'] });
    expect(flowObservers(undefined, undefined, hosts)).toEqual({ observers: ['docker1', 'docker2'] });
  });

  it('add a container\'s own host, which counts arrivals only as the destination', () => {
    expect(flowObservers('docker1', 'docker2', hosts)).toEqual({ observers: ['docker2', 'docker1'], arrivalsAt: ['docker2'] });
    expect(flowObservers('docker1', 'docker1', hosts)).toEqual({ observers: ['docker1'], arrivalsAt: ['docker1'] });
    expect(flowObservers('docker1', undefined, hosts)).toEqual({ observers: ['docker1'], arrivalsAt: [] });
  });
});
