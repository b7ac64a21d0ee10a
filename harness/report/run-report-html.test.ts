import { describe, expect, it } from 'vitest';
import { reportFixtureRun } from './run-report-fixture.ts';
import { buildRunReport } from './run-report.ts';
import { runReportHtml } from './run-report-html.ts';

const html = () => runReportHtml(buildRunReport(reportFixtureRun()));

describe('runReportHtml', () => {
  it('is one self-contained page: no scripts, nothing fetched', () => {
    const page = html();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(page.match(/href="(?!#|evidence\/)/g)).toBeNull();
  });

  it('heads with the true totals and links each difference to its highlighted row', () => {
    const page = html();
    expect(page).toContain('<p class="headline failed"><b>✘ The run failed: 1 failed, 2 errors.</b> 7 met, 1 known deviation, 1 failed, 2 errors; 10 flows and checks');
    expect(page.indexOf('id="differences"')).toBeLessThan(page.indexOf('id="suite-bookworm"'));
    expect(page).toContain('<a href="#bookworm-office-policy-2"><b>guest -&gt; docker1:8080/tcp dropped</b></a>');
    expect(page).toContain('<tr id="bookworm-office-policy-2" class="failed"><td>✘ failed</td>');
    expect(page).toContain('<tr id="forky-vpn-policy-error" class="error">');
  });

  it('colours each truth-table cell by its outcome and names what was expected where it differs', () => {
    const page = html();
    expect(page).toContain('<td class="failed"><div><a href="#bookworm-office-policy-2" title="guest -&gt; docker1:8080/tcp dropped">✘ connected</a> <span class="muted">(expected dropped)</span></div></td>');
    expect(page).toContain('<td class="empty"></td>');
    expect(page).toContain('<th>docker1:8080/tcp IPv6<div class="muted">fd00::10</div></th>');
  });

  it('escapes what records hold', () => {
    const run = reportFixtureRun();
    const broken = { ...run, scenarios: [{ ...run.scenarios[3]!, skipped: undefined, error: '<img src=x onerror=alert(1)>', errorCode: 'step-failed' as const }] };
    const page = runReportHtml(buildRunReport(broken));
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
