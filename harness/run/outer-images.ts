import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { describeError, HarnessError, ScenarioError } from '../core/errors.ts';
import type { ImageSource } from '../machines/image-source.ts';
import type { LoadedScenario } from '../scenario/load.ts';

// The user's service images, taken from the engine the harness runs on: each saved once per run to a
// tar file that every Docker host needing it loads.
export class OuterImages implements ImageSource {
  private readonly docker: Docker;
  private readonly saved = new Map<string, Promise<string>>();
  private dir: Promise<string> | undefined;

  constructor(docker: Docker) {
    this.docker = docker;
  }

  save(image: string): Promise<string> {
    let saving = this.saved.get(image);
    if (!saving) {
      saving = this.saveOnce(image);
      this.saved.set(image, saving);
      saving.catch(() => this.saved.delete(image));
    }
    return saving;
  }

  private async saveOnce(image: string): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'harness-images-'));
    const file = join(await this.dir, `${createHash('sha256').update(image).digest('hex').slice(0, 16)}.tar`);
    try {
      await pipeline((await this.docker.getImage(image).get()) as NodeJS.ReadableStream, createWriteStream(file));
    } catch (error) {
      throw new HarnessError('STEP_FAILED', `saving image "${image}" from the engine the harness runs on: ${describeError(error)}`, { cause: error });
    }
    return file;
  }

  // Removes the saved tar files.
  async close(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}

// Every service image a scenario names exists in the engine the harness runs on; otherwise nothing
// starts and each missing one is named with its file and field. An engine that does not answer is
// left to the run, which reports it for every scenario.
export async function checkUserImages(docker: Docker, scenarios: readonly LoadedScenario[]): Promise<void> {
  const problems: string[] = [];
  for (const { file, scenario } of scenarios) {
    for (const [index, step] of scenario.steps.entries()) {
      if (step.kind !== 'service' || step.image === undefined) continue;
      const missing = await docker
        .getImage(step.image)
        .inspect()
        .then(() => false)
        .catch((error: unknown) => (error as { statusCode?: number }).statusCode === 404);
      if (missing) problems.push(`${file}: steps[${index}].image "${step.image}" is not an image of the engine the harness runs on; build or load it there first (docker images lists what it has)`);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
}
