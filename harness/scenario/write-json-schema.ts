import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scenarioJsonSchemaPath, scenarioJsonSchemaText } from './json-schema.ts';

// `npm run schema`: regenerates the committed JSON Schema after the scenario format changed.
const target = join(import.meta.dirname, '../..', scenarioJsonSchemaPath);
await writeFile(target, scenarioJsonSchemaText(), 'utf8');
process.stdout.write(`wrote ${scenarioJsonSchemaPath}\n`);
