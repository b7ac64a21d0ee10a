import type { ClaimInfo } from './claims-catalogue.ts';
import type { ErrorCode, ScenarioErrorCode } from '../results/error-code.ts';
import type { CheckRecord, RunRecord, ScenarioRecord } from '../results/records.ts';

// What a run says about one claim on one suite (Docker version):
//   held             every check was met (pass, known deviation gone)
//   failed           a check observed something other than what the page documents
//   known-deviation  no failure, but a listed deviation for this version was observed
//   error            the harness could not decide (a scenario broke, a check errored, nothing recorded)
//   not-run          no scenario of this claim ran on this suite
export type CellState = 'held' | 'failed' | 'known-deviation' | 'error' | 'not-run';

export interface MatrixScenario {
  readonly name: string;
  readonly file: string;
  // The scenario's evidence folder, relative to the run directory.
  readonly evidenceDir: string;
  readonly error?: string;
  readonly errorCode?: ScenarioErrorCode;
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
  // Known deviation reasons, deviations that did not occur, and error messages.
  readonly reasons: string[];
}

export interface MatrixClaim {
  readonly id: string;
  readonly text?: string;
  // The catalogue's pages plus the pages the scenarios name, without duplicates.
  readonly pages: string[];
  // One per suite, in the order of ClaimMatrix.suites.
  readonly cells: MatrixCell[];
}

export interface ClaimMatrix {
  readonly suites: string[];
  readonly claims: MatrixClaim[];
}

// The claims x suites matrix of a run: every catalogue claim and every claim a scenario named,
// against every suite the run used.
export function buildMatrix(run: RunRecord, catalogue: ClaimInfo[]): ClaimMatrix {
  const suites = unique(run.scenarios.map((scenario) => scenario.suite));
  const known = new Map(catalogue.map((claim) => [claim.id, claim]));
  const ids = unique([...catalogue.map((claim) => claim.id), ...run.scenarios.flatMap(claimsOf)]).sort(compareClaimIds);
  const claims = ids.map((id): MatrixClaim => {
    const info = known.get(id);
    const scenarios = run.scenarios.filter((scenario) => claimsOf(scenario).includes(id));
    const pages = unique([...(info?.pages ?? []), ...scenarios.flatMap((scenario) => (scenario.page ? [scenario.page] : []))]);
    const cells = suites.map((suite) => buildCell(id, suite, scenarios.filter((scenario) => scenario.suite === suite)));
    return { id, ...(info ? { text: info.text } : {}), pages, cells };
  });
  return { suites, claims };
}

// The Docker version(s) each suite ran, for column headings: "bookworm" -> "20.10.24".
export function dockerVersionsBySuite(run: RunRecord): Map<string, string> {
  const versions = new Map<string, string>();
  for (const suite of unique(run.scenarios.map((scenario) => scenario.suite))) {
    const onSuite = run.scenarios.filter((scenario) => scenario.suite === suite);
    versions.set(suite, joinVersions(onSuite));
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

function buildCell(claim: string, suite: string, scenarios: readonly ScenarioRecord[]): MatrixCell {
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
  return {
    claim,
    suite,
    state: cellState(scenarios, checks),
    dockerVersion: joinVersions(scenarios),
    checks,
    scenarios: scenarios.map((scenario) => ({
      name: scenario.scenario,
      file: scenario.file,
      evidenceDir: evidenceDirOf(scenario.scenario, scenario.suite),
      ...(scenario.error === undefined ? {} : { error: scenario.error, errorCode: scenario.errorCode }),
    })),
    reasons: unique(reasons),
  };
}

function cellState(scenarios: readonly ScenarioRecord[], checks: readonly CheckRecord[]): CellState {
  if (scenarios.length === 0) return 'not-run';
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
  'not-run': '—',
};

export const cellLabels: Readonly<Record<CellState, string>> = {
  held: 'held',
  failed: 'failed',
  'known-deviation': 'known deviation',
  error: 'error',
  'not-run': 'not run',
};

export interface DocsDrift {
  readonly claim: string;
  // The pages that state the claim, and the other known pages that do not.
  readonly onlyIn: string[];
  readonly missingFrom: string[];
}

// Claims that some pages state and others do not. "Known pages" are all pages any claim names, so
// with the two seed pages a claim on only one of them is listed; claims without a page are not.
export function docsDrift(matrix: ClaimMatrix): DocsDrift[] {
  const allPages = unique(matrix.claims.flatMap((claim) => claim.pages));
  if (allPages.length < 2) return [];
  return matrix.claims
    .filter((claim) => claim.pages.length > 0 && claim.pages.length < allPages.length)
    .map((claim) => ({ claim: claim.id, onlyIn: claim.pages, missingFrom: allPages.filter((page) => !claim.pages.includes(page)) }));
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
