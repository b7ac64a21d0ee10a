import { describe, expect, it } from 'vitest';
import { checkSchema, type CheckSpec } from '../format/fields.ts';
import type { CheckContext } from '../format/check-context.ts';
import { checkCommandCheck, judge } from './command-check.ts';

function checkOf(input: Record<string, unknown>): CheckSpec {
  return checkSchema.parse({ name: 'c', on: 'docker1', run: 'iptables-save', ...input });
}

const ran = { exitCode: 0, stdout: '-A FORWARD -j DOCKER-USER\n', stderr: '', timedOut: false };

describe('judge', () => {
  it('passes when the output meets every expectation, and fails when it does not', () => {
    expect(judge(checkOf({ expect: { matches: ['DOCKER-USER$'] } }), ran).observation).toEqual({ observed: 'pass' });
    expect(judge(checkOf({ expect: { notMatches: ['DOCKER-USER'] } }), ran)).toEqual({
      observation: { observed: 'fail' },
      detail: '`iptables-save` on docker1: output matches /DOCKER-USER/',
    });
  });

  it('makes a non-zero exit an error when the check states no exitCode, naming the command, the code and stderr', () => {
    const failed = { exitCode: 1, stdout: '', stderr: 'iptables-save: command not found\n', timedOut: false };
    expect(judge(checkOf({ expect: { notMatches: ['DOCKER'] } }), failed)).toEqual({
      observation: { observed: 'error', errorCode: 'command-failed' },
      detail:
        '`iptables-save` on docker1 exited with 1; the check states no exitCode, so it expects 0 (add expect.exitCode if 1 is the answer); stderr: iptables-save: command not found',
    });
  });

  it('judges a non-zero exit the check states like any other result', () => {
    const noZone = { exitCode: 2, stdout: 'no zone\n', stderr: '', timedOut: false };
    expect(judge(checkOf({ expect: { exitCode: 2, matches: ['^no zone$'] } }), noZone).observation).toEqual({ observed: 'pass' });
    expect(judge(checkOf({ expect: { exitCode: 0, matches: ['^no zone$'] } }), noZone).detail).toBe('`iptables-save` on docker1: exit code 2, expected 0');
  });

  it('makes a timeout an error even where the exit code is stated', () => {
    const slow = { exitCode: 124, stdout: '', stderr: 'x'.repeat(500), timedOut: true };
    const { observation, detail } = judge(checkOf({ expect: { exitCode: 124 } }), slow);
    expect(observation).toEqual({ observed: 'error', errorCode: 'command-timed-out' });
    expect(detail).toBe(`\`iptables-save\` on docker1 ran out of time after 120000 ms; stderr: …${'x'.repeat(400)}`);
  });
});

describe('checkCommandCheck', () => {
  function problems(input: Record<string, unknown>): string[] {
    const found: string[] = [];
    const context: CheckContext = {
      machines: new Map([['docker1', { kind: 'host', interfaces: {}, routes: [] }]]),
      owners: new Map(),
      report: (path, message) => found.push(`${path} ${message}`),
      subnets: { v4: new Map(), v6: new Map() },
      subnetSources: new Map(),
      scenarioFolder: process.cwd(),
      networksByHost: new Map(),
      servicesByHost: new Map(),
    };
    checkCommandCheck('checks[0]', checkOf({ expect: { matches: ['x'] }, ...input }), context);
    return found;
  }

  it('accepts failsOn naming suites and versions', () => {
    expect(problems({ failsOn: ['20.10', 'forky', 'vm'] })).toEqual([]);
  });

  it('names a failsOn entry that is no version', () => {
    expect(problems({ failsOn: ['bookwrom', 'default'] })).toEqual([
      'checks[0].failsOn[0] "bookwrom" is not "default", "vm", a Debian suite (buster, bullseye, bookworm, trixie, forky, duke, sid) or a Docker version prefix such as 20.10 or 28',
      'checks[0].failsOn[1] "default" is not a version; list the suites or Docker version prefixes the check fails on',
    ]);
  });

  it('refuses a deviation that observes the fail failsOn already expects', () => {
    const deviations = [{ on: ['20.10.24'], observed: 'fail', reason: 'Docker 20.10 never creates this chain here' }];
    expect(problems({ failsOn: ['20.10'], deviations })).toEqual([
      'checks[0].deviations[0].observed "fail" on 20.10.24 is what failsOn already expects there, so this deviation contradicts it; keep 20.10.24 in one of the two',
    ]);
    expect(problems({ failsOn: ['28'], deviations })).toEqual([]);
  });
});
