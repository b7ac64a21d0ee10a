import { checkStep } from './check.ts';
import { commandStep } from './command.ts';
import { daemonStep } from './daemon.ts';
import { dockerUserStep } from './docker-user.ts';
import { firewalldStep } from './firewalld.ts';
import { flowsStep } from './flows.ts';
import { iptablesStep } from './iptables.ts';
import { listenStep } from './listen.ts';
import { networkStep } from './network.ts';
import { policyFilesStep } from './policy-files.ts';
import { removeServiceStep } from './remove-service.ts';
import { routeStep } from './route.ts';
import { serviceStep } from './service.ts';
import type { StepKind } from './step-kind.ts';
import { ufwStep } from './ufw.ts';

// Every step kind a scenario may use, in the order error messages list them. A new kind is one
// module in this folder and one line here.
export const stepKinds = [
  dockerUserStep,
  iptablesStep,
  daemonStep,
  networkStep,
  serviceStep,
  removeServiceStep,
  ufwStep,
  firewalldStep,
  policyFilesStep,
  routeStep,
  listenStep,
  commandStep,
  flowsStep,
  checkStep,
] as const;

type StepSchemas<Kinds extends readonly StepKind[]> = { readonly [Index in keyof Kinds]: Kinds[Index]['schema'] };

// The kinds' schemas as a tuple, one type per kind, so the union of them infers each kind's exact fields.
export const stepSchemas = stepKinds.map((kind) => kind.schema) as unknown as StepSchemas<typeof stepKinds>;

const byName = new Map<string, StepKind>(stepKinds.map((kind) => [kind.schema.shape.kind.value, kind]));

// The definition of a schema-valid step's kind.
export function stepKindOf(step: { readonly kind: string }): StepKind {
  const kind = byName.get(step.kind);
  if (!kind) throw new Error(`no step kind "${step.kind}" (known: ${[...byName.keys()].join(', ')})`);
  return kind;
}
