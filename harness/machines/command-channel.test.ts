import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import { silentProgress } from '../core/progress.ts';
import { compileNetprobe } from '../images/netprobe-binary.ts';
import { agentArgv, ChannelPool, type ChannelTransport } from './command-channel.ts';

// No netprobe there: the agent script runs.
const noNetprobe = '/nonexistent/netprobe';

// The pool's bookkeeping, with a real agent in a local process as each channel: the script, or
// netprobe's agent when `netprobe` is a compiled netprobe.
function localPool(netprobe = noNetprobe): { pool: ChannelPool; opened: () => number } {
  let opened = 0;
  const pool = new ChannelPool('local', 'ENGINE_NO_ANSWER', async (endLine) => {
    opened++;
    const [command, ...args] = agentArgv(endLine, netprobe);
    const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    // Closed by ending its stdin: the agent exits on its own and removes its scratch folder.
    return { input: child.stdin, output: child.stdout, errors: child.stderr, close: () => child.stdin.end() } satisfies ChannelTransport;
  });
  return { pool, opened: () => opened };
}

const noAnswer = () => new HarnessError('ENGINE_NO_ANSWER', 'no answer');

describe('ChannelPool', () => {
  let current: ChannelPool | undefined;
  afterEach(() => current?.close());

  it('opens channels ahead, and the commands that come later use them instead of opening more', async () => {
    const { pool, opened } = localPool();
    current = pool;
    await pool.openAhead(2);
    expect(opened()).toBe(2);
    const results = await Promise.all(['echo a', 'echo b'].map((command) => pool.exec(command, {}, noAnswer)));
    expect(results.map((result) => result.stdout)).toEqual(['a\n', 'b\n']);
    expect(opened()).toBe(2);
    await pool.openAhead(2);
    expect(opened()).toBe(2);
  });

  it('gives a command a channel still opening ahead, rather than opening another', async () => {
    const { pool, opened } = localPool();
    current = pool;
    const ahead = pool.openAhead(1);
    expect((await pool.exec('echo first', {}, noAnswer)).stdout).toBe('first\n');
    await ahead;
    expect(opened()).toBe(1);
  });

  it('counts a channel a command is opening, so opening ahead adds only what is missing', async () => {
    const { pool, opened } = localPool();
    current = pool;
    const first = pool.exec('sleep 0.2; echo busy', {}, noAnswer);
    await pool.openAhead(2);
    expect((await first).stdout).toBe('busy\n');
    expect(opened()).toBe(2);
  });
});

let netprobe = '';
beforeAll(async () => {
  netprobe = await compileNetprobe(silentProgress);
}, 120_000);
afterAll(async () => {
  if (netprobe) await rm(dirname(netprobe), { recursive: true, force: true });
});

// Both agents answer alike; which one runs depends on whether the machine has netprobe.
describe.each([
  ['the agent script', () => noNetprobe],
  ["netprobe's agent", () => netprobe],
])('%s', (_label, agent) => {
  let current: ChannelPool | undefined;
  afterEach(() => current?.close());
  const pool = () => (current = localPool(agent()).pool);
  const runOn = (channels: ChannelPool, command: string, timeoutMs?: number) =>
    channels.exec(command, { timeoutMs }, noAnswer).then(({ exitCode, stdout, stderr, timedOut }) => ({ exitCode, stdout, stderr, timedOut }));

  it('tells empty output from output on either stream, and keeps the exit code', async () => {
    const channels = pool();
    const run = (command: string) => runOn(channels, command).then(({ exitCode, stdout, stderr }) => ({ exitCode, stdout, stderr }));
    expect(await run('exit 3')).toEqual({ exitCode: 3, stdout: '', stderr: '' });
    expect(await run('printf out')).toEqual({ exitCode: 0, stdout: 'out', stderr: '' });
    expect(await run('printf err >&2; exit 1')).toEqual({ exitCode: 1, stdout: '', stderr: 'err' });
    expect(await run('echo out; echo err >&2')).toEqual({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    // Killed by a signal: 128 + its number, as a shell reports it.
    expect((await run('kill -USR1 $$')).exitCode).toBe(128 + 10);
  });

  it('runs a command with /dev/null as stdin, and carries binary output and lines like headers whole', async () => {
    const channels = pool();
    expect((await runOn(channels, 'cat; printf "\\036ready\\n\\0361 0 0 0\\n"; head -c 200000 /dev/zero')).stdout).toBe(`\x1eready\n\x1e1 0 0 0\n${'\0'.repeat(200_000)}`);
  });

  it('stops a command at its limit with TERM (124), or KILL when it ignores TERM (137), to its whole process group', async () => {
    const channels = pool();
    const stopped = await runOn(channels, '(sleep 31.5; echo survived) & sleep 31.5', 1000);
    expect(stopped).toMatchObject({ exitCode: 124, timedOut: true, stdout: '' });
    const stubborn = await runOn(channels, "trap '' TERM; sleep 31.5", 1000);
    expect(stubborn).toMatchObject({ exitCode: 137, timedOut: true });
    expect((await runOn(channels, 'sleep 0.1; pgrep -f "sleep 31[.]5" || echo none')).stdout).toBe('none\n');
  });

  it('keeps a background process that holds the old output out of the next command', async () => {
    const channels = pool();
    await runOn(channels, '(sleep 0.3; echo stray) &');
    expect((await runOn(channels, 'sleep 0.6; echo mine')).stdout).toBe('mine\n');
  });
});

describe('the agent script', () => {
  let current: ChannelPool | undefined;
  afterEach(() => current?.close());

  it('removes the output files of past commands, so its folder does not grow with the commands it ran', async () => {
    const { pool } = localPool();
    current = pool;
    // The command's stdout is one of the agent's files: its folder is the agent's.
    const count = 'ls "$(dirname "$(readlink /proc/$$/fd/1)")" | wc -l';
    for (let index = 0; index < 40; index++) await pool.exec('echo x', {}, noAnswer);
    expect(Number((await pool.exec(count, {}, noAnswer)).stdout)).toBeLessThanOrEqual(32);
  });
});

describe("netprobe's agent", () => {
  let current: ChannelPool | undefined;
  afterEach(() => current?.close());

  it('gives each command output files with no name, so nothing is left to remove', async () => {
    const { pool } = localPool(netprobe);
    current = pool;
    expect((await pool.exec('readlink /proc/$$/fd/1', {}, noAnswer)).stdout).toMatch(/^\/memfd:harness-channel \(deleted\)\n$/);
  });
});
