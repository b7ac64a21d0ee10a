import { describe, expect, it } from 'vitest';
import { matrixFixtureRun } from '../report/matrix-fixture.ts';
import { fixtureRun } from '../report/run-fixture.ts';
import { parseRunRecord } from './run-schema.ts';

const file = 'results/r1/run.json';

// The fixture run as run.json holds it, to break one field of.
function onDisk(): any {
  return JSON.parse(JSON.stringify(fixtureRun()));
}

function problemOf(value: unknown): string {
  try {
    parseRunRecord(value, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the run record was accepted');
}

describe('parseRunRecord', () => {
  it('accepts the records the harness writes', () => {
    for (const run of [fixtureRun(), matrixFixtureRun()]) {
      expect(parseRunRecord(JSON.parse(JSON.stringify(run)), file)).toEqual(run);
    }
  });

  it('accepts the warnings of a run and of its scenarios', () => {
    const run = fixtureRun();
    const warned = { ...run, warnings: ['cleanup: could not remove x'], scenarios: run.scenarios.map((scenario) => ({ ...scenario, warnings: ['teardown failed: y'] })) };
    expect(parseRunRecord(JSON.parse(JSON.stringify(warned)), file)).toEqual(warned);
  });

  it('accepts the invalid scenario files of a run, each with its problems', () => {
    const run = { ...onDisk(), invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: ['scenarios/x.scenario.yaml:14:7: flows[2].port Too big (got 70000)'] }] };
    expect(parseRunRecord(run, file)).toEqual(run);
    expect(problemOf({ ...run, invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: [] }] })).toContain('invalidFiles[0].problems');
  });

  it('accepts a run that accepts deviations gone, and a check whose command failed', () => {
    const run = onDisk();
    run.acceptDeviationGone = true;
    run.scenarios[1].checks[1] = { ...run.scenarios[1].checks[1], expected: 'fail', observed: 'error', errorCode: 'command-timed-out', outcome: 'error' };
    expect(parseRunRecord(run, file)).toEqual(run);
  });

  it('accepts a flow\'s description and deciding rule, and names a bad family', () => {
    const run = onDisk();
    run.scenarios[0].checks[0].flow = { from: 'allowed', to: 'docker1', port: 8080, proto: 'tcp', family: 'ipv4', address: '192.168.1.10' };
    run.scenarios[0].checks[0].decidedBy = { by: 'trace', table: 'ip filter', chain: 'DOCKER', rule: 'ip daddr 172.17.0.2 tcp dport 80 accept', verdict: 'accept' };
    run.scenarios[0].checks[1].decidedBy = { by: 'rule-hits', rules: [{ family: 'ipv4', table: 'filter', rule: 'FORWARD policy DROP' }] };
    expect(parseRunRecord(run, file)).toEqual(run);
    run.scenarios[0].checks[0].flow.family = 'ipv5';
    expect(problemOf(run)).toContain('scenarios[0].checks[0].flow.family must be one of "ipv4", "ipv6" (got "ipv5")');
  });

  it('refuses a check error without a check error code', () => {
    const run = onDisk();
    run.scenarios[1].checks[1] = { ...run.scenarios[1].checks[1], observed: 'error', errorCode: 'no-arrival', outcome: 'error' };
    expect(problemOf(run)).toContain('scenarios[1].checks[1].errorCode must be one of "command-failed", "command-timed-out", "no-peer-seen" (got "no-arrival")');
  });

  it('names the file, the field, the allowed values and the value found', () => {
    const run = onDisk();
    run.scenarios[1].checks[1].observed = 'maybe';
    expect(problemOf(run)).toBe(`${file}: scenarios[1].checks[1].observed must be one of "pass", "fail", "error" (got "maybe")`);
  });

  it('refuses a flow verdict outside the verdicts, and an unknown kind', () => {
    const run = onDisk();
    run.scenarios[0].checks[0].observed = 'maybe';
    run.scenarios[0].checks[1].kind = 'probe';
    expect(problemOf(run)).toBe(
      [
        `${file}: scenarios[0].checks[0].observed must be one of "connected", "refused", "dropped", "error" (got "maybe")`,
        `${file}: scenarios[0].checks[1].kind must be one of "flow", "check" (got "probe")`,
      ].join('\n'),
    );
  });

  it('needs an error code with an error verdict or a scenario error, and refuses one elsewhere', () => {
    const run = onDisk();
    run.scenarios[0].checks[0].observed = 'error';
    run.scenarios[0].checks[1].errorCode = 'no-arrival';
    delete run.scenarios[2].errorCode;
    const problem = problemOf(run);
    expect(problem).toContain(`${file}: scenarios[0].checks[0].errorCode must be one of "no-probe-attempt", `);
    expect(problem).toContain('(got nothing: the field is missing)');
    expect(problem).toContain(`${file}: scenarios[0].checks[1] has unknown field "errorCode"`);
    expect(problem).toContain(`${file}: scenarios[2].errorCode must be given together with error, and only with it (got nothing: the field is missing)`);
  });

  it('refuses an error code outside the closed list', () => {
    const run = onDisk();
    run.scenarios[2].errorCode = 'gremlins';
    expect(problemOf(run)).toMatch(/^results\/r1\/run\.json: scenarios\[2\]\.errorCode must be one of "no-engine", .* \(got "gremlins"\)$/);
  });

  it('refuses a run.json of another or no schema version', () => {
    const run = onDisk();
    run.schemaVersion = 2;
    expect(problemOf(run)).toBe(`${file}: schemaVersion must be 1 (got 2); this run.json was not written by this version of the harness (run.json schemaVersion 1)`);
    delete run.schemaVersion;
    expect(problemOf(run)).toContain(`${file}: schemaVersion must be 1 (got nothing: the field is missing)`);
  });

  it('says what the whole file is when it is no record at all', () => {
    expect(problemOf([])).toBe(`${file}: the file must be an object (got [])`);
  });
});
