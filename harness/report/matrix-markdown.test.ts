import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.ts';
import { matrixFixtureCatalogue, matrixFixturePages, matrixFixtureRun } from './matrix-fixture.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import { runRecordVersion, type RunRecord } from '../results/records.ts';

// The whole claims.md of the fixture run: where the docs do not hold, the tables by page, drift between
// the page versions, failures, deviations, errors, gone deviations.
const goldenMarkdown =
  [
    "# Docker firewall claims: run 2025-06-07T08-09-10Z-f00d42",
    "",
    "Started 2025-06-07 08:09:10 UTC, took 12 min 34 s. 5 claims on 2 suite(s).",
    "",
    "## Where the documentation does not hold",
    "",
    "3 of 5 claims do not hold as documented on some version: 2 with failed checks, 1 with known deviations. Not decided: 1 claim(s) with errors (below), 1 not run on some version.",
    "",
    "- **C03** A DROP rule in DOCKER-USER blocks a published port. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "  - ✘ failed on bookworm (Docker 20.10.24): other to published 8080 dropped: expected dropped, observed connected ([evidence](evidence/allow-one-source-bookworm/02-other.json))",
    "- **C07** `-I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "  - ✘ failed on bookworm (Docker 20.10.24): other to published 8080 dropped: expected dropped, observed connected ([evidence](evidence/allow-one-source-bookworm/02-other.json))",
    "- **C14** Published ports are reachable on every host address. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "  - ≈ known deviation on bookworm (Docker 20.10.24): Docker 20.10 binds the userland proxy to the first address only.",
    "",
    "## Claims by page",
    "",
    "Legend: ✔ held · ✘ failed · ≈ known deviation · ! error · ⊘ not applicable · — not run. Each cell links to the evidence of its scenario(s).",
    "",
    "### docker-and-iptables.md (seed page): Docker and iptables",
    "",
    "| Claim | Since | Page(s) | bookworm (Docker 20.10.24) | forky (Docker 28.5.2) |",
    "|---|---|---|---|---|",
    "| **C03** A DROP rule in DOCKER-USER blocks a published port. | all | docker-and-iptables.md, packet-filtering-firewalls.md | [✘ failed](evidence/allow-one-source-bookworm/ \"allow-one-source\") | [✔ held](evidence/allow-one-source-forky/ \"allow-one-source\") |",
    "| **C07** `-I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1. | all | docker-and-iptables.md, packet-filtering-firewalls.md | [✘ failed](evidence/allow-one-source-bookworm/ \"allow-one-source\") | [✔ held](evidence/allow-one-source-forky/ \"allow-one-source\") |",
    "| **C14** Published ports are reachable on every host address. | all | docker-and-iptables.md, packet-filtering-firewalls.md | [≈ known deviation](evidence/published-on-every-address-bookworm/ \"published-on-every-address\") | [✔ held](evidence/published-on-every-address-forky/ \"published-on-every-address\") |",
    "| **C23** --ip only changes the default. | all | docker-and-iptables.md | — not run | — not run |",
    "",
    "### packet-filtering-firewalls.md (seed page): Packet filtering and firewalls",
    "",
    "| Claim | Since | Page(s) | bookworm (Docker 20.10.24) | forky (Docker 28.5.2) |",
    "|---|---|---|---|---|",
    "| **C20** Docker creates a firewalld zone \"docker\". | all | packet-filtering-firewalls.md | [! error](evidence/docker-zone-bookworm/ \"docker-zone\") | [! error](evidence/docker-zone-forky/ \"docker-zone\") |",
    "",
    "This page also states C03, C07, C14, listed under an earlier page.",
    "",
    "## Docs drift between page versions",
    "",
    "### docker-and-iptables.md → packet-filtering-firewalls.md",
    "",
    "- only in the older version: C23",
    "- only in the newer version: C20",
    "- stated differently: none",
    "",
    "## Failed checks",
    "",
    "### C03 on bookworm (Docker 20.10.24)",
    "",
    "> A DROP rule in DOCKER-USER blocks a published port. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "",
    "- ✘ **other to published 8080 dropped**: expected dropped, observed connected. 192.168.1.2 -> 192.168.1.10:8080/tcp connected &lt;script>alert(1)&lt;/script> ([evidence](evidence/allow-one-source-bookworm/02-other.json))",
    "",
    "### C07 on bookworm (Docker 20.10.24)",
    "",
    "> `-I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "",
    "- ✘ **other to published 8080 dropped**: expected dropped, observed connected. 192.168.1.2 -> 192.168.1.10:8080/tcp connected &lt;script>alert(1)&lt;/script> ([evidence](evidence/allow-one-source-bookworm/02-other.json))",
    "",
    "## Known deviations",
    "",
    "### C14 on bookworm (Docker 20.10.24)",
    "",
    "> Published ports are reachable on every host address. (docker-and-iptables.md, packet-filtering-firewalls.md)",
    "",
    "- ≈ **second address 8080**: expected connected, observed dropped. Listed deviation: Docker 20.10 binds the userland proxy to the first address only. second address 8080: dropped ([evidence](evidence/published-on-every-address-bookworm/01-second.json))",
    "",
    "## Errors",
    "",
    "### C20 on bookworm (Docker 20.10.24)",
    "",
    "- ! scenario docker-zone (command-failed): firewalld did not start: Job for firewalld.service failed ([evidence](evidence/docker-zone-bookworm/))",
    "",
    "### C20 on forky (Docker 28.5.2)",
    "",
    "- ! check LAN to docker zone 8080 (no-arrival): lan -> 192.168.1.10:8080/tcp; no packet of this flow reached docker1 in 3 attempts; the source's routing or the outside network lost it, so no firewall verdict can be given ([evidence](evidence/docker-zone-forky/))",
    "",
    "## Listed deviations that did not occur",
    "",
    "The documented behaviour held where a deviation is listed for this version; the deviation list may be out of date.",
    "",
    "- C14 on forky (Docker 28.5.2), **second address 8080**: Docker 20.10 binds the userland proxy to the first address only. ([evidence](evidence/published-on-every-address-forky/01-second.json))",
  ].join('\n') + '\n';

describe('matrixMarkdown', () => {
  it('renders the fixture run', () => {
    const run = matrixFixtureRun();
    expect(matrixMarkdown(buildMatrix(run, matrixFixtureCatalogue(), matrixFixturePages()), run)).toBe(goldenMarkdown);
  });

  it('keeps record text from breaking the table or injecting HTML', () => {
    const run: RunRecord = {
      schemaVersion: runRecordVersion,
      runId: 'r1',
      startedAt: '2025-01-01T00:00:00.000Z',
      durationMs: 500,
      scenarios: [
        {
          scenario: 'a|b',
          file: 'scenarios/a.scenario.ts',
          claims: ['C01'],
          suite: 'bookworm',
          dockerVersion: '',
          checks: [],
          error: 'boom <img src=x onerror=alert(1)> | `a|b`\nsecond line',
          errorCode: 'other',
          durationMs: 1,
        },
      ],
    };
    const text = matrixMarkdown(buildMatrix(run, [{ id: 'C01', text: 'pipes | and `code | spans` and <b>tags</b>', pages: [] }]), run);
    const row = text.split('\n').find((line) => line.startsWith('| **C01**'));
    expect(row).toBe('| **C01** pipes \\| and `code \\| spans` and &lt;b>tags&lt;/b> | all |  | [! error](evidence/a%7Cb-bookworm/ "a\\|b") |');
    expect(text).toContain('- ! scenario a\\|b (other): boom &lt;img src=x onerror=alert(1)> \\| `a|b` ([evidence](evidence/a%7Cb-bookworm/))');
    expect(text).not.toContain('second line');
    expect(text).toContain('| Claim | Since | Page(s) | bookworm |');
    expect(text).toContain('The claims catalogue lists no versions of a page to compare.');
  });
});
