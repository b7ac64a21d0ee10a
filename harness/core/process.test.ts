import { describe, expect, it } from 'vitest';
import { CommandError, execProcess, runProcess } from './process.ts';

describe('execProcess', () => {
  it('returns the output and exit code of a command that fails, without throwing', async () => {
    const result = await execProcess(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toMatchObject({ command: 'sh -c echo out; echo err >&2; exit 3', exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('feeds `input` to stdin', async () => {
    const result = await execProcess(['tr', 'a-z', 'A-Z'], { input: 'hello\nworld' });
    expect(result.stdout).toBe('HELLO\nWORLD');
  });

  it('stops a command at its limit and says it timed out', async () => {
    const result = await execProcess(['sleep', '5'], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    // SIGTERM is signal 15: 128 + 15, as a shell reports it.
    expect(result.exitCode).toBe(143);
    expect(result.durationMs).toBeLessThan(4000);
  });

  it('kills the whole process group at the limit when the command leads one', async () => {
    // The shell's child sleeps on; killing only the shell would leave the pipe open until it ends.
    const result = await execProcess(['sh', '-c', 'sleep 5; echo late'], { timeoutMs: 200, processGroup: true });
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('');
    expect(result.durationMs).toBeLessThan(4000);
  });

  it('passes each line of both streams to onLine, the last unterminated one included', async () => {
    const lines: string[] = [];
    await execProcess(['sh', '-c', 'printf "one\\ntwo\\n"; printf "three" >&2'], { onLine: (line) => lines.push(line) });
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
  });

  it('runs in `cwd` with `env`', async () => {
    const result = await execProcess(['sh', '-c', 'echo "$PWD $GREETING"'], { cwd: '/tmp', env: { PATH: process.env.PATH, GREETING: 'hi' } });
    expect(result.stdout).toBe('/tmp hi\n');
  });

  it('rejects a command that cannot be started, naming it', async () => {
    await expect(execProcess(['/nonexistent/harness-no-such-command'])).rejects.toThrow(/harness-no-such-command could not be started/);
  });
});

describe('runProcess', () => {
  it('returns the result of a command that succeeds', async () => {
    expect((await runProcess(['echo', 'fine'])).stdout).toBe('fine\n');
  });

  it('throws a CommandError with the command, exit code and the end of stderr', async () => {
    const error = await runProcess(['sh', '-c', 'echo lots; echo "it broke" >&2; exit 7'], { errorCode: 'APT_FAILED' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: 'APT_FAILED', exitCode: 7, timedOut: false, outputTail: 'it broke' });
    expect((error as CommandError).message).toBe('`sh -c echo lots; echo "it broke" >&2; exit 7` exited with 7: it broke');
  });

  it('says "timed out after" the limit, from the flag, when the command ran out of time', async () => {
    const error = await runProcess(['sleep', '5'], { timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'COMMAND_FAILED', timedOut: true, command: 'sleep 5' });
    expect((error as CommandError).message).toBe('`sleep 5` timed out after 150 ms: ');
  });
});
