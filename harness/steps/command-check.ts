import { commandCheckRecord } from '../results/check-record.ts';
import { deviationFor } from '../results/expectations.ts';
import { checkDeviations, checkMachine, type CheckContext } from '../format/check-context.ts';
import type { CheckSpec } from '../format/fields.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import type { StepRecorder, StepWorld } from './step-kind.ts';

// One command check, in a check step or the scenario's own `checks`: its cross-checks and its run.

// A check runs on a declared machine, with regular expressions that compile and a deviation that observes "fail".
export function checkCommandCheck(path: string, check: CheckSpec, context: CheckContext): void {
  checkMachine(`${path}.on`, check.on, context, ['host', 'source']);
  for (const field of ['matches', 'notMatches'] as const) {
    check.expect[field].forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'm');
      } catch (error) {
        const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
        context.report(`${path}.expect.${field}[${index}]`, `/${pattern}/ is not a valid regular expression: ${why}`);
      }
    });
  }
  checkDeviations(path, check.deviations, context.report);
  check.deviations.forEach((deviation, index) => {
    if (deviation.observed !== 'fail') context.report(`${path}.deviations[${index}].observed`, `"${deviation.observed}" cannot be a check's deviation; a check that deviates observes "fail"`);
  });
}

// Runs the check's command and records whether its exit code and output met every expectation.
export async function runCommandCheck(world: StepWorld, check: CheckSpec, recorder: StepRecorder): Promise<void> {
  await assertDaemonsAlive(world);
  const started = performance.now();
  const result = await world.machine(check.on).exec(check.run, { timeoutMs: 120_000 });
  const failures: string[] = [];
  if (check.expect.exitCode !== undefined && result.exitCode !== check.expect.exitCode) failures.push(`exit code ${result.exitCode}, expected ${check.expect.exitCode}`);
  for (const pattern of check.expect.matches) if (!new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output does not match /${pattern}/`);
  for (const pattern of check.expect.notMatches) if (new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output matches /${pattern}/`);
  const observed = failures.length === 0 ? 'pass' : 'fail';
  const deviation = deviationFor(check.deviations, recorder.versions());
  const evidenceFile = await recorder.writeEvidence(check.name, { check, result });
  recorder.record(
    commandCheckRecord(recorder.place(), {
    name: check.name,
    observed,
    deviation,
    detail: failures.length === 0 ? `\`${check.run}\` on ${check.on} met every expectation` : `\`${check.run}\` on ${check.on}: ${failures.join('; ')}`,
    durationMs: Math.round(performance.now() - started),
    evidenceFile,
  }),
  );
}
