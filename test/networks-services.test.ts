import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { ensureHostImage } from '../harness/backends/dind/host-image.ts';
import { silentProgress } from '../harness/core/progress.ts';
import { containersCreatedSince, labelledContainers, projectRoot, runCli } from './support.ts';

const run = promisify(execFile);
const fixtures = 'test/fixtures/networks-services';
// The user's image of user-image.scenario.ts, built here in the engine the harness runs on.
const appImage = 'harness-test-app:perl';

// Networks and services as operators run them, with real traffic on bookworm: a service on two
// networks (one made by hand), an internal network, an IPv6 network with a published port, and
// services of an image of the user's that the harness copies into the Docker host.
describe('networks and services', () => {
  beforeAll(async () => {
    // From the harness's own host image, without any registry: perl and its libraries alone.
    const hostImage = await ensureHostImage(engineClient(), 'bookworm', silentProgress);
    await run('docker', ['build', '-q', '--build-arg', `HOST_IMAGE=${hostImage}`, '-t', appImage, join(projectRoot, fixtures, 'app-image')]);
  }, 120_000);

  afterAll(async () => {
    await run('docker', ['rmi', appImage]);
  });

  it('each feature carries real traffic as the documentation says, and nothing is left behind', async () => {
    const files = ['two-networks', 'internal-network', 'ipv6-network', 'user-image'].map((name) => `${fixtures}/${name}.scenario.ts`);
    const result = await runCli(['run', ...files, '--suite', 'bookworm', '--jobs', '4']);
    expect(result.exitCode, result.stderr).toBe(0);
    const record = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8')) as { scenarios: Array<{ scenario: string; error?: string; checks: Array<{ name: string; observed: string }> }> };
    const observed = Object.fromEntries(record.scenarios.map((scenario) => [scenario.scenario, Object.fromEntries(scenario.checks.map((check) => [check.name, check.observed]))]));
    expect(observed).toEqual({
      'fixture-two-networks': {
        'front reaches web on front': 'connected',
        'handmade reaches web on handmade': 'connected',
        'handmade reaches web on handmade over udp': 'connected',
        'front does not reach web on handmade': 'dropped',
      },
      'fixture-internal-network': {
        'control: outer reaches the outsider': 'connected',
        'inner does not reach the outsider': 'dropped',
        'control: the outsider reaches outer through its published port': 'connected',
        'the outsider does not reach inner through the host': 'dropped',
      },
      'fixture-ipv6-network': {
        'the published port answers an IPv6 flow': 'connected',
        'a container reaches web at its IPv6 address': 'connected',
      },
      'fixture-user-image': {
        "app reaches app2 on its own command's ports": 'connected',
        'the published TCP port answers': 'connected',
        'the published UDP port answers': 'connected',
        "app does not answer on the ports app2's command gave it": 'refused',
      },
    });
    // The IPv6 flow went to the container's IPv6 address on its network.
    expect(result.stderr).toMatch(/a container reaches web at its IPv6 address: connected — peer on docker1 -> fd00:6301::\w+:80\/tcp/);
    // The image was loaded into the host once, for the first of its two services.
    const evidence = join(result.runDir!, 'evidence', 'fixture-user-image-bookworm');
    expect(await readFile(join(evidence, 'step-01-service.txt'), 'utf8')).toContain(`Loaded image: ${appImage}`);
    expect(await readFile(join(evidence, 'step-02-service.txt'), 'utf8')).toMatch(new RegExp(`^\\(image ${appImage} already loaded into docker1\\)`));
    expect(await labelledContainers()).toEqual([]);
  }, 300_000);

  it('a service image the engine does not have is refused before anything starts, naming the file, the field and the image', async () => {
    const since = Math.floor(Date.now() / 1000);
    const result = await runCli(['run', `${fixtures}/missing-image.scenario.ts`, '--suite', 'bookworm']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${fixtures}/missing-image.scenario.ts: steps[0].image "harness-test-absent:none" is not an image of the engine the harness runs on`);
    expect(await containersCreatedSince(since)).toBe(0);
  }, 60_000);
});
