import { z } from 'zod';
import { fieldForms, hostSchema, ipv4, ipv6, sourceSchema } from '../format/fields.ts';
import { scenarioSchema } from './schema.ts';

// Where the generated schema is committed (npm run schema writes it; a unit test says when it is stale).
export const scenarioJsonSchemaPath = 'scenarios/scenario.schema.json';

// The scenario format as a JSON Schema, generated from the zod schema, for editors of YAML and JSON
// scenarios. Draft-07 is the draft editors know best. What JSON Schema cannot say is not guessed:
// a refinement with an exact JSON Schema form gets it (IPv4 and IPv6 addresses, a map that must not be
// empty), every other one is stated in the field's description, and the cross-checks between parts
// (names that must exist, addresses inside their subnets) are left to `harness validate`.
export function scenarioJsonSchema(): Record<string, unknown> {
  const target = 'draft-7';
  const exact = new Map<z.core.$ZodType, Record<string, unknown>>([
    [ipv4, { format: 'ipv4' }],
    [ipv6, { format: 'ipv6' }],
    [scenarioSchema.shape.networks, { minProperties: 1 }],
    [scenarioSchema.shape.hosts, { minProperties: 1 }],
    [hostSchema.shape.interfaces, { minProperties: 1 }],
    [sourceSchema.shape.interfaces, { minProperties: 1 }],
  ]);
  const generate = (zodType: z.core.$ZodType): Record<string, unknown> =>
    z.toJSONSchema(zodType, {
      target,
      io: 'input',
      // Custom types are handled below; anything unhandled fails here rather than becoming "any value".
      unrepresentable: 'any',
      override: ({ zodSchema, jsonSchema }) => {
        // A field with several forms (a flow's expect, its destination, a source) is checked by a
        // transform that reports problems against the form written; as input it is one of its forms.
        const forms = fieldForms.get(zodSchema);
        if (forms) {
          jsonSchema.anyOf = forms.map((form) => {
            const { $schema: _, ...rest } = generate(form);
            return rest;
          });
          return;
        }
        if (zodSchema._zod.def.type === 'custom') throw new Error(`a custom zod type in the scenario schema has no JSON Schema form; describe it in ${import.meta.filename}`);
        const form = exact.get(zodSchema);
        if (form) {
          Object.assign(jsonSchema, form);
          return;
        }
        const rules = refinementMessages(zodSchema);
        if (rules.length > 0) jsonSchema.description = [jsonSchema.description, `Checked when the harness loads the file: ${rules.join('; ')}.`].filter(Boolean).join(' ');
      },
    }) as Record<string, unknown>;
  const schema = generate(scenarioSchema);
  const properties = schema.properties as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'docker-firewall-harness scenario',
    description:
      'A scenario of docker-firewall-harness (*.scenario.yaml, *.scenario.yml or *.scenario.json). Generated from harness/scenario/schema.ts by `npm run schema`. ' +
      'Cross-checks between parts (names of hosts, sources, networks and services that must exist, addresses inside their subnets) are made by `harness validate`.',
    ...schema,
    properties: { $schema: { type: 'string', description: 'The JSON Schema this file follows, for editors; the harness ignores it.' }, ...properties },
  };
}

// The file's text: what `npm run schema` writes and the unit test compares.
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

// The messages of a schema's refinements (zod keeps each as a custom check).
function refinementMessages(schema: z.core.$ZodType): string[] {
  return (schema._zod.def.checks ?? [])
    .filter((check) => check._zod.def.check === 'custom')
    .map((check) => {
      const error = (check._zod.def as { error?: (issue?: unknown) => unknown }).error?.();
      return typeof error === 'string' ? error : ((error as { message?: string } | undefined)?.message ?? 'a rule of the harness');
    });
}
