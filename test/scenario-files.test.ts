import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../harness/results/records.ts';
import { labelledContainers, projectRoot, runCli } from './support.ts';

const tsScenario = 'scenarios/defaults/every-source-connects.scenario.ts';
const yamlTwin = 'test/fixtures/scenario-files/every-source-connects.scenario.yaml';

async function runRecord(runDir: string): Promise<RunRecord> {
  return JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as RunRecord;
}

// A run's records without what differs from one run to the next whatever the file says: the file's
// path, durations, and in a flow's detail its timings, the source's ephemeral port and how many
// packets (retransmissions included) arrived.
function comparable(run: RunRecord): unknown {
  return run.scenarios.map(({ file: _file, durationMs: _duration, checks, ...scenario }) => ({
    ...scenario,
    checks: checks.map(({ file: _checkFile, durationMs: _checkDuration, detail, ...check }) => ({
      ...check,
      detail: detail
        .replace(/\d+(\.\d+)? ms\b/g, '<ms>')
        .replace(/(peer [\d.]+):\d+/g, '$1:<port>')
        .replace(/\d+ packets? arrived/g, '<n> arrived'),
    })),
  }));
}

// A broken YAML file with the twin's tag, and one whose tag the run leaves out.
const broken = (tag: string) => `name: broken-${tag}
tags: [${tag}]
networks:
  lan: { subnet: 192.168.1.0/24 }
hosts:
  docker1:
    interfaces:
      eth0: { network: lan, address: 192.168.1.10 }
flows:
  - { from: docker1, to: 127.0.0.1, port: 70000, expect: connected }
  - { from: docker1, to: 127.0.0.1, port: 80, expect: maybe }
`;

describe('scenario files in YAML', () => {
  it('a YAML scenario gives the records its TypeScript twin gives; a broken file beside it fails alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'harness-scenario-files-'));
    await copyFile(join(projectRoot, yamlTwin), join(dir, 'every-source-connects.scenario.yaml'));
    await writeFile(join(dir, 'broken-smoke.scenario.yaml'), broken('smoke'));
    await writeFile(join(dir, 'broken-ufw.scenario.yml'), broken('ufw'));

    const [fromTs, fromYaml] = await Promise.all([
      runCli(['run', tsScenario, '--suite', 'bookworm', '--jobs', '1']),
      runCli(['run', dir, '--tag', 'smoke', '--suite', 'bookworm', '--jobs', '1']),
    ]);
    expect(fromTs.exitCode, fromTs.stderr).toBe(0);
    const tsRun = await runRecord(fromTs.runDir!);
    const yamlRun = await runRecord(fromYaml.runDir!);
    expect(tsRun.scenarios[0]?.checks).toHaveLength(4);
    expect(comparable(yamlRun)).toEqual(comparable(tsRun));

    // The broken file with the selected tag is reported everywhere and fails the run; the one
    // --tag leaves out is not mentioned at all.
    expect(fromYaml.exitCode, fromYaml.stderr).toBe(1);
    const problems = [
      expect.stringMatching(/broken-smoke\.scenario\.yaml:10:43: flows\[0\]\.port Too big: expected number to be <=65535 \(got 70000\)$/),
      expect.stringMatching(/broken-smoke\.scenario\.yaml:11:55: flows\[1\]\.expect Invalid option: expected one of .* \(got "maybe"\)$/),
    ];
    expect(yamlRun.invalidFiles).toEqual([{ file: expect.stringMatching(/broken-smoke\.scenario\.yaml$/), problems }]);
    expect(fromYaml.stderr).toMatch(/broken-smoke\.scenario\.yaml: invalid, left out of the run/);
    expect(fromYaml.stderr).not.toContain('broken-ufw');
    expect(await readFile(join(fromYaml.runDir!, 'summary.txt'), 'utf8')).toMatch(/^! .*broken-smoke\.scenario\.yaml: invalid scenario file, not run$/m);
    expect(await readFile(join(fromYaml.runDir!, 'results.tap'), 'utf8')).toMatch(/^not ok 1 - .*broken-smoke\.scenario\.yaml \(invalid scenario file\)$/m);
    expect(await labelledContainers()).toEqual([]);

    // validate lists every problem of every file, the left-out one too, and exits non-zero.
    const validate = await runCli(['validate', dir]);
    expect(validate.exitCode).toBe(2);
    for (const tag of ['smoke', 'ufw']) {
      expect(validate.stderr).toMatch(new RegExp(`broken-${tag}\\.scenario\\.ya?ml:10:43: flows\\[0\\]\\.port Too big`));
      expect(validate.stderr).toMatch(new RegExp(`broken-${tag}\\.scenario\\.ya?ml:11:55: flows\\[1\\]\\.expect Invalid option`));
    }
    expect(validate.stderr).toContain('1 scenario(s) valid, 2 file(s) invalid');
  });
});
