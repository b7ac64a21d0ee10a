import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { ensureHostImage } from '../harness/backends/dind/host-image.ts';
import { privilegeMode } from '../harness/backends/dind/privilege.ts';
import { configureTestcontainers } from '../harness/backends/dind/testcontainers-env.ts';
import { startMachine } from '../harness/backends/dind/start-machine.ts';
import type { ContainerMachine } from '../harness/backends/dind/container-machine.ts';
import { silentProgress } from '../harness/core/progress.ts';

// A machine's commands go down a long-lived channel (harness/machines/command-channel.ts); each
// must still see and give what a one-off exec would, on a real container of the host image. A source
// is entered directly (nsenter), a Docker host through an engine exec: both ways are tried.
describe.each([
  ['a source (entered directly)', 'source'],
  ['a Docker host (an engine exec)', 'host'],
] as const)('the command channel of %s', (_label, role) => {
  let machine: ContainerMachine;

  beforeAll(async () => {
    const docker = engineClient();
    await configureTestcontainers(docker);
    const image = await ensureHostImage(docker, 'bookworm', silentProgress);
    machine = await startMachine({ docker, image, runId: `channel-${process.pid}`, scenario: `command-channel-${role}`, role, name: 'agent', privilege: await privilegeMode(docker, image) });
  }, 300_000);

  afterAll(async () => {
    await machine?.stop();
  });

  it('gives exit code, stdout and stderr apart, for a shell line and an argv', async () => {
    const line = await machine.exec('echo out; echo err >&2; exit 3');
    expect(line).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    const argv = await machine.exec(['sh', '-c', 'printf "%s|" "$@"', 'sh', "it's", 'two words', '$HOME', '']);
    expect(argv.stdout).toBe("it's|two words|$HOME||");
  });

  it('runs inside the container: its pid namespace, its hostname, its environment', async () => {
    const seen = await machine.exec('cat /proc/1/comm; hostname; echo "$HARNESS_ROLE $HOME $PATH"');
    expect(seen.stdout).toBe(`tini\nagent\n${role} /root /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n`);
  });

  it('carries multi-line commands, here-documents and output of any size or shape whole', async () => {
    const heredoc = await machine.exec("cat <<'EOF'\nline one\n\x1e1 0 0 0\nEOF\nprintf 'no newline'");
    expect(heredoc.stdout).toBe('line one\n\x1e1 0 0 0\nno newline');
    const big = await machine.exec('head -c 3000000 /dev/zero | tr "\\0" "x"; echo; seq 1 50000 >&2');
    expect(big.stdout.length).toBe(3_000_001);
    expect(big.stderr.split('\n').at(-2)).toBe('50000');
  });

  it("is netprobe's agent, which the host image has", async () => {
    expect((await machine.exec('cat /proc/$PPID/cmdline | tr "\\0" " "')).stdout).toMatch(/^\/usr\/local\/bin\/netprobe agent /);
  });

  it('gives a command /dev/null for stdin, so it cannot eat the channel', async () => {
    expect((await machine.exec('cat; echo after')).stdout).toBe('after\n');
  });

  it("stops a command at its limit and says so, and the channel goes on", async () => {
    const slow = await machine.exec('sleep 30', { timeoutMs: 1000 });
    expect(slow.timedOut).toBe(true);
    expect(slow.exitCode).toBe(124);
    expect((await machine.exec('echo still here')).stdout).toBe('still here\n');
  });

  it('keeps a background process that holds the old output out of the next command', async () => {
    await machine.exec('(sleep 0.3; echo stray) &');
    const next = await machine.exec('sleep 0.6; echo mine');
    expect(next.stdout).toBe('mine\n');
  });

  it('runs commands given at the same moment side by side, on channels of their own', async () => {
    const started = performance.now();
    const results = await Promise.all([1, 2, 3].map((n) => machine.exec(`sleep 1; echo ${n}`)));
    expect(results.map((result) => result.stdout)).toEqual(['1\n', '2\n', '3\n']);
    expect(performance.now() - started).toBeLessThan(2900);
  });

  it('opens a new channel when the old ones were killed from outside', async () => {
    // The command kills its own channel too (netprobe's agent): it ends in an error that says so.
    await expect(machine.exec('pkill -KILL -f "netprobe agent"')).rejects.toThrow(/command channel (ended|closed) in the middle/);
    // The idle channels died too; once their end has arrived, the next command opens a new one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await machine.exec('echo reopened')).stdout).toBe('reopened\n');
  });
});
