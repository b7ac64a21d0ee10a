import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import { reportFixtureRun } from './run-report-fixture.ts';

// The claims matrix's "nothing failed" and "no errors" lines speak for the whole run: a run whose
// claim scenarios all held but whose own policy scenarios failed must not read as clean.
describe('the claims matrix headline', () => {
  it('does not say that no check failed or errored when scenarios without claims did', () => {
    const run = reportFixtureRun();
    const matrix = buildMatrix(run, []);
    expect(matrix.claims.flatMap((claim) => claim.cells.map((cell) => cell.state))).toEqual(['held', 'not-run', 'held', 'not-run']);
    const markdown = matrixMarkdown(matrix, run);
    expect(markdown).not.toContain('No check failed.');
    expect(markdown).toContain('No check of a claim observed other than documented, but the run has 1 failed: see report.md.');
    expect(markdown).toContain("None in the claims' cells, but the run has 2 errors: see report.md.");
    const html = matrixHtml(matrix, run);
    expect(html).not.toContain('No check failed.');
    expect(html).toContain('<p>None in the claims&#39; cells, but the run has 2 errors: see report.html.</p>');
  });

  it('says so when the whole run is clean', () => {
    const run = reportFixtureRun();
    const clean = { ...run, scenarios: [run.scenarios[0]!] };
    const markdown = matrixMarkdown(buildMatrix(clean, []), clean);
    expect(markdown).toContain('No check failed.');
    expect(markdown).toContain('None: the harness decided every claim it ran.');
  });
});
