import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall } from '../core/apt.ts';
import type { Progress } from '../core/progress.ts';
import { runProcess } from '../core/process.ts';

export const netprobeSource = new URL('../assets/netprobe.c', import.meta.url).pathname;

// Compiles netprobe as a static binary, so the same file runs in hosts, sources and tiny service images.
export async function compileNetprobe(progress: Progress): Promise<string> {
  if (!existsSync('/usr/bin/gcc') || !existsSync('/usr/lib/x86_64-linux-gnu/libc.a')) {
    await aptInstall(['gcc', 'libc6-dev'], progress);
  }
  const dir = await mkdtemp(join(tmpdir(), 'harness-netprobe-'));
  const binary = join(dir, 'netprobe');
  await runProcess(['gcc', '-static', '-Os', '-s', '-Wall', '-o', binary, netprobeSource], { processGroup: true });
  return binary;
}
