import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import { agentArgv, ChannelPool, type ChannelTransport } from './command-channel.ts';

// The pool's bookkeeping, with the real agent script in a local shell as each channel.
function localPool(): { pool: ChannelPool; opened: () => number } {
  let opened = 0;
  const pool = new ChannelPool('local', 'ENGINE_NO_ANSWER', async (endLine) => {
    opened++;
    const [command, ...args] = agentArgv(endLine);
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

describe('the agent script', () => {
  let current: ChannelPool | undefined;
  afterEach(() => current?.close());

  it('tells empty output from output on either stream, and keeps the exit code', async () => {
    const { pool } = localPool();
    current = pool;
    const run = (command: string) => pool.exec(command, {}, noAnswer).then(({ exitCode, stdout, stderr }) => ({ exitCode, stdout, stderr }));
    expect(await run('exit 3')).toEqual({ exitCode: 3, stdout: '', stderr: '' });
    expect(await run('printf out')).toEqual({ exitCode: 0, stdout: 'out', stderr: '' });
    expect(await run('printf err >&2; exit 1')).toEqual({ exitCode: 1, stdout: '', stderr: 'err' });
    expect(await run('echo out; echo err >&2')).toEqual({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
  });

  it('removes the output files of past commands, so its folder does not grow with the commands it ran', async () => {
    const { pool } = localPool();
    current = pool;
    // The command's stdout is one of the agent's files: its folder is the agent's.
    const count = 'ls "$(dirname "$(readlink /proc/$$/fd/1)")" | wc -l';
    for (let index = 0; index < 40; index++) await pool.exec('echo x', {}, noAnswer);
    expect(Number((await pool.exec(count, {}, noAnswer)).stdout)).toBeLessThanOrEqual(32);
  });
});
