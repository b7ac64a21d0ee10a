import type { ClaimInfo, PageInfo } from './claims-catalogue.ts';
import { compareReleases } from '../format/requirements.ts';
import type { ErrorCode, ScenarioErrorCode } from '../results/error-code.ts';
import type { CheckRecord, RunRecord, ScenarioRecord } from '../results/records.ts';
import type { ScenarioSkip } from '../results/skip.ts';

// What a run says about one claim on one suite (Docker version):
//   held             every check was met (pass, known deviation gone)
//   failed           a check observed something other than what the page documents
//   known-deviation  no failure, but a listed deviation for this version was observed
//   error            the harness could not decide (a scenario broke, a check errored, nothing recorded)
//   not-applicable   the suite's Docker is older than the release the claim's scenarios need
//   not-run          no scenario of this claim ran on this suite (none selected, or its kernel
//                    lacks a feature: then the cell names it and the command that runs it)
export type CellState = 'held' | 'failed' | 'known-deviation' | 'error' | 'not-applicable' | 'not-run';
export const cellStates: readonly CellState[] = ['held', 'failed', 'known-deviation', 'error', 'not-applicable', 'not-run'];

export interface MatrixScenario {
  readonly name: string;
  readonly file: string;
  // The scenario's evidence folder, relative to the run directory.
  readonly evidenceDir: string;
  readonly error?: string;
  readonly errorCode?: ScenarioErrorCode;
  readonly skipped?: ScenarioSkip;
}

export interface MatrixCell {
  readonly claim: string;
  readonly suite: string;
  readonly state: CellState;
  // The Docker version(s) of the scenarios in this cell; '' when none ran or none was found.
  readonly dockerVersion: string;
  // The checks of this claim on this suite, in run order.
  readonly checks: CheckRecord[];
  readonly scenarios: MatrixScenario[];
  // Known deviation reasons, deviations that did not occur, error messages, and why scenarios did not run.
  readonly reasons: string[];
  // not-applicable: the release the claim's scenarios need here.
  readonly needsDocker?: string;
  // Commands that run the scenarios this suite's kernel could not (on a VM).
  readonly runWith?: string[];
}

export interface MatrixClaim {
  readonly id: string;
  readonly text?: string;
  // The catalogue's pages plus the pages the scenarios name, without duplicates.
  readonly pages: string[];
  // From the catalogue: the first release with the behaviour, the release where it changed, and
  // the claim of an older page version it states differently.
  readonly since?: string;
  readonly changedIn?: string;
  readonly restates?: string;
  // One per suite, in the order of ClaimMatrix.suites.
  readonly cells: MatrixCell[];
}

// The claims of one page, as the matrix reads page by page. A claim is listed under the first of
// its pages (in page order); a later page of it names it in `alsoStates`.
export interface PageGroup {
  readonly page: string;
  readonly title: string;
  // "other": a page no catalogue lists (named by a scenario), or claims with no page at all ('').
  readonly edition: PageInfo['edition'] | 'other';
  readonly claims: string[];
  readonly alsoStates: string[];
}

export interface ClaimMatrix {
  readonly suites: string[];
  readonly claims: MatrixClaim[];
  // The seed pages first, then today's, then any other page.
  readonly groups: PageGroup[];
  readonly pages: PageInfo[];
}

// The claims x suites matrix of a run: every catalogue claim and every claim a scenario named,
// against every suite the run used, grouped by the page that states it.
export function buildMatrix(run: RunRecord, catalogue: ClaimInfo[], pages: PageInfo[] = []): ClaimMatrix {
  const suites = unique(run.scenarios.map((scenario) => scenario.suite));
  const known = new Map(catalogue.map((claim) => [claim.id, claim]));
  const ids = unique([...catalogue.map((claim) => claim.id), ...run.scenarios.flatMap(claimsOf)]).sort(compareClaimIds);
  const claims = ids.map((id): MatrixClaim => {
    const info = known.get(id);
    const scenarios = run.scenarios.filter((scenario) => claimsOf(scenario).includes(id));
    const claimPages = unique([...(info?.pages ?? []), ...scenarios.flatMap((scenario) => (scenario.page ? [scenario.page] : []))]);
    const cells = suites.map((suite) => buildCell(id, suite, scenarios.filter((scenario) => scenario.suite === suite)));
    const { since, changedIn, restates } = info ?? {};
    return { id, ...(info ? { text: info.text } : {}), pages: claimPages, ...(since ? { since } : {}), ...(changedIn ? { changedIn } : {}), ...(restates ? { restates } : {}), cells };
  });
  return { suites, claims, groups: pageGroups(claims, pages), pages };
}

// Groups claims by page: the listed pages in their order, then pages only scenarios name, then
// claims without a page; a group with no claim of its own and none it also states is left out.
export function pageGroups(claims: readonly MatrixClaim[], pages: readonly PageInfo[]): PageGroup[] {
  const order = unique([...pages.map((page) => page.name), ...claims.flatMap((claim) => claim.pages)]);
  const info = new Map(pages.map((page) => [page.name, page]));
  const home = (claim: MatrixClaim) => order.find((page) => claim.pages.includes(page)) ?? '';
  const groups = [...order, ''].map((page): PageGroup => {
    const listed = info.get(page);
    return {
      page,
      title: listed?.title ?? (page === '' ? 'Claims without a page' : page),
      edition: listed?.edition ?? 'other',
      claims: claims.filter((claim) => home(claim) === page).map((claim) => claim.id),
      alsoStates: claims.filter((claim) => home(claim) !== page && claim.pages.includes(page)).map((claim) => claim.id),
    };
  });
  return groups.filter((group) => group.claims.length > 0 || group.alsoStates.length > 0);
}

// The Docker version(s) each suite ran, for column headings: "bookworm" -> "20.10.24".
// Scenarios that ran give it; where none ran, the version the skipped ones recorded.
export function dockerVersionsBySuite(run: RunRecord): Map<string, string> {
  const versions = new Map<string, string>();
  for (const suite of unique(run.scenarios.map((scenario) => scenario.suite))) {
    const onSuite = run.scenarios.filter((scenario) => scenario.suite === suite);
    const ran = onSuite.filter((scenario) => scenario.skipped === undefined);
    versions.set(suite, joinVersions(ran) || joinVersions(onSuite));
  }
  return versions;
}

// The evidence folder runScenario writes for a scenario on a suite, relative to the run directory.
export function evidenceDirOf(scenario: string, suite: string): string {
  return `evidence/${scenario}-${suite}`;
}

// C2 < C10 < C10a < D1: digit runs compare as numbers, everything else as text.
export function compareClaimIds(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return difference;
      // Same number, different spelling (C1 vs C01): the shorter first, for a stable order.
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

function buildCell(claim: string, suite: string, all: readonly ScenarioRecord[]): MatrixCell {
  const skipped = all.filter((scenario) => scenario.skipped !== undefined);
  const scenarios = all.filter((scenario) => scenario.skipped === undefined);
  const checks = scenarios.flatMap((scenario) => scenario.checks.filter((check) => checkClaims(check, scenario).includes(claim)));
  const reasons: string[] = [];
  for (const check of checks) {
    if (check.outcome === 'known-deviation') reasons.push(check.deviationReason ?? `${check.name}: known deviation (no reason given)`);
    if (check.outcome === 'deviation-gone') reasons.push(`listed deviation did not occur: ${check.deviationReason ?? check.name}`);
    if (check.outcome === 'error') reasons.push(`${check.name}: ${check.detail}`);
  }
  for (const scenario of scenarios) {
    if (scenario.error !== undefined) reasons.push(`${scenario.scenario}: ${scenario.error}`);
    else if (!checks.some((check) => check.scenario === scenario.scenario)) reasons.push(`${scenario.scenario}: ran but recorded no checks for ${claim}`);
  }
  const skips = skipped.flatMap((scenario) => (scenario.skipped ? [scenario.skipped] : []));
  for (const [index, skip] of skips.entries()) reasons.push(`${skipped[index]!.scenario}: ${skip.kind === 'not-applicable' ? 'not applicable: ' : ''}${skip.reason}`);
  const needs = skips.flatMap((skip) => (skip.kind === 'not-applicable' ? [skip.needsDocker] : []));
  const runWith = skips.flatMap((skip) => (skip.kind === 'kernel' ? [skip.runWith] : []));
  const state = cellState(scenarios, checks, skips);
  return {
    claim,
    suite,
    state,
    dockerVersion: joinVersions(scenarios.length > 0 ? scenarios : skipped),
    checks,
    scenarios: all.map((scenario) => ({
      name: scenario.scenario,
      file: scenario.file,
      evidenceDir: evidenceDirOf(scenario.scenario, scenario.suite),
      ...(scenario.error === undefined ? {} : { error: scenario.error, errorCode: scenario.errorCode }),
      ...(scenario.skipped === undefined ? {} : { skipped: scenario.skipped }),
    })),
    reasons: unique(reasons),
    // The oldest release any of them needs: from there on, the claim can be checked.
    ...(state === 'not-applicable' ? { needsDocker: [...needs].sort(compareReleases)[0]! } : {}),
    ...(runWith.length > 0 ? { runWith: unique(runWith) } : {}),
  };
}

// Only scenarios that ran decide a verdict; where none ran, a scenario the kernel kept from running
// makes the cell not-run (it can run elsewhere), and only not-applicable ones make it not-applicable.
function cellState(scenarios: readonly ScenarioRecord[], checks: readonly CheckRecord[], skips: readonly ScenarioSkip[]): CellState {
  if (scenarios.length === 0) return skips.length > 0 && skips.every((skip) => skip.kind === 'not-applicable') ? 'not-applicable' : 'not-run';
  if (scenarios.some((scenario) => scenario.error !== undefined) || checks.some((check) => check.outcome === 'error')) return 'error';
  if (checks.some((check) => check.outcome === 'fail')) return 'failed';
  if (checks.some((check) => check.outcome === 'known-deviation')) return 'known-deviation';
  // Scenarios ran but recorded nothing about this claim: there is no verdict to show.
  if (checks.length === 0) return 'error';
  return 'held';
}

// A scenario's claims, including any its checks name (they normally carry the same list).
function claimsOf(scenario: ScenarioRecord): string[] {
  return unique([...scenario.claims, ...scenario.checks.flatMap((check) => check.claims)]);
}

function checkClaims(check: CheckRecord, scenario: ScenarioRecord): readonly string[] {
  return check.claims.length > 0 ? check.claims : scenario.claims;
}

function joinVersions(scenarios: readonly ScenarioRecord[]): string {
  return unique(scenarios.flatMap((scenario) => scenario.dockerVersion.split(/,\s*/)).filter(Boolean)).join(', ');
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export const cellSymbols: Readonly<Record<CellState, string>> = {
  held: '✔',
  failed: '✘',
  'known-deviation': '≈',
  error: '!',
  'not-applicable': '⊘',
  'not-run': '—',
};

export const cellLabels: Readonly<Record<CellState, string>> = {
  held: 'held',
  failed: 'failed',
  'known-deviation': 'known deviation',
  error: 'error',
  'not-applicable': 'not applicable',
  'not-run': 'not run',
};

// Where two versions of a page disagree: an older page against the page(s) that replaced it
// (`previous` in the page list; a page split in two has two successors).
export interface DocsDrift {
  readonly older: string;
  readonly newer: string[];
  // Stated on the older version, on none of the newer ones, and not restated there.
  readonly onlyInOlder: string[];
  // Stated on a newer version only, restating nothing of the older one.
  readonly onlyInNewer: string[];
  // Claims of a newer version that state a claim of the older one differently.
  readonly restated: Array<{ readonly claim: string; readonly restates: string }>;
}

// Every pair of page versions the page list knows, with what one says and the other does not.
export function docsDrift(matrix: ClaimMatrix): DocsDrift[] {
  const olderPages = unique(matrix.pages.flatMap((page) => (page.previous ? [page.previous] : [])));
  return olderPages.map((older) => {
    const newer = matrix.pages.filter((page) => page.previous === older).map((page) => page.name);
    const on = (claim: MatrixClaim, names: readonly string[]) => claim.pages.some((page) => names.includes(page));
    const onNewer = matrix.claims.filter((claim) => on(claim, newer));
    const restated = onNewer.flatMap((claim) => {
      const target = matrix.claims.find((other) => other.id === claim.restates);
      return target && on(target, [older]) ? [{ claim: claim.id, restates: target.id }] : [];
    });
    return {
      older,
      newer,
      onlyInOlder: matrix.claims.filter((claim) => on(claim, [older]) && !on(claim, newer) && !restated.some((r) => r.restates === claim.id)).map((claim) => claim.id),
      onlyInNewer: onNewer.filter((claim) => !on(claim, [older]) && !restated.some((r) => r.claim === claim.id)).map((claim) => claim.id),
      restated,
    };
  });
}

// A claim the run showed not to hold as documented on some versions: where a check failed, and
// where a listed deviation was observed (known, but the page is still wrong there).
export interface DocsDoNotHold {
  readonly claim: MatrixClaim;
  readonly failed: MatrixCell[];
  readonly deviating: MatrixCell[];
}

// What a reader must see first: every claim with a failed check or a known deviation, by version.
export function whereDocsDoNotHold(matrix: ClaimMatrix): DocsDoNotHold[] {
  const has = (cell: MatrixCell, outcome: CheckRecord['outcome']) => cell.checks.some((check) => check.outcome === outcome);
  return matrix.claims
    .map((claim) => ({ claim, failed: claim.cells.filter((cell) => has(cell, 'fail')), deviating: claim.cells.filter((cell) => has(cell, 'known-deviation')) }))
    .filter((entry) => entry.failed.length > 0 || entry.deviating.length > 0);
}

// How many claims are in each state on at least one suite, for the line above the table.
export function stateCounts(matrix: ClaimMatrix): Record<CellState, number> {
  const counts = Object.fromEntries(cellStates.map((state) => [state, 0])) as Record<CellState, number>;
  for (const claim of matrix.claims) for (const state of unique(claim.cells.map((cell) => cell.state))) counts[state] += 1;
  return counts;
}

// A relative link to an evidence file or folder of the run directory, safe in HTML and Markdown:
// each path segment is percent-encoded, so no segment can turn into a scheme, query or markup.
export function evidenceHref(relativePath: string, folder = false): string {
  const segments = relativePath.replace(/\\/g, '/').split('/').filter((segment) => segment !== '' && segment !== '.');
  const encoded = segments.map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return encoded.join('/') + (folder ? '/' : '');
}

// "2025-01-02T03:04:05.000Z" -> "2025-01-02 03:04:05 UTC"; anything else unchanged.
export function formatStartedAt(startedAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(startedAt);
  return match ? `${match[1]} ${match[2]} UTC` : startedAt;
}

// 9876 -> "9.9 s"; 754000 -> "12 min 34 s".
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function firstLine(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').find((line) => line.trim() !== '') ?? '';
}

// One problem of a cell that the report explains below the table.
export interface CellNote {
  readonly claim: MatrixClaim;
  readonly cell: MatrixCell;
}

export interface ErrorItem {
  // "scenario firewalld-zone" or "check v6 LAN to published 8080".
  readonly source: string;
  readonly message: string;
  // The harness's code for the error; none for a scenario that recorded no checks.
  readonly code?: ErrorCode;
  // Relative to the run directory.
  readonly evidence: string;
  readonly folder: boolean;
}

// The cells the report sections list, in claim then suite order:
//   failures    cells with a failing check (also when errors make the cell itself show an error)
//   deviations  cells with a known deviation observed
//   errors      cells in the error state, with what went wrong
//   gone        cells where a listed deviation did not occur (the deviation list may be stale)
export function matrixNotes(matrix: ClaimMatrix): {
  failures: CellNote[];
  deviations: CellNote[];
  errors: Array<CellNote & { items: ErrorItem[] }>;
  gone: CellNote[];
} {
  const notes = matrix.claims.flatMap((claim) => claim.cells.map((cell) => ({ claim, cell })));
  const has = (cell: MatrixCell, outcome: CheckRecord['outcome']) => cell.checks.some((check) => check.outcome === outcome);
  return {
    failures: notes.filter(({ cell }) => has(cell, 'fail')),
    deviations: notes.filter(({ cell }) => has(cell, 'known-deviation')),
    errors: notes.filter(({ cell }) => cell.state === 'error').map((note) => ({ ...note, items: errorItems(note.cell) })),
    gone: notes.filter(({ cell }) => has(cell, 'deviation-gone')),
  };
}

// Where a check's evidence is: its own file, else its scenario's folder.
export function checkEvidence(check: CheckRecord): { path: string; folder: boolean } {
  return check.evidenceFile ? { path: check.evidenceFile, folder: false } : { path: evidenceDirOf(check.scenario, check.suite), folder: true };
}

function errorItems(cell: MatrixCell): ErrorItem[] {
  const items: ErrorItem[] = [];
  for (const scenario of cell.scenarios) {
    if (scenario.error !== undefined) {
      items.push({ source: `scenario ${scenario.name}`, message: firstLine(scenario.error), ...(scenario.errorCode ? { code: scenario.errorCode } : {}), evidence: scenario.evidenceDir, folder: true });
    }
  }
  for (const check of cell.checks) {
    if (check.outcome === 'error') {
      const evidence = checkEvidence(check);
      items.push({ source: `check ${check.name}`, message: firstLine(check.detail), ...(check.errorCode ? { code: check.errorCode } : {}), evidence: evidence.path, folder: evidence.folder });
    }
  }
  for (const scenario of cell.scenarios) {
    if (scenario.error === undefined && !cell.checks.some((check) => check.scenario === scenario.name)) {
      items.push({ source: `scenario ${scenario.name}`, message: `ran but recorded no checks for ${cell.claim}`, evidence: scenario.evidenceDir, folder: true });
    }
  }
  return items;
}

// The headings both renderers use: "bookworm (Docker 20.10.24)" and "C07 on bookworm (Docker 20.10.24)".
export function matrixHeadings(run: RunRecord): { suiteHeading: (suite: string) => string; cellHeading: (claim: MatrixClaim, cell: MatrixCell) => string } {
  const versions = dockerVersionsBySuite(run);
  const suiteHeading = (suite: string) => {
    const version = versions.get(suite);
    return version ? `${suite} (Docker ${version})` : suite;
  };
  return { suiteHeading, cellHeading: (claim, cell) => `${claim.id} on ${suiteHeading(cell.suite)}` };
}
