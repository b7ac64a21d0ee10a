import { describe, expect, it } from 'vitest';
import { VagrantOutput } from './vagrant-output.ts';

describe('VagrantOutput', () => {
  it('keeps the last redraw of a progress line, across chunks', () => {
    const lines: string[] = [];
    const output = new VagrantOutput((line) => lines.push(line));
    output.push('==> vmhost: Uploading base box image as volume into Libvirt storage...\nProgress: 1%\rProg');
    output.push('ress: 50%\rProgress: 100%\r\n==> vmhost: Creating image\n');
    output.end();
    expect(lines).toEqual(['==> vmhost: Uploading base box image as volume into Libvirt storage...', 'Progress: 100%', '==> vmhost: Creating image']);
  });

  it('drops colour codes and blank lines and keeps a tail', () => {
    const lines: string[] = [];
    const output = new VagrantOutput((line) => lines.push(line));
    output.push('\x1b[0;31mError: boom\x1b[0m\n\n   \nlast');
    output.end();
    expect(lines).toEqual(['Error: boom', 'last']);
    expect(output.tail(1)).toBe('last');
  });
});
