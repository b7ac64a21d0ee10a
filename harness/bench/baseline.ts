import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { describeError } from '../core/errors.ts';
import { execProcess } from '../core/process.ts';
import { requireRemoved, type Removal } from '../core/removal.ts';
import type { Progress } from '../core/progress.ts';

// The peer baseline: a bash suite in the style of ufw-docker's Vagrant tests (a fresh DinD host per
// claim, `nc -w 2` verdicts). It is kept outside the repository, beside the project by default.
export interface Baseline {
  readonly dir: string;
  readonly seedScript: string;
  readonly buildScript: string;
}

export const baselineEnv = 'BENCH_BASELINE_DIR';
const seedScriptName = 'baseline-seed.sh';
const buildScriptName = 'build-images.sh';
// The images build-images.sh makes and baseline-seed.sh runs; they are kept as a cache, like the harness's host images.
const baselineImages = ['local/dind-host:bookworm', 'local/bb:1'];
// What baseline-seed.sh creates on the engine, by the names it gives them; the bench removes these after each run.
const baselineContainers = ['bl-h', 'bl-s1', 'bl-s2'];
const baselineNetworks = ['bl-ext'];
const buildTimeoutMs = 30 * 60_000;
const runTimeoutMs = 15 * 60_000;

// Where to look: the --baseline option, else $BENCH_BASELINE_DIR, else ../shared/bench/ beside the project.
export function baselineDir(option: string | undefined, env: NodeJS.ProcessEnv, root: string): string {
  return resolve(root, option ?? env[baselineEnv] ?? '../shared/bench');
}

// The baseline in `dir`, or why it cannot be used and how to get it.
export async function findBaseline(dir: string): Promise<Baseline | { readonly missing: string }> {
  const seedScript = join(dir, seedScriptName);
  const buildScript = join(dir, buildScriptName);
  const absent: string[] = [];
  for (const script of [seedScript, buildScript]) await access(script).catch(() => absent.push(script));
  if (absent.length === 0) return { dir, seedScript, buildScript };
  return {
    missing: `${absent.join(' and ')} not found. Put the baseline's folder (${seedScriptName} and ${buildScriptName}) at ../shared/bench/ beside the project, or name its folder with --baseline <dir> or ${baselineEnv}=<dir>`,
  };
}

const exists = (what: Promise<unknown>) =>
  what.then(
    () => true,
    (error: unknown) => {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    },
  );

// Builds the baseline's images with its own build-images.sh (Debian packages, no registry) when one
// is missing; says what it did.
export async function ensureBaselineImages(docker: Docker, baseline: Baseline, progress: Progress): Promise<string> {
  const missing: string[] = [];
  for (const image of baselineImages) if (!(await exists(docker.getImage(image).inspect()))) missing.push(image);
  if (missing.length === 0) return `cached (${baselineImages.join(', ')})`;
  progress.line(`bench: building the baseline's images (${missing.join(', ')} missing) with ${baseline.buildScript}`);
  const build = await execProcess(['bash', baseline.buildScript], { timeoutMs: buildTimeoutMs, processGroup: true });
  if (build.exitCode !== 0) throw new Error(`bench: ${baseline.buildScript} failed (exit ${build.exitCode}${build.timedOut ? `, stopped after ${buildTimeoutMs} ms` : ''}): ${build.stderr.slice(-2000)}`);
  return `built now in ${(build.durationMs / 1000).toFixed(0)} s (${baselineImages.join(', ')})`;
}

// One run of baseline-seed.sh, timed end to end; what it created is removed afterwards. It names its
// containers and network itself, so a leftover of the same name (not ours) stops the bench instead.
export async function runBaselineOnce(docker: Docker, baseline: Baseline): Promise<{ ms: number; note: string }> {
  for (const name of baselineContainers) if (await exists(docker.getContainer(name).inspect())) throw new Error(`bench: a container named ${name} already exists; the baseline would collide with it, and the bench removes only what the baseline creates`);
  for (const name of baselineNetworks) if (await exists(docker.getNetwork(name).inspect())) throw new Error(`bench: a network named ${name} already exists; the baseline would collide with it, and the bench removes only what the baseline creates`);
  // The script leaves its init script in $TMPDIR; a folder of the bench's own keeps it from piling up.
  const scratch = await mkdtemp(join(tmpdir(), 'bench-baseline-'));
  try {
    const result = await execProcess(['bash', baseline.seedScript], { env: { ...process.env, TMPDIR: scratch }, timeoutMs: runTimeoutMs, processGroup: true });
    const own = /baseline seed suite: ([\d.]+) s/.exec(result.stdout);
    if (result.timedOut || own === null) throw new Error(`bench: ${baseline.seedScript} did not finish its suite (exit ${result.exitCode}${result.timedOut ? `, stopped after ${runTimeoutMs} ms` : ''}): ${(result.stdout + result.stderr).slice(-2000)}`);
    const checks = result.stdout.split('\n').filter((line) => / (ok|FAIL)$/.test(line));
    const failed = checks.filter((line) => line.endsWith('FAIL'));
    return { ms: result.durationMs, note: `${checks.length - failed.length}/${checks.length} checks ok${failed.length > 0 ? ` (FAIL: ${failed.join('; ')})` : ''}` };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    requireRemoved(await removeBaselineLeftovers(docker));
  }
}

async function removeBaselineLeftovers(docker: Docker): Promise<Removal> {
  const removal: { removed: string[]; failed: Array<{ what: string; reason: string }> } = { removed: [], failed: [] };
  const remove = async (what: string, work: Promise<unknown>) => {
    try {
      if (await exists(work)) removal.removed.push(what);
    } catch (error) {
      removal.failed.push({ what, reason: describeError(error) });
    }
  };
  for (const name of baselineContainers) await remove(`container ${name}`, docker.getContainer(name).remove({ force: true }));
  for (const name of baselineNetworks) await remove(`network ${name}`, docker.getNetwork(name).remove());
  return removal;
}
