import { createSocket, type Socket } from 'node:dgram';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../harness/core/progress.ts';
import { execProcess } from '../harness/core/process.ts';
import { compileNetprobe } from '../harness/images/netprobe-binary.ts';

// The two netprobe commands that watch a host's packet trace during a flow (harness/traffic/host-watch.ts),
// run for real on files that grow while they wait.
describe('netprobe watching a trace file', () => {
  let netprobe: string;
  let dir: string;

  beforeAll(async () => {
    netprobe = await compileNetprobe(silentProgress);
    dir = await mkdtemp(join(tmpdir(), 'trace-watch-'));
  }, 300_000);

  afterAll(async () => {
    await rm(join(netprobe, '..'), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => execProcess([netprobe, ...args]);
  const later = (ms: number, action: () => Promise<void>) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(action);

  it('await: answers at once when the file already holds more matching lines, counting each line once', async () => {
    const file = join(dir, 'ready.txt');
    await writeFile(file, 'x verdict drop policy drop\ny accept\nz policy drop\n');
    const result = await run('await', file, '1', '5000', 'verdict drop', 'policy drop');
    expect(result).toMatchObject({ exitCode: 0, stdout: '2\n' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('await: waits for a line written later, and a half-written line counts only once it ends', async () => {
    const file = join(dir, 'later.txt');
    await writeFile(file, 'a verdict drop\nb verdict dr');
    const waiting = run('await', file, '1', '5000', 'verdict drop');
    await later(150, () => appendFile(file, 'op\n'));
    expect(await waiting).toMatchObject({ exitCode: 0, stdout: '2\n' });
  });

  it('await: gives up at its limit, or as soon as the file is removed, with the count so far', async () => {
    const file = join(dir, 'quiet.txt');
    await writeFile(file, 'a verdict drop\n');
    const timedOut = await run('await', file, '1', '300', 'verdict drop');
    expect(timedOut).toMatchObject({ exitCode: 1, stdout: '1\n' });
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(300);
    const waiting = run('await', file, '1', '20000', 'verdict drop');
    await later(150, () => rm(file));
    const removed = await waiting;
    expect(removed).toMatchObject({ exitCode: 1, stdout: '1\n' });
    expect(removed.durationMs).toBeLessThan(10_000);
  });

  describe('sentinel', () => {
    let listener: Socket;
    let port: number;
    let received = 0;
    // The listener stands in for the trace: once writing, every datagram shows as a line.
    let writing = false;
    let file: string;

    beforeAll(async () => {
      file = join(dir, 'sentinel.txt');
      listener = createSocket('udp4');
      listener.on('message', () => {
        received++;
        if (writing) void appendFile(file, 'trace ... comment "sentinel"\n');
      });
      await new Promise<void>((resolve) => listener.bind(0, '127.0.0.1', resolve));
      port = listener.address().port;
    });

    afterAll(() => listener.close());

    it('sends until one more line shows than before, even when the file is created only meanwhile', async () => {
      received = 0;
      const sending = run('sentinel', file, 'comment "sentinel"', String(port), '300');
      await later(100, async () => {
        writing = true;
      });
      expect((await sending).exitCode).toBe(0);
      expect(received).toBeGreaterThan(1);
    });

    it('fails after its tries when no line shows', async () => {
      received = 0;
      const result = await run('sentinel', join(dir, 'never.txt'), 'comment "sentinel"', String(port), '3');
      expect(result.exitCode).toBe(1);
      expect(received).toBe(3);
    });
  });
});
