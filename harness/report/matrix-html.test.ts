import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.ts';
import { matrixFixtureCatalogue, matrixFixturePages, matrixFixtureRun } from './matrix-fixture.ts';
import { escapeHtml, matrixHtml } from './matrix-html.ts';
import { skippedFixtureRun } from './skipped-fixture.ts';

function fixtureHtml(): string {
  const run = matrixFixtureRun();
  return matrixHtml(buildMatrix(run, matrixFixtureCatalogue(), matrixFixturePages()), run);
}

// The <td> elements of one table row, by claim id.
function rowCells(html: string, claim: string): string[] {
  const row = new RegExp(`<tr id="${claim}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<td class="([^"]+)">([\s\S]*?)<\/td>/g)].map((match) => `${match[1]}|${match[2]}`);
}

describe('matrixHtml', () => {
  it('is one self-contained page: inline CSS, no scripts, no external resources', () => {
    const html = fixtureHtml();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\//i);
    expect(html).toContain('<title>Docker firewall claims: run 2025-06-07T08-09-10Z-f00d42</title>');
  });

  it('escapes markup from the records', () => {
    const html = fixtureHtml();
    expect(html).toContain('connected &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Docker creates a firewalld zone &quot;docker&quot;.');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('colours each cell by state and opens a <details> with its checks', () => {
    const html = fixtureHtml();
    const c03 = rowCells(html, 'C03');
    expect(c03.map((cell) => cell.split('|')[0])).toEqual(['pages', 'pages', 'failed', 'held']);
    const failed = c03[2] ?? '';
    expect(failed).toMatch(/^failed\|<details><summary>✘ failed<\/summary>/);
    expect(failed.match(/<li class=/g)).toHaveLength(2);
    expect(failed).toContain('<b>other to published 8080 dropped</b> (fail)<div>expected <code>dropped</code>, observed <code>connected</code></div>');
    expect(failed).toContain('<a href="evidence/allow-one-source-bookworm/02-other.json">evidence</a>');
    expect(failed).toContain('Scenario <a href="evidence/allow-one-source-bookworm/">allow-one-source</a>');
    expect(rowCells(html, 'C14').map((cell) => cell.split('|')[0])).toEqual(['pages', 'pages', 'known-deviation', 'held']);
    expect(rowCells(html, 'C14')[2]).toContain('<div class="reason">Docker 20.10 binds the userland proxy to the first address only</div>');
    const errors = rowCells(html, 'C20');
    expect(errors[2]).toContain('<div>error code: command-failed</div><pre class="error">firewalld did not start: Job for firewalld.service failed\nsee journalctl -u firewalld</pre>');
    expect(errors[3]).toContain('<div>expected <code>dropped</code>, observed <code>error</code> (no-arrival)</div>');
    expect(html).toContain('<blockquote><code>-I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP</code> admits only 192.168.1.1.');
    expect(rowCells(html, 'C23')).toEqual(['pages|all', 'pages|docker-and-iptables.md', 'not-run|— not run', 'not-run|— not run']);
    for (const state of ['held', 'failed', 'known-deviation', 'error', 'not-applicable', 'not-run']) expect(html).toMatch(new RegExp(`td\\.${state} \\{ background: #`));
  });

  it('has the report sections', () => {
    const html = fixtureHtml();
    const sections = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(sections).toEqual(['Where the documentation does not hold', 'Claims by page', 'Docs drift between page versions', 'Failed checks', 'Known deviations', 'Errors', 'Listed deviations that did not occur']);
    expect(html).toContain('<p><b>3 of 5 claims do not hold as documented on some version</b>: 2 with failed checks, 1 with known deviations.');
    expect(html).toContain('<li>≈ known deviation on bookworm (Docker 20.10.24): <span class="reason">Docker 20.10 binds the userland proxy to the first address only</span></li>');
    expect(html).toContain('<h3>C03 on bookworm (Docker 20.10.24)</h3>');
    expect(html).toContain('<li>! scenario docker-zone (command-failed): firewalld did not start: Job for firewalld.service failed <a href="evidence/docker-zone-bookworm/">evidence</a></li>');
    expect(html).toContain('<h3>docker-and-iptables.md → packet-filtering-firewalls.md</h3>');
    expect(html).toContain('<li>only in the older version: C23</li>');
  });

  it('shows a not-applicable cell with the release it needs, and a not-run cell with the VM command', () => {
    const run = skippedFixtureRun();
    const html = matrixHtml(buildMatrix(run, []), run);
    expect(rowCells(html, 'C39')[2]).toMatch(/^not-applicable\|<details><summary>⊘ not applicable \(needs 28\.2\)<\/summary>/);
    expect(rowCells(html, 'C39')[2]).toContain('not applicable: needs Docker 28.2 (claim C39 is documented since 28.2); bookworm runs 20.10.24');
    expect(rowCells(html, 'C18')[2]).toContain('not run: this kernel lacks ipvs; run it on a VM:</div><pre>npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm</pre>');
    expect(html).toContain('Every check that ran met the documentation: no check failed and no known deviation was observed. Not decided: 1 not applicable on some version, 1 not run on some version.');
  });
});
