import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../core/progress.ts';
import { parseBoxChoice, resolveUserBox } from './user-box.ts';

describe('--vm-box', () => {
  it('takes a catalog name', () => {
    expect(parseBoxChoice('debian/bookworm64')).toEqual({ catalogName: 'debian/bookworm64' });
  });

  it('takes a .box file, named after its path for the run', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'harness-box-test-')), 'my box.box');
    await writeFile(file, 'not really a box');
    const choice = parseBoxChoice(file);
    expect(choice).toEqual({ file });
    const box = await resolveUserBox(choice, silentProgress);
    expect(box).toMatchObject({ own: false, from: { file } });
    expect(box.name).toMatch(/^user-my-box-[0-9a-f]{8}$/);
  });

  it('refuses a file that is not there, naming the option and the value', () => {
    expect(() => parseBoxChoice('/nowhere/x.box')).toThrow('--vm-box /nowhere/x.box: no such box file');
  });

  it('refuses what is neither a file nor a name', () => {
    expect(() => parseBoxChoice('bookworm64')).toThrow('--vm-box bookworm64: neither a .box file nor a box name like debian/bookworm64');
  });
});
