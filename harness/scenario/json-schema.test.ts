import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaPath, scenarioJsonSchemaText } from './json-schema.ts';

type JsonSchema = { properties: Record<string, JsonSchema>; items: JsonSchema; additionalProperties: JsonSchema; [key: string]: unknown };

describe('the scenario JSON Schema', () => {
  it('is committed as generated from the zod schema', async () => {
    const committed = await readFile(join(import.meta.dirname, '../..', scenarioJsonSchemaPath), 'utf8').catch(() => '');
    // When this fails, the scenario format changed: run `npm run schema` and commit the file.
    expect(committed === scenarioJsonSchemaText(), `${scenarioJsonSchemaPath} is out of date: run \`npm run schema\` and commit it`).toBe(true);
  });

  it('gives a flow\'s expect its two input forms, not "any value"', () => {
    const schema = scenarioJsonSchema() as JsonSchema;
    const expectSchema = schema.properties.flows!.items.properties.expect!;
    expect(expectSchema.anyOf).toEqual([
      { type: 'string', enum: ['connected', 'refused', 'dropped', 'error'] },
      expect.objectContaining({ type: 'object', required: ['default'], additionalProperties: { type: 'string', enum: ['connected', 'refused', 'dropped', 'error'] } }),
    ]);
  });

  it('states the refinements JSON Schema cannot express, and gives exact forms where it can', () => {
    const schema = scenarioJsonSchema() as JsonSchema;
    const network = schema.properties.networks!;
    expect(network.minProperties).toBe(1);
    expect(network.additionalProperties.properties.subnet!.description).toContain('must be an IPv4 subnet in CIDR form');
    const address = schema.properties.hosts!.additionalProperties.properties.interfaces!.additionalProperties.properties.address!;
    expect(address).toEqual({ type: 'string', format: 'ipv4' });
  });

  it('lets a JSON file name its schema, and refuses unknown fields like the loader', () => {
    const schema = scenarioJsonSchema() as JsonSchema;
    expect(schema.properties.$schema).toMatchObject({ type: 'string' });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'networks', 'hosts']);
  });
});
