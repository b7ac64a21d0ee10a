import { mkdirSync, mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathsBelow, removeNewPaths } from './machine-traces.ts';

describe('removeNewPaths', () => {
  let base = '';
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('removes what appeared and keeps what was there', async () => {
    base = mkdtempSync(join(tmpdir(), 'traces-'));
    const kept = join(base, 'run');
    mkdirSync(join(kept, 'network'), { recursive: true });
    writeFileSync(join(kept, 'network', 'old.pid'), '1');
    const absent = join(base, 'netns');
    const roots = [kept, absent];
    const before = pathsBelow(roots);

    writeFileSync(join(kept, 'network', 'new.pid'), '2');
    mkdirSync(join(kept, 'network', 'new', 'ports'), { recursive: true });
    mkdirSync(join(absent, 'site'), { recursive: true });
    await removeNewPaths(roots, before);

    expect(existsSync(join(kept, 'network', 'old.pid'))).toBe(true);
    expect(existsSync(join(kept, 'network', 'new.pid'))).toBe(false);
    expect(existsSync(join(kept, 'network', 'new'))).toBe(false);
    expect(existsSync(absent)).toBe(false);
  });
});
