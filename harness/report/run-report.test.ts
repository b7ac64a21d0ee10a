import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../results/exit-code.ts';
import { parseRunRecord } from '../results/run-schema.ts';
import { reportFixtureRun } from './run-report-fixture.ts';
import { fixtureRun } from './run-fixture.ts';
import { buildRunReport, countsText, decidingRuleText } from './run-report.ts';

describe('buildRunReport', () => {
  it('counts every flow, check and broken scenario of the whole run, claims or not', () => {
    const report = buildRunReport(reportFixtureRun());
    expect(report.counts).toEqual({ met: 7, 'known-deviation': 1, failed: 1, error: 2, 'not-applicable': 0, 'not-run': 0 });
    expect(report.passed).toBe(false);
    expect(report.checks).toBe(10);
    expect(report.suites.map((suite) => `${suite.suite} ${suite.dockerVersion}: ${countsText(suite.counts)}`)).toEqual([
      'bookworm 20.10.24: 4 met, 1 known deviation, 1 failed, 1 error',
      'forky 28.5.2: 3 met, 0 known deviations, 0 failed, 1 error',
    ]);
  });

  it("names a suite's Docker version once when skipped scenarios read it from the image and run ones from the daemon", () => {
    const run = reportFixtureRun();
    const scenarios = run.scenarios.map((scenario, index) => (index === 0 && scenario.suite === 'bookworm' ? { ...scenario, dockerVersion: '20.10.24+dfsg1' } : scenario));
    expect(buildRunReport({ ...run, scenarios }).suites[0]?.dockerVersion).toBe('20.10.24+dfsg1');
  });

  it('lists the failures and errors first, suite by suite, and passes only when there are none', () => {
    const report = buildRunReport(reportFixtureRun());
    expect(report.differences.map(({ suite, scenario, row }) => `${suite} ${scenario.name}: ${row.name} ${row.outcome}`)).toEqual([
      'bookworm office-policy: guest -> docker1:8080/tcp dropped failed',
      'bookworm office-policy: guest -> docker1:22/tcp dropped error',
      'forky vpn-policy: the scenario could not run to its end error',
    ]);
    const green = reportFixtureRun();
    const passing = { ...green, scenarios: green.scenarios.filter((scenario) => scenario.scenario === 'allow-one-source') };
    expect(buildRunReport(passing).passed).toBe(true);
    expect(exitCodeFor(passing)).toBe(0);
  });

  it('counts a scenario file that could not be run as an error of the run, as the exit code does', () => {
    const green = reportFixtureRun();
    const passing = { ...green, scenarios: green.scenarios.filter((scenario) => scenario.scenario === 'allow-one-source') };
    const withInvalid = { ...passing, invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: ['scenarios/x.scenario.yaml:3:1: name is required'] }] };
    const report = buildRunReport(withInvalid);
    expect(report.counts.error).toBe(1);
    expect(report.passed).toBe(false);
    expect(exitCodeFor(withInvalid)).not.toBe(0);
    expect(report.invalidFiles).toEqual(withInvalid.invalidFiles);
  });

  it('agrees with the exit code on a deviation gone, accepted or not', () => {
    const run = fixtureRun();
    expect(buildRunReport(run).counts.failed).toBe(2);
    const accepted = buildRunReport({ ...run, acceptDeviationGone: true });
    expect(accepted.counts).toEqual({ met: 2, 'known-deviation': 1, failed: 1, error: 1, 'not-applicable': 0, 'not-run': 0 });
    const gone = accepted.suites[1]?.scenarios[0]?.rows[1];
    expect(gone?.outcome).toBe('met');
    expect(gone?.note).toBe('the listed deviation did not occur (accepted): DOCKER-USER missing from ip6tables before Docker 28');
  });

  it('gives each row its flow, deciding rule and evidence, and a broken scenario its folder', () => {
    const report = buildRunReport(reportFixtureRun());
    const rows = report.suites[0]!.scenarios[1]!.rows;
    expect(rows[1]).toMatchObject({
      anchor: 'bookworm-office-policy-2',
      outcome: 'failed',
      expected: 'dropped',
      observed: 'connected',
      flow: { from: 'guest', to: 'docker1', port: 8080, family: 'ipv4' },
      decidedBy: 'ip filter DOCKER: ip daddr 172.17.0.2 iifname != "docker0" oifname "docker0" tcp dport 80 accept (accept)',
      evidence: { path: 'evidence/office-policy-bookworm/02-guest.json', folder: false },
    });
    expect(rows[3]?.note).toBe('listed deviation: Docker 20.10 leaves IPv6 published ports unfiltered');
    expect(report.suites[1]!.scenarios[1]!.rows).toEqual([
      expect.objectContaining({ kind: 'scenario', outcome: 'error', errorCode: 'step-failed', evidence: { path: 'evidence/vpn-policy-forky', folder: true } }),
    ]);
  });

  it('lays a policy scenario\'s flows out as a truth table per suite, and none for a single flow', () => {
    const [bookworm, forky] = buildRunReport(reportFixtureRun()).suites;
    expect(bookworm!.scenarios[0]!.truthTable).toBeUndefined();
    const table = bookworm!.scenarios[1]!.truthTable!;
    expect(table.rows).toEqual(['office', 'guest']);
    expect(table.columns.map((column) => column.label)).toEqual(['docker1:8080/tcp', 'docker1:22/tcp', 'docker1:8080/tcp IPv6']);
    expect(table.cells.map((row) => row.map((cell) => cell.map((entry) => entry.outcome).join(',')))).toEqual([
      ['met', 'met', ''],
      ['failed', 'error', 'known-deviation'],
    ]);
    expect(forky!.scenarios[0]!.truthTable?.cells[1]?.[1]?.[0]?.decidedBy).toBe('filter: -A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP');
  });

  it('uses a fixture run.json would accept', () => {
    const run = reportFixtureRun();
    expect(parseRunRecord(JSON.parse(JSON.stringify(run)), 'run.json')).toEqual(run);
  });
});

describe('decidingRuleText', () => {
  it('quotes a traced rule with its verdict, and counted rules with their table and family', () => {
    expect(decidingRuleText({ by: 'trace', table: 'ip raw', chain: 'PREROUTING', rule: 'ip daddr 172.17.0.2 iifname != "docker0" drop', verdict: 'drop' })).toBe(
      'ip raw PREROUTING: ip daddr 172.17.0.2 iifname != "docker0" drop (drop)',
    );
    expect(
      decidingRuleText({
        by: 'rule-hits',
        rules: [
          { family: 'ipv4', table: 'filter', rule: 'FORWARD policy DROP' },
          { family: 'ipv6', table: 'filter', rule: '-A DOCKER-USER -j DROP' },
        ],
      }),
    ).toBe('filter: FORWARD policy DROP; ip6 filter: -A DOCKER-USER -j DROP');
  });
});
