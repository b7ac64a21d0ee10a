import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenarioFiles, loadScenarioFiles, type LoadedFiles } from './load.ts';
import { selectScenarios } from './select.ts';

// A valid scenario in YAML; line numbers below refer to this text.
const valid = (name: string, extra = '') => `# yaml-language-server: $schema=../scenario.schema.json
name: ${name}
tags: [smoke]
networks:
  lan: { subnet: 192.168.1.0/24 }
hosts:
  docker1:
    interfaces:
      eth0: { network: lan, address: 192.168.1.10 }
sources:
  one:
    interfaces:
      eth0: { network: lan, address: 192.168.1.1 }
flows:
  - { from: one, to: docker1, port: 8080, expect: connected }
  - from: one
    to: docker1
    port: 8081
    expect: refused
${extra}`;

let dir: string;

async function load(files: Record<string, string>): Promise<LoadedFiles> {
  const folder = await mkdtemp(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  return loadScenarioFiles(await findScenarioFiles(folder), folder);
}

async function problemsOf(name: string, text: string): Promise<readonly string[]> {
  const { scenarios, invalid } = await load({ [name]: text });
  expect(scenarios).toEqual([]);
  return invalid[0]?.problems ?? [];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-load-test-'));
});

describe('YAML scenario files', () => {
  it('load like their TypeScript form, defaults filled in', async () => {
    const { scenarios, invalid } = await load({ 'a.scenario.yaml': valid('a') });
    expect(invalid).toEqual([]);
    expect(scenarios[0]?.file).toBe('a.scenario.yaml');
    expect(scenarios[0]?.scenario.flows[1]).toEqual({ from: 'one', to: 'docker1', port: 8081, proto: 'tcp', family: 'ipv4', expect: 'refused', deviations: [] });
  });

  it('name the line and column of a bad value', async () => {
    const text = valid('a').replace('port: 8081', 'port: 70000');
    expect(await problemsOf('a.scenario.yaml', text)).toEqual(['a.scenario.yaml:18:11: flows[1].port Too big: expected number to be <=65535 (got 70000)']);
  });

  it('point at an unknown key itself, and at the map that lacks a required one', async () => {
    const text = valid('a').replace('    expect: refused\n', '    expcet: refused\n');
    expect(await problemsOf('a.scenario.yaml', text)).toEqual([
      'a.scenario.yaml:16:5: flows[1].expect is required: Invalid option: expected one of "connected"|"refused"|"dropped"|"error" (got nothing)',
      'a.scenario.yaml:19:5: flows[1] Unrecognized key: "expcet"',
    ]);
  });

  it('place cross-check problems too', async () => {
    const text = valid('a').replace('to: docker1\n    port: 8081', 'to: dokcer1\n    port: 8081');
    expect(await problemsOf('a.scenario.yaml', text)).toEqual([
      'a.scenario.yaml:17:9: flows[1].to "dokcer1" is not one of the scenario\'s hosts or sources (docker1, one)',
    ]);
  });

  it('give each syntax error its place', async () => {
    const problems = await problemsOf('a.scenario.yaml', valid('a').replace('lan: { subnet: 192.168.1.0/24 }', 'lan: { subnet: 192.168.1.0/24'));
    // The unclosed map on line 5 is found where the next line starts.
    expect(problems).toEqual(['a.scenario.yaml:6:1: cannot be parsed: Flow map in block collection must be sufficiently indented and end with a }']);
  });

  it('keep a per-version key as written (20.10, not the number 20.1), and say to quote a version given as a value', async () => {
    const expectByVersion = valid('a').replace('expect: refused', "expect: { default: refused, 20.10: dropped, '28.5': dropped }");
    const { scenarios } = await load({ 'a.scenario.yaml': expectByVersion });
    expect(scenarios[0]?.scenario.flows[1]?.expect).toEqual({ default: 'refused', '20.10': 'dropped', '28.5': 'dropped' });

    const deviation = valid('a', '    deviations: [{ on: [20.10], observed: dropped, reason: the firewall of 20.10 drops it }]\n');
    expect(await problemsOf('a.scenario.yaml', deviation)).toEqual([
      'a.scenario.yaml:20:25: flows[1].deviations[0].on[0] Invalid input: expected string, received number (got 20.1); put it in quotes to keep it as written: "20.10"',
    ]);
  });
});

describe('JSON scenario files', () => {
  const json = JSON.stringify(
    {
      $schema: './scenario.schema.json',
      name: 'j',
      networks: { lan: { subnet: '192.168.1.0/24' } },
      hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
      flows: [{ from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' }],
    },
    null,
    2,
  );

  it('load, with their $schema pointer ignored', async () => {
    const { scenarios, invalid } = await load({ 'j.scenario.json': json });
    expect(invalid).toEqual([]);
    expect(scenarios[0]?.scenario.name).toBe('j');
  });

  it('name the line and column of a problem', async () => {
    const problems = await problemsOf('j.scenario.json', json.replace('"address": "192.168.1.10"', '"address": "192.168.1.300"'));
    expect(problems).toEqual(['j.scenario.json:14:22: hosts.docker1.interfaces.eth0.address must be an IPv4 address (got "192.168.1.300")']);
  });
});

describe('a broken file fails alone', () => {
  it('the valid files load, the broken one is listed with every problem', async () => {
    const broken = valid('b').replace('port: 8081', 'port: 0').replace('address: 192.168.1.1 ', 'address: 10.0.0.1 ');
    const { scenarios, invalid } = await load({ 'a.scenario.yaml': valid('a'), 'b.scenario.yaml': broken, 'c.scenario.ts': 'export default {' });
    expect(scenarios.map((loaded) => loaded.file)).toEqual(['a.scenario.yaml']);
    expect(invalid.map((entry) => entry.file)).toEqual(['b.scenario.yaml', 'c.scenario.ts']);
    expect(invalid[0]?.problems).toEqual(['b.scenario.yaml:18:11: flows[1].port Too small: expected number to be >=1 (got 0)']);
    expect(invalid[0]?.tags).toEqual(['smoke']);
    expect(invalid[1]?.problems[0]).toMatch(/^c\.scenario\.ts: cannot be loaded: /);
    expect(invalid[1]?.tags).toBeUndefined();
  });

  it('a second file with a name already used is the invalid one', async () => {
    const { scenarios, invalid } = await load({ 'a.scenario.yaml': valid('same'), 'b.scenario.json': JSON.stringify({ name: 'x' }), 'c.scenario.yml': valid('same') });
    expect(scenarios.map((loaded) => loaded.file)).toEqual(['a.scenario.yaml']);
    expect(invalid.find((entry) => entry.file === 'c.scenario.yml')?.problems).toEqual(['c.scenario.yml: name "same" is already used by a.scenario.yaml']);
  });

  it('a selection leaves out a broken file whose tags or claims it can read, and keeps one it cannot', async () => {
    const files = await load({
      'a.scenario.yaml': valid('a'),
      'tagged.scenario.yaml': valid('t').replace('tags: [smoke]', 'tags: [ufw]').replace('port: 8081', 'port: 0'),
      'unreadable.scenario.yaml': valid('u').replace('tags: [smoke]', 'tags: ufw'),
    });
    const byTag = selectScenarios(files, { tag: 'smoke' });
    expect(byTag.scenarios.map((loaded) => loaded.file)).toEqual(['a.scenario.yaml']);
    expect(byTag.invalid.map((entry) => entry.file)).toEqual(['unreadable.scenario.yaml']);
    expect(selectScenarios(files, { tag: 'ufw' }).invalid.map((entry) => entry.file)).toEqual(['tagged.scenario.yaml', 'unreadable.scenario.yaml']);
    // No claims field means no claims, so --claim leaves all three out.
    expect(selectScenarios(files, { claim: 'C07' })).toEqual({ scenarios: [], invalid: [] });
  });

  it('a file that is missing or not a scenario file is an invalid file naming why', async () => {
    const { invalid } = await loadScenarioFiles([join(dir, 'gone.scenario.yaml'), join(import.meta.dirname, 'load.ts')], dir);
    expect(invalid[0]?.problems).toEqual(['gone.scenario.yaml: does not exist']);
    expect(invalid[1]?.problems[0]).toMatch(/load\.ts: is not a scenario file \(their names end in \.scenario\.ts, \.scenario\.yaml, \.scenario\.yml, \.scenario\.json\)$/);
  });
});
