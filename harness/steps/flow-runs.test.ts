import { describe, expect, it } from 'vitest';
import { flowSchema, type FlowSpec } from '../format/fields.ts';
import { flowName } from './flow.ts';
import { flowRuns } from './flow-runs.ts';

const flow = (input: Record<string, unknown>): FlowSpec => flowSchema.parse({ from: 'office', to: 'docker1', port: 8080, expect: 'connected', ...input });
const admins = { subnet: '10.50.0.0/24', samples: ['10.50.0.10', '10.50.0.200'], behind: { network: 'lan', router: '192.168.1.254' } };
const deviation = { on: ['bookworm'], observed: 'connected' as const, reason: 'IPv6 is not filtered on this version' };

describe('flowRuns', () => {
  it('runs a one-family flow once, under the flow\'s own name', () => {
    const [run, ...rest] = flowRuns(flow({ family: 'ipv6', name: 'admin ui' }), {});
    expect(rest).toEqual([]);
    expect(run).toMatchObject({ family: 'ipv6', suffix: '' });
    expect(flowName(flow({ name: 'admin ui' }), 'connected', run)).toBe('admin ui');
  });

  it('runs a dual-stack flow on each family, each named for it, with the per-family override on its family only', () => {
    const spec = flow({ family: 'both', name: 'admin ui from office', expect: 'dropped', perFamily: { ipv6: { deviations: [deviation] } } });
    const runs = flowRuns(spec, {});
    expect(runs.map((run) => [run.family, run.expect, run.deviations.length])).toEqual([
      ['ipv4', 'dropped', 0],
      ['ipv6', 'dropped', 1],
    ]);
    expect(runs.map((run) => flowName(spec, 'dropped', run))).toEqual(['admin ui from office [IPv4]', 'admin ui from office [IPv6]']);
  });

  it('replaces the expectation on one family and keeps the flow\'s on the other', () => {
    const runs = flowRuns(flow({ family: 'both', expect: 'connected', perFamily: { ipv4: { expect: { default: 'dropped', '28': 'connected' } } } }), {});
    expect(runs.map((run) => run.expect)).toEqual([{ default: 'dropped', '28': 'connected' }, 'connected']);
  });

  it('runs a flow from a subnet source from every sample, each named for its sample', () => {
    const spec = flow({ from: 'admins' });
    const runs = flowRuns(spec, { admins });
    expect(runs.map((run) => run.sample)).toEqual([
      { machine: 'admins-1', address: '10.50.0.10' },
      { machine: 'admins-2', address: '10.50.0.200' },
    ]);
    expect(runs.map((run) => flowName(spec, 'connected', run))).toEqual([
      'admins -> docker1:8080/tcp connected [from 10.50.0.10]',
      'admins -> docker1:8080/tcp connected [from 10.50.0.200]',
    ]);
  });
});
