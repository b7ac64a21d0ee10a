import { describe, expect, it } from 'vitest';
import { runRecordVersion, type RunRecord } from '../results/records.ts';
import { reportFixtureRun } from './run-report-fixture.ts';
import { buildRunReport } from './run-report.ts';
import { runReportMarkdown } from './run-report-markdown.ts';

const markdown = () => runReportMarkdown(buildRunReport(reportFixtureRun()));

describe('runReportMarkdown', () => {
  it('opens with the whole run\'s totals and lists the differences before anything else', () => {
    const text = markdown();
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# Run report: 2026-01-02T03-04-05Z-r3p0rt',
      '',
      '**✘ The run failed: 1 failed, 2 errors.** 7 met, 1 known deviation, 1 failed, 2 errors; 10 flows and checks of 4 scenario runs on bookworm (Docker 20.10.24), forky (Docker 28.5.2).',
    ]);
    const differences = text.slice(text.indexOf('## Differences'), text.indexOf('## bookworm'));
    expect(differences).toContain(
      '- ✘ **failed** bookworm · office-policy · **guest -> docker1:8080/tcp dropped**: expected dropped, observed **connected**; decided by `ip filter DOCKER: ip daddr 172.17.0.2 iifname != "docker0" oifname "docker0" tcp dport 80 accept (accept)` ([evidence](evidence/office-policy-bookworm/02-guest.json))',
    );
    expect(differences).toContain('- ! **error** forky · vpn-policy · **the scenario could not run to its end**: expected runs, observed **error (step-failed)** ([evidence](evidence/vpn-policy-forky/))');
    expect(differences.match(/^- /gm)).toHaveLength(3);
  });

  it('lists every scenario per suite with its counts, and every flow and check with its deciding rule', () => {
    const text = markdown();
    expect(text).toContain('## forky (Docker 28.5.2): 3 met, 0 known deviations, 0 failed, 1 error');
    expect(text).toContain('| ✘ | office-policy | none | 3 | 1 | **1** | **1** |');
    expect(text).toContain(
      '| ✔ met | guest -> docker1:8080/tcp IPv6 dropped | guest -> docker1:8080/tcp IPv6 | dropped | dropped | `filter: -A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP` | [evidence](evidence/office-policy-forky/03-guest.json) |',
    );
    expect(text).toContain('| ✔ met | DOCKER-USER lists the office rule |  | pass | pass |  | [evidence](evidence/office-policy-bookworm/06-check.json) |');
    expect(text).toContain('— *listed deviation: Docker 20.10 leaves IPv6 published ports unfiltered*');
  });

  it('draws each policy scenario\'s truth table per suite, differences in bold with what was expected', () => {
    const text = markdown();
    expect(text).toContain(
      [
        '| from \\ to | docker1:8080/tcp | docker1:22/tcp | docker1:8080/tcp IPv6 |',
        '|---|---|---|---|',
        '| office | [✔ connected](evidence/office-policy-bookworm/01-office.json) | [✔ refused](evidence/office-policy-bookworm/03-office.json) |  |',
        '| guest | [**✘ connected**](evidence/office-policy-bookworm/02-guest.json) (expected dropped) | [**! no-arrival**](evidence/office-policy-bookworm/05-guest.json) (expected dropped) | [≈ connected](evidence/office-policy-bookworm/04-guest.json) (expected dropped) |',
      ].join('\n'),
    );
    expect(text.match(/^\| from \\ to /gm)).toHaveLength(2);
  });

  it('says so plainly when every expectation was met, and escapes what records hold', () => {
    const green: RunRecord = { schemaVersion: runRecordVersion, runId: 'r', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, scenarios: [reportFixtureRun().scenarios[0]!] };
    const text = runReportMarkdown(buildRunReport(green));
    expect(text).toContain('**✔ The run met every expectation.** 1 met, 0 known deviations, 0 failed, 0 errors; 1 flows and checks of 1 scenario run on bookworm (Docker 20.10.24).');
    expect(text).toContain('None: every flow and check met its expectation or a known deviation.');
    const hostile = reportFixtureRun();
    const scenario = hostile.scenarios[3]!;
    const broken = { ...hostile, scenarios: [{ ...scenario, skipped: undefined, error: 'bad | <script>x</script>', errorCode: 'step-failed' as const }] };
    const escaped = runReportMarkdown(buildRunReport(broken));
    expect(escaped).not.toContain('<script>');
    expect(escaped).toContain('bad \\| &lt;script>x&lt;/script>');
  });
});
