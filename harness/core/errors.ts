// Errors with a stable code, so callers (and the exit code) can tell what kind of failure it was.
export class HarnessError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}

// One or more scenario files failed validation; nothing has been started.
export class ScenarioError extends HarnessError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('SCENARIO_INVALID', problems.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

// Formats any thrown value with its cause chain, for logs and error verdicts.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\n  caused by: ${describeError(error.cause)}`;
  return `${error.message}${cause}`;
}
