import { z } from 'zod';
import { HarnessError } from '../core/errors.ts';
import { verdict } from '../format/fields.ts';
import { checkErrorCodes, flowErrorCodes, scenarioErrorCodes } from './error-code.ts';
import { outcomes } from './outcome.ts';
import { runRecordVersion, type RunRecord, type ScenarioRecord } from './records.ts';

// run.json as merge accepts it: exactly the records a run of this schemaVersion writes (see records.ts).

const checkCommon = {
  scenario: z.string(),
  file: z.string(),
  claims: z.array(z.string()),
  suite: z.string(),
  dockerVersion: z.string(),
  name: z.string(),
  outcome: z.enum(outcomes),
  detail: z.string(),
  deviationReason: z.string().optional(),
  evidenceFile: z.string().optional(),
  durationMs: z.number(),
};

const flowDescription = z.strictObject({
  from: z.string(),
  to: z.string(),
  via: z.string().optional(),
  port: z.number().int(),
  proto: z.enum(['tcp', 'udp']),
  family: z.enum(['ipv4', 'ipv6']),
  address: z.string().optional(),
});

const decidingRule = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('trace'), table: z.string(), chain: z.string(), rule: z.string(), verdict: z.string() }),
  z.strictObject({ by: z.literal('rule-hits'), rules: z.array(z.strictObject({ family: z.enum(['ipv4', 'ipv6']), table: z.string(), rule: z.string() })) }),
]);

const flowCommon = { ...checkCommon, kind: z.literal('flow'), expected: verdict, flow: flowDescription.optional(), decidedBy: decidingRule.optional() };

const flowRecordSchema = z.discriminatedUnion('observed', [
  z.strictObject({ ...flowCommon, observed: z.enum(['connected', 'refused', 'dropped']) }),
  z.strictObject({ ...flowCommon, observed: z.literal('error'), errorCode: z.enum(flowErrorCodes) }),
]);

const commandCheckRecordSchema = z.discriminatedUnion('observed', [
  z.strictObject({ ...checkCommon, kind: z.literal('check'), expected: z.enum(['pass', 'fail']), observed: z.enum(['pass', 'fail']) }),
  z.strictObject({ ...checkCommon, kind: z.literal('check'), expected: z.enum(['pass', 'fail']), observed: z.literal('error'), errorCode: z.enum(checkErrorCodes) }),
]);

const scenarioRecordSchema = z
  .strictObject({
    scenario: z.string(),
    file: z.string(),
    claims: z.array(z.string()),
    page: z.string().optional(),
    suite: z.string(),
    dockerVersion: z.string(),
    checks: z.array(z.discriminatedUnion('kind', [flowRecordSchema, commandCheckRecordSchema])),
    error: z.string().optional(),
    errorCode: z.enum(scenarioErrorCodes).optional(),
    skipped: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('not-applicable'), needsDocker: z.string(), reason: z.string() }),
        z.strictObject({ kind: z.literal('kernel'), missing: z.array(z.string()), reason: z.string(), runWith: z.string() }),
      ])
      .optional(),
    warnings: z.array(z.string()).optional(),
    durationMs: z.number(),
  })
  .refine((scenario) => (scenario.error === undefined) === (scenario.errorCode === undefined), {
    message: 'must be given together with error, and only with it',
    path: ['errorCode'],
  })
  .refine((scenario): scenario is typeof scenario & ScenarioRecord => scenario.error === undefined || scenario.skipped === undefined, {
    message: 'a scenario that was skipped has no error',
    path: ['skipped'],
  });

export const runRecordSchema = z.strictObject({
  schemaVersion: z.literal(runRecordVersion),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  scenarios: z.array(scenarioRecordSchema),
  invalidFiles: z.array(z.strictObject({ file: z.string(), problems: z.array(z.string()).min(1) })).optional(),
  acceptDeviationGone: z.literal(true).optional(),
  warnings: z.array(z.string()).optional(),
});

// At most this many problems are listed; the rest are counted.
const shownProblems = 10;

// The run record in a parsed run.json, or an error naming the file, each bad field and its value.
export function parseRunRecord(value: unknown, file: string): RunRecord {
  const result = runRecordSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, shownProblems).map((issue) => `${file}: ${describeIssue(issue, value)}`);
  const more = result.error.issues.length - shownProblems;
  if (more > 0) lines.push(`${file}: … and ${more} more problems`);
  throw new HarnessError('RUN_RECORD_INVALID', lines.join('\n'));
}

// "scenarios[3].checks[0].observed must be one of "pass", "fail" (got "maybe")".
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') return `${where || 'the record'} has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quote).join(', ')}`;
  const got = valueAt(input, issue.path);
  const shown = got === undefined ? 'nothing: the field is missing' : quote(got);
  const rule = ruleOf(issue);
  const hint = where === 'schemaVersion' ? `; this run.json was not written by this version of the harness (run.json schemaVersion ${runRecordVersion})` : '';
  return `${where || 'the file'} ${rule} (got ${shown})${hint}`;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quote(issue.values[0])}` : `must be one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options) ? `must be one of ${issue.options.map(quote).join(', ')}` : `is not any of the record shapes (${issue.message})`;
    case 'invalid_type':
      return `must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_format':
      return `must be ${issue.format === 'datetime' ? 'an ISO date and time such as 2025-01-02T03:04:05.000Z' : `in ${issue.format} form`}`;
    default:
      return issue.message;
  }
}

// ["scenarios", 3, "checks", 0, "observed"] -> "scenarios[3].checks[0].observed"
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

// A value as JSON, cut short where it is long (a whole scenario record, say).
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
