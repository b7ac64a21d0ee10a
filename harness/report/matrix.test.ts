import { describe, expect, it } from 'vitest';
import type { ClaimInfo, PageInfo } from './claims-catalogue.ts';
import { skippedFixtureRun } from './skipped-fixture.ts';
import { buildMatrix, compareClaimIds, docsDrift, dockerVersionsBySuite, evidenceHref, whereDocsDoNotHold, type CellState, type ClaimMatrix } from './matrix.ts';
import { matrixFixtureCatalogue, matrixFixturePages, matrixFixtureRun, newer, older } from './matrix-fixture.ts';
import type { Outcome } from '../results/outcome.ts';
import { flowWithOutcome } from '../results/outcome-examples.ts';
import { runRecordVersion, type CheckRecord, type RecordPlace, type RunRecord, type ScenarioRecord } from '../results/records.ts';

function checkOf(outcome: Outcome, place: Partial<RecordPlace> = {}, facts: { deviationReason?: string } = {}): CheckRecord {
  return flowWithOutcome(outcome, { scenario: 's1', file: 'scenarios/s1.scenario.ts', claims: ['C01'], suite: 'bookworm', dockerVersion: '20.10.24', ...place }, facts);
}

type ScenarioFields = Partial<Pick<ScenarioRecord, 'scenario' | 'file' | 'claims' | 'page' | 'suite'>> & { error?: string };

function scenarioOf(checks: CheckRecord[], { error, ...fields }: ScenarioFields = {}): ScenarioRecord {
  const base = { scenario: 's1', file: 'scenarios/s1.scenario.ts', claims: ['C01'], suite: 'bookworm', dockerVersion: '20.10.24', checks, durationMs: 1, ...fields };
  return error === undefined ? base : { ...base, error, errorCode: 'step-failed' };
}

function runOf(...scenarios: ScenarioRecord[]): RunRecord {
  return { schemaVersion: runRecordVersion, runId: 'r1', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 1, scenarios };
}

function stateOf(matrix: ClaimMatrix, claim: string, suite: string): CellState | undefined {
  const row = matrix.claims.find((c) => c.id === claim);
  return row?.cells[matrix.suites.indexOf(suite)]?.state;
}

describe('buildMatrix cell states', () => {
  const cases: Array<[string, Outcome[], CellState]> = [
    ['every check passed', ['pass', 'pass'], 'held'],
    ['a deviation gone counts as held', ['pass', 'deviation-gone'], 'held'],
    ['a failing check', ['pass', 'fail', 'known-deviation'], 'failed'],
    ['a known deviation and no failure', ['pass', 'known-deviation'], 'known-deviation'],
    ['an errored check outranks a failure', ['fail', 'error', 'pass'], 'error'],
  ];
  for (const [title, outcomes, state] of cases) {
    it(`${title}: ${state}`, () => {
      const matrix = buildMatrix(runOf(scenarioOf(outcomes.map((o) => checkOf(o)))), []);
      expect(stateOf(matrix, 'C01', 'bookworm')).toBe(state);
    });
  }

  it('a scenario error makes the cell an error, even with passing checks', () => {
    const matrix = buildMatrix(runOf(scenarioOf([checkOf('pass')], { error: 'world broke' })), []);
    const cell = matrix.claims[0]?.cells[0];
    expect(cell?.state).toBe('error');
    expect(cell?.scenarios).toEqual([{ name: 's1', file: 'scenarios/s1.scenario.ts', evidenceDir: 'evidence/s1-bookworm', error: 'world broke', errorCode: 'step-failed' }]);
    expect(cell?.reasons).toEqual(['s1: world broke']);
  });

  it('a scenario that errored before any check is an error', () => {
    const matrix = buildMatrix(runOf(scenarioOf([], { error: 'firewalld did not start' })), []);
    expect(stateOf(matrix, 'C01', 'bookworm')).toBe('error');
  });

  it('a scenario that ran without error but recorded no checks is an error, not held', () => {
    const matrix = buildMatrix(runOf(scenarioOf([])), []);
    expect(stateOf(matrix, 'C01', 'bookworm')).toBe('error');
    expect(matrix.claims[0]?.cells[0]?.reasons).toEqual(['s1: ran but recorded no checks for C01']);
  });

  it('not-run where no scenario of the claim ran on the suite', () => {
    const run = runOf(
      scenarioOf([checkOf('pass')]),
      scenarioOf([checkOf('pass', { claims: ['C02'], suite: 'forky', scenario: 's2' })], { scenario: 's2', claims: ['C02'], suite: 'forky' }),
    );
    const matrix = buildMatrix(run, [{ id: 'C03', text: 'never ran', pages: [] }]);
    expect(matrix.suites).toEqual(['bookworm', 'forky']);
    expect(matrix.claims.map((c) => [c.id, c.cells.map((cell) => cell.state)])).toEqual([
      ['C01', ['held', 'not-run']],
      ['C02', ['not-run', 'held']],
      ['C03', ['not-run', 'not-run']],
    ]);
    const notRun = matrix.claims[2]?.cells[0];
    expect(notRun).toEqual({ claim: 'C03', suite: 'bookworm', state: 'not-run', dockerVersion: '', checks: [], scenarios: [], reasons: [] });
  });

  it('collects the checks of the claim on the suite from every scenario, with reasons', () => {
    const a = scenarioOf([checkOf('pass'), checkOf('known-deviation', {}, { deviationReason: 'old Docker' })]);
    const b = scenarioOf([checkOf('deviation-gone', { scenario: 's2' }, { deviationReason: 'gone now' })], { scenario: 's2', file: 'scenarios/s2.scenario.ts' });
    const other = scenarioOf([checkOf('fail', { scenario: 's3', claims: ['C09'] })], { scenario: 's3', claims: ['C09'] });
    const cell = buildMatrix(runOf(a, b, other), []).claims[0]?.cells[0];
    expect(cell?.claim).toBe('C01');
    expect(cell?.state).toBe('known-deviation');
    expect(cell?.checks.map((c) => c.outcome)).toEqual(['pass', 'known-deviation', 'deviation-gone']);
    expect(cell?.scenarios.map((s) => s.evidenceDir)).toEqual(['evidence/s1-bookworm', 'evidence/s2-bookworm']);
    expect(cell?.reasons).toEqual(['old Docker', 'listed deviation did not occur: gone now']);
    expect(cell?.dockerVersion).toBe('20.10.24');
  });
});

describe('buildMatrix rows and columns', () => {
  it('lists catalogue claims and run claims in natural order, suites in order of appearance', () => {
    const run = runOf(
      scenarioOf([], { claims: ['C10'], suite: 'trixie', error: 'x' }),
      scenarioOf([], { claims: ['C2'], suite: 'bookworm', error: 'x' }),
      scenarioOf([], { claims: ['C10'], suite: 'forky', error: 'x' }),
      scenarioOf([], { claims: ['C2'], suite: 'trixie', error: 'x' }),
    );
    const catalogue: ClaimInfo[] = [
      { id: 'C11', text: 'eleven', pages: [] },
      { id: 'C1', text: 'one', pages: [] },
    ];
    const matrix = buildMatrix(run, catalogue);
    expect(matrix.suites).toEqual(['trixie', 'bookworm', 'forky']);
    expect(matrix.claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C10', 'C11']);
    expect(matrix.claims.map((c) => c.text)).toEqual(['one', undefined, undefined, 'eleven']);
    for (const claim of matrix.claims) expect(claim.cells.map((cell) => cell.suite)).toEqual(matrix.suites);
  });

  it('merges the catalogue pages with the pages the scenarios name, without duplicates', () => {
    const run = runOf(
      scenarioOf([checkOf('pass')], { page: newer }),
      scenarioOf([checkOf('pass')], { page: older, suite: 'forky' }),
      scenarioOf([checkOf('pass', { claims: ['C02'] })], { claims: ['C02'] }),
    );
    const matrix = buildMatrix(run, [{ id: 'C01', text: 'one', pages: [newer] }]);
    expect(matrix.claims.map((c) => [c.id, c.pages])).toEqual([
      ['C01', [newer, older]],
      ['C02', []],
    ]);
  });

  it('compares claim ids naturally', () => {
    expect(['C10', 'C2', 'C01', 'B3', 'C1'].sort(compareClaimIds)).toEqual(['B3', 'C1', 'C01', 'C2', 'C10']);
  });

  it('builds the fixture matrix', () => {
    const matrix = buildMatrix(matrixFixtureRun(), matrixFixtureCatalogue(), matrixFixturePages());
    expect(matrix.suites).toEqual(['bookworm', 'forky']);
    expect(matrix.claims.map((c) => [c.id, ...c.cells.map((cell) => cell.state)])).toEqual([
      ['C03', 'failed', 'held'],
      ['C07', 'failed', 'held'],
      ['C14', 'known-deviation', 'held'],
      ['C20', 'error', 'error'],
      ['C23', 'not-run', 'not-run'],
    ]);
    expect(docsDrift(matrix)).toEqual([{ older, newer: [newer], onlyInOlder: ['C23'], onlyInNewer: ['C20'], restated: [] }]);
    expect(matrix.groups).toEqual([
      { page: older, title: 'Docker and iptables', edition: 'seed', claims: ['C03', 'C07', 'C14', 'C23'], alsoStates: [] },
      { page: newer, title: 'Packet filtering and firewalls', edition: 'seed', claims: ['C20'], alsoStates: ['C03', 'C07', 'C14'] },
    ]);
  });
});

describe('buildMatrix and scenarios that did not run', () => {
  const runWith = 'npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm';

  it('a claim whose scenarios need a newer Docker is not applicable, with the release it needs', () => {
    const matrix = buildMatrix(skippedFixtureRun(), []);
    const c39 = matrix.claims.find((claim) => claim.id === 'C39');
    expect(c39?.cells.map((cell) => [cell.suite, cell.state, cell.needsDocker, cell.dockerVersion])).toEqual([
      ['bookworm', 'not-applicable', '28.2', '20.10.24'],
      ['forky', 'held', undefined, '28.5.2'],
    ]);
    expect(c39?.cells[0]?.reasons).toEqual(['direct-routing-allowed: not applicable: needs Docker 28.2 (claim C39 is documented since 28.2); bookworm runs 20.10.24']);
  });

  it('a claim whose scenario the kernel kept from running is not run, with the command that runs it', () => {
    const matrix = buildMatrix(skippedFixtureRun(), []);
    const cell = matrix.claims.find((claim) => claim.id === 'C18')?.cells[0];
    expect(cell).toMatchObject({ state: 'not-run', runWith: [runWith] });
    expect(cell?.scenarios[0]?.skipped?.kind).toBe('kernel');
  });

  it('a scenario that ran decides the cell over one that did not', () => {
    const ran = scenarioOf([checkOf('fail', { suite: 'bookworm' })]);
    const bare = { scenario: 's1', file: 'scenarios/s1.scenario.ts', claims: ['C01'], suite: 'bookworm', dockerVersion: '20.10.24', checks: [], durationMs: 0 };
    const skipped: ScenarioRecord = { ...bare, scenario: 's2', skipped: { kind: 'not-applicable', needsDocker: '28.0', reason: 'needs Docker 28.0' } };
    expect(stateOf(buildMatrix(runOf(ran, skipped), []), 'C01', 'bookworm')).toBe('failed');
    const kernel: ScenarioRecord = { ...bare, scenario: 's3', skipped: { kind: 'kernel', missing: ['ipvs'], reason: 'no ipvs', runWith } };
    // One scenario could run elsewhere: the claim is not run here rather than not applicable.
    expect(stateOf(buildMatrix(runOf(skipped, kernel), []), 'C01', 'bookworm')).toBe('not-run');
  });

  it('takes the suite heading version from scenarios that ran, else from skipped ones', () => {
    expect(dockerVersionsBySuite(skippedFixtureRun())).toEqual(new Map([['bookworm', '20.10.24'], ['forky', '28.5.2']]));
  });
});

describe('page groups and drift between page versions', () => {
  const pages: PageInfo[] = [
    { name: 'old.md', title: 'Old', edition: 'seed' },
    { name: 'today-a.md', title: 'A', edition: 'today', previous: 'old.md' },
    { name: 'today-b.md', title: 'B', edition: 'today', previous: 'old.md' },
  ];
  const catalogue: ClaimInfo[] = [
    { id: 'C01', text: 'on both', pages: ['old.md', 'today-b.md'] },
    { id: 'C02', text: 'dropped', pages: ['old.md'] },
    { id: 'C03', text: 'said differently later', pages: ['old.md'] },
    { id: 'C24', text: 'new', pages: ['today-a.md'], since: '28.0' },
    { id: 'C25', text: 'restates C03', pages: ['today-a.md'], restates: 'C03' },
  ];

  it('lists each claim under the first of its pages, seed pages first, and what later pages also state', () => {
    const matrix = buildMatrix(runOf(scenarioOf([checkOf('pass', { claims: ['C09'] })], { claims: ['C09'], page: 'elsewhere.md' })), catalogue, pages);
    expect(matrix.groups.map((group) => [group.page, group.edition, group.claims, group.alsoStates])).toEqual([
      ['old.md', 'seed', ['C01', 'C02', 'C03'], []],
      ['today-a.md', 'today', ['C24', 'C25'], []],
      ['today-b.md', 'today', [], ['C01']],
      ['elsewhere.md', 'other', ['C09'], []],
    ]);
    expect(matrix.claims.find((claim) => claim.id === 'C24')?.since).toBe('28.0');
  });

  it('compares a page with the pages that replaced it, counting a restated claim as stated differently', () => {
    const matrix = buildMatrix(runOf(), catalogue, pages);
    expect(docsDrift(matrix)).toEqual([
      { older: 'old.md', newer: ['today-a.md', 'today-b.md'], onlyInOlder: ['C02'], onlyInNewer: ['C24'], restated: [{ claim: 'C25', restates: 'C03' }] },
    ]);
  });

  it('has no drift without a page list', () => {
    expect(docsDrift(buildMatrix(runOf(), catalogue))).toEqual([]);
  });
});

describe('whereDocsDoNotHold', () => {
  it('lists failures and known deviations by claim and version, and nothing for claims that held', () => {
    const run = runOf(
      scenarioOf([checkOf('known-deviation', {}, { deviationReason: 'old' })]),
      scenarioOf([checkOf('known-deviation', { suite: 'forky' }, { deviationReason: 'old' })], { suite: 'forky' }),
      scenarioOf([checkOf('fail', { claims: ['C02'] })], { claims: ['C02'], scenario: 's2' }),
      scenarioOf([checkOf('pass', { claims: ['C03'] })], { claims: ['C03'], scenario: 's3' }),
    );
    const entries = whereDocsDoNotHold(buildMatrix(run, []));
    expect(entries.map((entry) => [entry.claim.id, entry.failed.map((cell) => cell.suite), entry.deviating.map((cell) => cell.suite)])).toEqual([
      ['C01', [], ['bookworm', 'forky']],
      ['C02', ['bookworm'], []],
    ]);
  });
});

describe('evidenceHref', () => {
  it('percent-encodes each segment so a record cannot inject a scheme or markup', () => {
    expect(evidenceHref('evidence/a b-bookworm', true)).toBe('evidence/a%20b-bookworm/');
    expect(evidenceHref('javascript:alert(1)')).toBe('javascript%3Aalert%281%29');
    expect(evidenceHref('evidence\\x\\"><y>.json')).toBe('evidence/x/%22%3E%3Cy%3E.json');
  });
});
