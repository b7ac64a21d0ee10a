import { checkSchema } from '../format/fields.ts';
import { checkCommandCheck, runCommandCheck } from './command-check.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('check', { check: checkSchema });

// A command check at this point of the sequence (each of the scenario's own `checks` runs as one such step, last).
export const checkStep: StepKind<typeof schema> = {
  schema,
  evidence: 'records',
  check: (path, step, context) => checkCommandCheck(`${path}.check`, step.check, context),
  apply: (world, step, recorder) => runCommandCheck(world, step.check, recorder),
};
