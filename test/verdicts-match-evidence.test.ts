import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../harness/results/records.ts';
import { readRunRecord } from '../harness/results/read-run.ts';
import { runCli } from './support.ts';

// Each fixture in test/fixtures/verdicts builds on purpose a flow whose probe answer its evidence
// contradicts; the harness must report an error naming the contradiction, never a verdict. One run of
// all of them, four at a time, on bookworm.
describe('verdicts match their evidence', () => {
  it('reports each contradiction as an error that names it, and names a DROP in raw as the deciding rule', async () => {
    const result = await runCli(['run', 'test/fixtures/verdicts', '--suite', 'bookworm', '--jobs', '4']);
    expect(result.exitCode, result.stderr).toBe(0);
    const run = await readRunRecord(join(result.runDir!, 'run.json'));
    const flows = new Map(run.scenarios.flatMap((scenario) => scenario.checks.filter((check): check is FlowRecord => check.kind === 'flow').map((check) => [`${scenario.scenario}: ${check.name}`, check])));
    const seen = (name: string) => {
      const flow = flows.get(name);
      if (!flow) throw new Error(`no flow "${name}" in the run: ${[...flows.keys()].join(', ')}`);
      return { observed: flow.observed, errorCode: flow.errorCode, detail: flow.detail };
    };

    // (a) The source's own INPUT rule drops the replies docker1 accepted and forwarded back out.
    expect(seen('fixture-reply-discarded: other -> docker1:8080/tcp error')).toEqual({
      observed: 'error',
      errorCode: 'reply-discarded-at-source',
      detail: expect.stringMatching(/yet docker1 accepted the flow \(decided by ip filter DOCKER: .*accept\) and let \d+ repl(y|ies) of the destination back out: other discarded them/),
    });
    // (b) Refusals no Docker host gave: a plain source's own loopback, and a source holding docker1's address.
    expect(seen("fixture-answered-by-source: a source's own loopback")).toEqual({
      observed: 'error',
      errorCode: 'answered-by-source',
      detail: expect.stringContaining("127.0.0.1 is other's own address and other is no Docker host of the run: other's own stack refused it with ECONNREFUSED"),
    });
    expect(seen("fixture-answered-by-source: docker1's address, held by the source")).toEqual({
      observed: 'error',
      errorCode: 'answered-by-source',
      detail: expect.stringContaining("refused with ECONNREFUSED (Connection refused), yet no packet of this flow reached docker1: impostor's own stack answered"),
    });
    // (c) No route at the source, and a next hop whose neighbour discovery fails.
    expect(seen('fixture-source-routing: no route at the source')).toEqual({
      observed: 'error',
      errorCode: 'no-route-at-source',
      detail: expect.stringContaining('ENETUNREACH (Network is unreachable) at other, and no packet of this flow reached docker1: other has no route to 10.1.2.3'),
    });
    expect(seen('fixture-source-routing: no neighbour for the next hop')).toEqual({
      observed: 'error',
      errorCode: 'no-neighbour',
      detail: expect.stringContaining('EHOSTUNREACH (No route to host) at lost, yet no packet of this flow reached docker1'),
    });
    // Not a contradiction: a DROP in raw, which the trace sees because it starts before raw.
    expect(seen('fixture-raw-drop: other -> docker1:8080/tcp dropped')).toEqual({
      observed: 'dropped',
      errorCode: undefined,
      detail: expect.stringContaining('decided by ip raw PREROUTING: tcp dport 8080 drop (drop)'),
    });
  });
});
