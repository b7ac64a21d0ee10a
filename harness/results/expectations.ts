import type { DeviationSpec, FlowExpect, Verdict } from '../format/fields.ts';

export interface VersionContext {
  readonly suite: string;
  readonly dockerVersions: readonly string[];
}

// Debian release names a per-version key may name: the suites the harness runs on, the releases
// around them, and unstable.
const debianSuites = ['buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'duke', 'sid'] as const;

// A value per version: `default` for every version no other key names. Keys are Debian suite names,
// Docker version prefixes (20.10, 28, 28.5.1) and `vm` (the Vagrant backend).
export type ByVersion<T> = { readonly default: T } & { readonly [key: string]: T };

const versionPrefix = /^\d+(?:\.\d+){0,2}$/;

// What a key of a per-version value is, or undefined when it is none of the kinds a key may be.
export function versionKeyKind(key: string): 'default' | 'vm' | 'suite' | 'version' | undefined {
  if (key === 'default' || key === 'vm') return key;
  if ((debianSuites as readonly string[]).includes(key)) return 'suite';
  return versionPrefix.test(key) ? 'version' : undefined;
}

// Why a key cannot name versions, in words naming the key, or undefined when it can.
export function versionKeyProblem(key: string): string | undefined {
  if (versionKeyKind(key) !== undefined) return undefined;
  return `"${key}" is not "default", "vm", a Debian suite (${debianSuites.join(', ')}) or a Docker version prefix such as 20.10 or 28`;
}

// The deviation listed for the version this run is on, if any: by suite label ("bookworm", or
// "bookworm-vm" on VMs, where "vm" alone also matches) or Docker version prefix.
export function deviationFor(deviations: readonly DeviationSpec[], context: VersionContext): DeviationSpec | undefined {
  const suiteNames = new Set([context.suite, ...context.suite.split('-')]);
  return deviations.find((deviation) => deviation.on.some((target) => suiteNames.has(target) || context.dockerVersions.some((version) => versionHasPrefix(version, target))));
}

// The value that applies on this suite label and these Docker versions (see keyFor).
export function valueFor<T>(byVersion: ByVersion<T>, context: VersionContext): T {
  return byVersion[keyFor(byVersion, context)]!;
}

// The key whose value applies here. The most specific key wins: the suite's name ("bookworm" also
// on "bookworm-vm"), then the longest Docker version prefix, then "vm" on the Vagrant backend, then
// "default".
function keyFor(byVersion: ByVersion<unknown>, context: VersionContext): string {
  const [suite, ...labelParts] = context.suite.split('-');
  const keys = Object.keys(byVersion);
  const bySuite = keys.find((key) => versionKeyKind(key) === 'suite' && (key === context.suite || key === suite));
  if (bySuite !== undefined) return bySuite;
  const byPrefix = keys
    .filter((key) => versionKeyKind(key) === 'version' && context.dockerVersions.some((version) => versionHasPrefix(version, key)))
    .sort((a, b) => b.split('.').length - a.split('.').length)[0];
  if (byPrefix !== undefined) return byPrefix;
  if (labelParts.includes('vm') && 'vm' in byVersion) return 'vm';
  return 'default';
}

// A flow's expected verdict on this suite and Docker version: its one verdict, or the one its
// per-version expectation gives there.
export function flowExpectation(expect: FlowExpect, context: VersionContext): Verdict {
  return typeof expect === 'string' ? expect : valueFor(expect, context);
}

// A command check's expected observation here: "fail" where it names the version in failsOn.
export function checkExpectation(failsOn: readonly string[], context: VersionContext): 'pass' | 'fail' {
  return valueFor(failsOnAsValues(failsOn), context);
}

// failsOn as a per-version value: "fail" on each listed version, "pass" elsewhere.
export function failsOnAsValues(failsOn: readonly string[]): ByVersion<'pass' | 'fail'> {
  return { default: 'pass', ...Object.fromEntries(failsOn.map((target) => [target, 'fail' as const])) };
}

// Every key whose value can apply where a deviation's target (a suite name, a version prefix or
// "vm") applies: the key the target itself resolves to, and the keys of versions within a version
// prefix (28.5 within 28). A deviation observing one of their values contradicts it.
export function keysOnTarget(byVersion: ByVersion<unknown>, target: string): string[] {
  const kind = versionKeyKind(target);
  const context: VersionContext =
    kind === 'version' ? { suite: '', dockerVersions: [target] } : kind === 'vm' ? { suite: '-vm', dockerVersions: [] } : { suite: target, dockerVersions: [] };
  const own = keyFor(byVersion, context);
  const within = kind === 'version' ? Object.keys(byVersion).filter((key) => versionKeyKind(key) === 'version' && key !== own && versionHasPrefix(key, target)) : [];
  return [own, ...within];
}

// 20.10 is a prefix of 20.10, 20.10.24 and 20.10.24+dfsg1, never of 20.100.
function versionHasPrefix(version: string, prefix: string): boolean {
  return version === prefix || version.startsWith(`${prefix}.`) || version.startsWith(`${prefix}+`);
}
