import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJunit } from './junit.ts';
import { fixtureRun } from './run-fixture.ts';
import { toTap } from './tap.ts';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'junit-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('writeJunit', () => {
  it('writes JUnit XML with a failure for the failing check', async () => {
    const file = await writeJunit(toTap(fixtureRun()), dir);
    expect(file).toBe(path.join(dir, 'junit.xml'));
    const xml = await readFile(file, 'utf8');

    expect(xml.startsWith('<?xml')).toBe(true);
    expect(count(xml, '<testcase ')).toBe(5);
    expect(count(xml, '<failure ')).toBe(3);
    expect(xml).toContain('<testcase name="docker-user-drop [bookworm] host to published 8080" id="1"/>');
    // The failing flow's detail is in its <failure> element (XML-escaped).
    const failing = xml.slice(xml.indexOf('<testcase name="docker-user-drop [bookworm] LAN to published 8080"'));
    const failure = failing.slice(failing.indexOf('<failure '), failing.indexOf('/>') + 2);
    expect(failure).toContain(
      'detail: 192.168.1.2 -&gt; 192.168.1.10:8080/tcp connected: rule &quot;DOCKER-USER -j DROP&quot; never matched',
    );
    expect(failure).toContain('evidence: evidence/docker-user-drop/lan-8080.json');
    // The deviation gone fails with what to update as the failure's message.
    const gone = xml.slice(xml.indexOf('<testcase name="ipv6-published [trixie] ip6tables DOCKER-USER chain exists"'));
    expect(gone.slice(0, gone.indexOf('</testcase>'))).toContain('<failure message="the documented behaviour now holds on Docker 27.5.1 (trixie): ');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('writes a passing run under the given name and creates the directory', async () => {
    const tap = 'TAP version 14\n1..1\nok 1 - only\n';
    const file = await writeJunit(tap, path.join(dir, 'nested', 'deeper'), 'pass-only.xml');
    expect(file).toBe(path.join(dir, 'nested', 'deeper', 'pass-only.xml'));
    const xml = await readFile(file, 'utf8');
    expect(count(xml, '<testcase ')).toBe(1);
    expect(xml).not.toContain('<failure');
  });

  it('replaces a stale file from an earlier run', async () => {
    await writeFile(path.join(dir, 'junit.xml'), 'stale');
    const xml = await readFile(await writeJunit('TAP version 14\n1..0\n', dir), 'utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
  });

  it('keeps the test cases of a run with warnings (TAP comments)', async () => {
    const run = fixtureRun();
    const warned = { ...run, scenarios: run.scenarios.map((scenario) => ({ ...scenario, warnings: ['teardown failed: x'] })) };
    const xml = await readFile(await writeJunit(toTap(warned), dir), 'utf8');
    expect(count(xml, '<testcase ')).toBe(5);
    expect(count(xml, '<failure ')).toBe(3);
  });

  it('keeps escaped descriptions intact through tap-junit', async () => {
    const run = fixtureRun();
    const first = run.scenarios[0]!;
    const odd = { ...first, scenario: 'a#b', checks: [{ ...first.checks[0]!, scenario: 'a#b', name: 'c \\ d # TODO e {' }] };
    const xml = await readFile(await writeJunit(toTap({ ...run, scenarios: [odd] }), dir), 'utf8');
    expect(xml).toContain('<testcase name="a#b [bookworm] &quot;c \\ d # TODO e {&quot;" id="1"/>');
  });

  it('refuses names tap-junit would rewrite or misread', async () => {
    for (const name of ['results.v2.xml', 'junit', 'my results.xml', '-x.xml', '1.e5', 'sub/junit.xml']) {
      await expect(writeJunit('TAP version 14\n1..0\n', dir, name)).rejects.toThrow(/would be renamed or misread/);
    }
  });
});
