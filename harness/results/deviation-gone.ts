import type { CheckRecord } from './records.ts';

// What to do about a listed deviation that did not occur: the expected behaviour now holds on this
// version, so the scenario's deviation is out of date.
export function deviationGoneMessage(check: CheckRecord): string {
  const version = check.dockerVersion ? `Docker ${check.dockerVersion} (${check.suite})` : check.suite;
  const held = check.kind === 'flow' ? `the expected verdict "${check.expected}" was observed` : `the check ${check.expected === 'pass' ? 'passed' : 'failed'} as expected`;
  return (
    `the documented behaviour now holds on ${version}: ${held}, not the listed deviation. ` +
    `Remove this deviation (or take this version out of its "on"), or run with --accept-deviation-gone to count it as met`
  );
}
