import type { ProcessResult } from '../core/process.ts';
import { commandCheckRecord } from '../results/check-record.ts';
import { checkExpectation, deviationFor, failsOnAsValues, keysOnTarget, versionKeyProblem } from '../results/expectations.ts';
import type { CheckObservation } from '../results/records.ts';
import { checkDeviations, checkMachine, type CheckContext } from '../format/check-context.ts';
import type { CheckSpec } from '../format/fields.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import type { StepRecorder, StepWorld } from './step-kind.ts';

// One command check, in a check step or the scenario's own `checks`: its cross-checks and its run.

// How long a check's command may run.
const checkTimeoutMs = 120_000;
// How much of a failed command's stderr its detail quotes.
const stderrTailChars = 400;

// A check runs on a declared machine, with regular expressions that compile, failsOn naming versions,
// and a deviation that observes "fail" where the check is expected to pass.
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
  check.failsOn.forEach((target, index) => {
    const problem = target === 'default' ? `"default" is not a version; list the suites or Docker version prefixes the check fails on` : versionKeyProblem(target);
    if (problem) context.report(`${path}.failsOn[${index}]`, problem);
  });
  checkDeviations(path, check.deviations, context.report);
  const byVersion = failsOnAsValues(check.failsOn);
  check.deviations.forEach((deviation, index) => {
    const where = `${path}.deviations[${index}].observed`;
    if (deviation.observed !== 'fail') return context.report(where, `"${deviation.observed}" cannot be a check's deviation; a check that deviates observes "fail"`);
    for (const target of deviation.on) {
      if (keysOnTarget(byVersion, target).some((key) => byVersion[key] === 'fail')) {
        context.report(where, `"fail" on ${target} is what failsOn already expects there, so this deviation contradicts it; keep ${target} in one of the two`);
      }
    }
  });
}

// Runs the check's command and records whether its exit code and output met every expectation. A
// command that fails (a non-zero exit the check does not expect) or runs out of time is an error: its
// output says nothing the check could judge.
export async function runCommandCheck(world: StepWorld, check: CheckSpec, recorder: StepRecorder): Promise<void> {
  await assertDaemonsAlive(world);
  const started = performance.now();
  const result = await world.machine(check.on).exec(check.run, { timeoutMs: checkTimeoutMs });
  const { observation, detail } = judge(check, result);
  const deviation = deviationFor(check.deviations, recorder.versions());
  const evidenceFile = await recorder.writeEvidence(check.name, { check, result });
  recorder.record(
    commandCheckRecord(recorder.place(), {
      name: check.name,
      expected: checkExpectation(check.failsOn, recorder.versions()),
      ...observation,
      deviation,
      detail,
      durationMs: Math.round(performance.now() - started),
      evidenceFile,
    }),
  );
}

// Pure: what a check observed in its command's result, and the line that says why.
export function judge(check: CheckSpec, result: Pick<ProcessResult, 'exitCode' | 'stdout' | 'stderr' | 'timedOut'>): { observation: CheckObservation; detail: string } {
  const where = `\`${check.run}\` on ${check.on}`;
  if (result.timedOut) {
    return { observation: { observed: 'error', errorCode: 'command-timed-out' }, detail: `${where} ran out of time after ${checkTimeoutMs} ms${stderrTail(result.stderr)}` };
  }
  if (check.expect.exitCode === undefined && result.exitCode !== 0) {
    return {
      observation: { observed: 'error', errorCode: 'command-failed' },
      detail: `${where} exited with ${result.exitCode}; the check states no exitCode, so it expects 0 (add expect.exitCode if ${result.exitCode} is the answer)${stderrTail(result.stderr)}`,
    };
  }
  const failures: string[] = [];
  if (check.expect.exitCode !== undefined && result.exitCode !== check.expect.exitCode) failures.push(`exit code ${result.exitCode}, expected ${check.expect.exitCode}`);
  for (const pattern of check.expect.matches) if (!new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output does not match /${pattern}/`);
  for (const pattern of check.expect.notMatches) if (new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output matches /${pattern}/`);
  return failures.length === 0
    ? { observation: { observed: 'pass' }, detail: `${where} met every expectation` }
    : { observation: { observed: 'fail' }, detail: `${where}: ${failures.join('; ')}` };
}

function stderrTail(stderr: string): string {
  const text = stderr.trim();
  if (text === '') return '; stderr empty';
  return `; stderr: ${text.length > stderrTailChars ? `…${text.slice(-stderrTailChars)}` : text}`;
}
