import type { z } from 'zod';
import { formatFieldPath, formatValue, valueAt } from '../format/field-path.ts';
import type { Problem } from './validate.ts';

// A problem with one field of a scenario, before it is prefixed with its file (and, for a YAML or
// JSON file, the line and column of the field).
export interface FieldProblem {
  // Where it is, as an author writes it: "flows[2].port"; "" for the scenario as a whole.
  readonly field: string;
  // The message without the file: "flows[2].port must be ... (got 70000)".
  readonly text: string;
  // An unknown or badly named key is shown at the key itself; anything else at its value.
  readonly at: 'key' | 'value';
  // The schema wanted text and got something else (in YAML, an unquoted 20.10 is the number 20.1).
  readonly wantedText?: boolean;
}

// The schema's issues as problems naming the field path and the offending value.
export function schemaProblems(issues: readonly z.core.$ZodIssue[], input: unknown): FieldProblem[] {
  return issues.map((issue) => {
    const field = formatFieldPath(issue.path);
    const shown = field || '(scenario)';
    if (issue.code === 'unrecognized_keys') {
      return { field: formatFieldPath([...issue.path, issue.keys[0] ?? '']), text: `${shown} ${issue.message}`, at: 'key' };
    }
    if (issue.code === 'invalid_key') {
      const why = issue.issues[0]?.message ?? issue.message;
      return { field, text: `${shown} is not a valid name: ${why} (got ${formatValue(issue.path.at(-1))})`, at: 'key' };
    }
    const value = valueAt(input, issue.path);
    const required = value === undefined ? 'is required: ' : '';
    const wantedText = issue.code === 'invalid_type' && issue.expected === 'string' && value !== undefined;
    return { field, text: `${shown} ${required}${issue.message} (got ${formatValue(value)})`, at: 'value', ...(wantedText ? { wantedText } : {}) };
  });
}

// The cross-checks' problems (references, addresses against subnets) in the same form.
export function crossCheckProblems(problems: readonly Problem[]): FieldProblem[] {
  return problems.map((problem) => ({ field: problem.path, text: `${problem.path} ${problem.message}`, at: 'value' }));
}
