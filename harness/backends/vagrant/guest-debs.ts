import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { runProcess } from '../../core/process.ts';
import { debianMirror } from '../../images/mirror.ts';
import type { SuiteRecipe } from '../../images/suites.ts';
import { harnessCacheDir } from './box.ts';
import { traceLine } from './log.ts';
import { oneAtATime } from './one-at-a-time.ts';

const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';

// Package lists are fetched once per suite and process; the .deb files stay in the cache.
const updated = new Map<string, Promise<unknown>>();
// Guests set up at once share the cache's archives/: one download at a time.
const downloads = oneAtATime();

// The .deb files a guest needs to get `packages` installed, given what it already has (its dpkg status
// file): resolved and downloaded by this machine's apt from the suite's archive, in a state of its own
// (the machine's apt sources and installed packages play no part; its apt.conf.d, a proxy say, does).
export function debsForGuest(recipe: SuiteRecipe, guestStatus: string, packages: readonly string[]): Promise<string[]> {
  return downloads(() => resolveAndDownload(recipe, guestStatus, packages));
}

async function resolveAndDownload(recipe: SuiteRecipe, guestStatus: string, packages: readonly string[]): Promise<string[]> {
  const dir = await aptDir(recipe);
  const scratch = await mkdtemp(join(dir, 'guest-'));
  try {
    const status = join(scratch, 'status');
    await writeFile(status, guestStatus);
    const apt = ['-o', `Dir::State::status=${status}`, ...aptOptions(dir, recipe)];
    await updateOnce(recipe, apt);
    const plan = await runProcess(['apt-get', ...apt, 'install', '--simulate', ...packages], { processGroup: true }).catch((error: unknown) => {
      throw new HarnessError('GUEST_PACKAGES', `apt cannot install ${packages.join(' ')} from ${recipe.suite} on this box: ${error instanceof Error ? error.message : String(error)}`);
    });
    const files = plannedDebs(plan.stdout).map((file) => join(dir, 'archives', file));
    if (files.length === 0) return [];
    await runProcess(['apt-get', ...apt, 'install', '--download-only', '-y', ...packages], { processGroup: true, onLine: traceLine });
    const absent = files.filter((file) => !existsSync(file));
    if (absent.length > 0) throw new HarnessError('GUEST_PACKAGES', `apt downloaded the packages but these files are not where expected: ${absent.join(', ')}`);
    return files;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// The file names apt gives the packages `apt-get install --simulate` would install ("Inst name
// [old] (version archive [arch])"); an epoch's colon is written %3a.
export function plannedDebs(simulation: string): string[] {
  const files: string[] = [];
  for (const line of simulation.split('\n')) {
    const match = line.match(/^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) .*\[([\w-]+)\]\)/);
    if (match) files.push(`${match[1]}_${match[2]!.replace(':', '%3a')}_${match[3]}.deb`);
  }
  return files;
}

async function aptDir(recipe: SuiteRecipe): Promise<string> {
  const dir = join(harnessCacheDir(), 'debs', recipe.suite);
  for (const sub of ['lists/partial', 'archives/partial', 'sources.list.d', 'preferences.d']) await mkdir(join(dir, sub), { recursive: true });
  await writeFile(join(dir, 'sources.list'), `deb [signed-by=${keyring}] ${debianMirror()} ${recipe.suite} main\n`);
  return dir;
}

function aptOptions(dir: string, recipe: SuiteRecipe): string[] {
  const settings = {
    'Dir::State::Lists': join(dir, 'lists'),
    'Dir::Cache': dir,
    'Dir::Cache::archives': join(dir, 'archives'),
    'Dir::Etc::SourceList': join(dir, 'sources.list'),
    'Dir::Etc::SourceParts': join(dir, 'sources.list.d'),
    'Dir::Etc::PreferencesParts': join(dir, 'preferences.d'),
    // The guests are amd64 only, whatever foreign architectures this machine has.
    'APT::Architectures': 'amd64',
    'APT::Install-Recommends': 'false',
    'APT::Sandbox::User': 'root',
    'Debug::NoLocking': 'true',
    'Acquire::Languages': 'none',
  };
  return [...Object.entries(settings).flatMap(([key, value]) => ['-o', `${key}=${value}`]), ...recipe.aptOptions];
}

function updateOnce(recipe: SuiteRecipe, apt: readonly string[]): Promise<unknown> {
  let update = updated.get(recipe.suite);
  if (!update) {
    update = runProcess(['apt-get', ...apt, 'update', '-qq'], { processGroup: true, onLine: traceLine });
    updated.set(recipe.suite, update);
    update.catch(() => updated.delete(recipe.suite));
  }
  return update;
}
