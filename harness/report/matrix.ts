import type { ClaimInfo } from './claims-catalogue.ts';
import type { CheckRecord, RunRecord, ScenarioRecord } from './outcome.ts';

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
      ...(scenario.error === undefined ? {} : { error: scenario.error }),
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
