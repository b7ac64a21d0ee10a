import { relative } from 'node:path';
import type Docker from 'dockerode';
import { terminalProgress } from '../core/progress.ts';
import { baselineDir, ensureBaselineImages, findBaseline, runBaselineOnce } from './baseline.ts';
import { runHarnessOnce } from './harness-run.ts';
import { interleave, timedRuns } from './interleave.ts';
import { median } from './median.ts';
import { loadAverage, printFigure, seconds, withTarget } from './print.ts';
import { seedScenarioFiles, seedClaims } from './seed-scenarios.ts';

const suite = 'bookworm';
const jobs = 4;
const rounds = 3;
const ratioTarget = 0.5;

// The harness against the peer baseline on the seed claims: both on this machine, interleaved, so
// the ratio of their medians holds whatever else the machine is doing. Without the baseline it says
// how to get it and measures nothing here.
export async function measureSideBySide(docker: Docker, root: string, baselineOption: string | undefined): Promise<void> {
  const dir = baselineDir(baselineOption, process.env, root);
  const baseline = await findBaseline(dir);
  if ('missing' in baseline) {
    printFigure('seed suite vs the bash baseline', `skipped: ${baseline.missing}`);
    return;
  }
  const files = await seedScenarioFiles(root);
  printFigure('baseline: images', await ensureBaselineImages(docker, baseline, terminalProgress));
  printFigure(`seed suite (${seedClaims.join(' ')}): harness scenarios`, files.map((file) => relative(root, file)).join(' '));
  printFigure('seed suite: load average (1, 5, 15 min) before', loadAverage());
  const harness = { name: `harness (${suite}, --jobs ${jobs})`, run: () => runHarnessOnce(root, files, suite, jobs) };
  const peer = { name: 'baseline (bash, a DinD host per claim)', run: () => runBaselineOnce(docker, baseline) };
  const runs = await interleave(peer, harness, rounds, (run) => printFigure(`seed suite: ${run.name}, ${run.round === 'warm-up' ? 'warm-up' : `run ${run.round}`}`, `${seconds(run.ms)}  ${run.note}`));
  printFigure('seed suite: load average (1, 5, 15 min) after', loadAverage());
  const baselineMedian = median(timedRuns(runs, peer.name));
  const harnessMedian = median(timedRuns(runs, harness.name));
  printFigure(`seed suite: median of ${rounds}, baseline`, seconds(baselineMedian));
  printFigure(`seed suite: median of ${rounds}, harness`, seconds(harnessMedian));
  printFigure('seed suite: harness / baseline', withTarget(`${(harnessMedian / baselineMedian).toFixed(2)}x`, `<= ${ratioTarget}x`));
}
