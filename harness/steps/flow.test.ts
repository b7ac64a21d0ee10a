import { describe, expect, it } from 'vitest';
import { flowSchema } from '../format/fields.ts';
import type { CheckContext } from '../format/check-context.ts';
import { checkFlow } from './flow.ts';

function problems(input: Record<string, unknown>): string[] {
  const found: string[] = [];
  const context: CheckContext = {
    machines: new Map([
      ['docker1', { kind: 'host', interfaces: {}, routes: [] }],
      ['outsider', { kind: 'source', interfaces: {}, routes: [] }],
    ]),
    owners: new Map(),
    report: (path, message) => found.push(`${path} ${message}`),
    subnets: { v4: new Map(), v6: new Map() },
    subnetSources: new Map(),
    scenarioFolder: process.cwd(),
    networksByHost: new Map(),
    servicesByHost: new Map(),
  };
  checkFlow('flows[0]', flowSchema.parse({ from: 'outsider', to: 'docker1', port: 8080, ...input }), context);
  return found;
}

describe('a flow\'s per-version expect', () => {
  it('is accepted with default, suites, version prefixes and vm', () => {
    expect(problems({ expect: { default: 'dropped', '28': 'connected', '28.5': 'refused', forky: 'connected', vm: 'error' } })).toEqual([]);
  });

  it('needs a default and verdicts, reported at the key', () => {
    const parsed = flowSchema.safeParse({ from: 'outsider', to: 'docker1', port: 8080, expect: { '28': 'blocked' } });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'expect.default: Invalid option: expected one of "connected"|"refused"|"dropped"|"error"',
      'expect.28: Invalid option: expected one of "connected"|"refused"|"dropped"|"error"',
    ]);
  });

  it('is checked on a per-family override too, at the override\'s path', () => {
    expect(problems({ family: 'both', expect: 'dropped', perFamily: { ipv6: { expect: { default: 'connected', bookwrom: 'dropped' } } } })).toContain(
      'flows[0].perFamily.ipv6.expect.bookwrom "bookwrom" is not "default", "vm", a Debian suite (buster, bullseye, bookworm, trixie, forky, duke, sid) or a Docker version prefix such as 20.10 or 28; the most specific key that matches a run wins, then "default"',
    );
  });

  it('names an unknown key and its value', () => {
    expect(problems({ expect: { default: 'dropped', bookwrom: 'connected' } })).toEqual([
      'flows[0].expect.bookwrom "bookwrom" is not "default", "vm", a Debian suite (buster, bullseye, bookworm, trixie, forky, duke, sid) or a Docker version prefix such as 20.10 or 28; the most specific key that matches a run wins, then "default"',
    ]);
  });

  it('refuses a deviation that observes what the flow expects on that version', () => {
    const deviations = [{ on: ['28.5'], observed: 'connected', reason: 'Docker 28.5 accepts it before DOCKER-USER' }];
    expect(problems({ expect: { default: 'dropped', '28': 'connected' }, deviations })).toEqual([
      'flows[0].deviations[0].observed "connected" on 28.5 is what expect.28 already expects there, so this deviation contradicts the expectation; a deviation names a verdict other than the expected one',
    ]);
    expect(problems({ expect: { default: 'dropped', '28': 'connected' }, deviations: [{ ...deviations[0], on: ['20.10'] }] })).toEqual([]);
  });

  it('refuses a deviation over a version prefix whose narrower key expects the deviation\'s verdict', () => {
    const deviations = [{ on: ['28'], observed: 'connected', reason: 'Docker 28 accepts it before DOCKER-USER' }];
    expect(problems({ expect: { default: 'dropped', '28.5': 'connected' }, deviations })).toHaveLength(1);
  });

  it('keeps the one-verdict form\'s message', () => {
    const deviations = [{ on: ['20.10'], observed: 'dropped', reason: 'Docker 20.10 drops it as documented' }];
    expect(problems({ expect: 'dropped', deviations })).toEqual([
      'flows[0].deviations[0].observed "dropped" cannot be a flow\'s deviation from "dropped"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)',
    ]);
  });
});
