import { describe, expect, it } from 'vitest';
import { commandFrame, FrameReader } from './channel-frames.ts';

const header = (id: number, code: number, out: string, err: string) => `\x1e${id} ${code} ${Buffer.byteLength(out)} ${Buffer.byteLength(err)}\n${out}${err}`;

describe('commandFrame', () => {
  it('sends the header, the command with a final newline, and the end line', () => {
    expect(commandFrame(3, 60, 'echo hi', '\x1fend')).toBe('3 60\necho hi\n\x1fend\n');
    expect(commandFrame(4, 5, 'a\nb\n', '\x1fend')).toBe('4 5\na\nb\n\x1fend\n');
  });

  it('refuses a command containing the end line, which would cut it short', () => {
    expect(() => commandFrame(1, 5, 'echo\n\x1fend\nrm -rf x', '\x1fend')).toThrow(/end line/);
  });
});

describe('FrameReader', () => {
  it('sees the ready line, then whole frames', () => {
    const reader = new FrameReader();
    expect(reader.push(Buffer.from('\x1eready\n'))).toEqual([]);
    expect(reader.ready).toBe(true);
    expect(reader.push(Buffer.from(header(1, 0, 'out\n', 'err\n')))).toEqual([{ id: 1, exitCode: 0, stdout: 'out\n', stderr: 'err\n' }]);
  });

  it('counts bytes, so output that looks like a header or has no final newline arrives whole', () => {
    const out = `line\n\x1e2 0 0 0\nno newline é`;
    const reader = new FrameReader();
    const frames = reader.push(Buffer.from(header(1, 3, out, '') + header(2, 124, '', 'late')));
    expect(frames).toEqual([
      { id: 1, exitCode: 3, stdout: out, stderr: '' },
      { id: 2, exitCode: 124, stdout: '', stderr: 'late' },
    ]);
  });

  it('waits for the rest of a frame split anywhere, even inside a character', () => {
    const bytes = Buffer.from('\x1eready\n' + header(7, 1, 'ça va\n', 'x'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new FrameReader();
      const frames = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      expect(frames).toEqual([{ id: 7, exitCode: 1, stdout: 'ça va\n', stderr: 'x' }]);
    }
  });

  it('accepts the padded counts some wc implementations print', () => {
    expect(new FrameReader().push(Buffer.from('\x1e1 0      2       0\nok'))).toEqual([{ id: 1, exitCode: 0, stdout: 'ok', stderr: '' }]);
  });

  it('throws on anything else, so a broken channel is dropped, not misread', () => {
    expect(() => new FrameReader().push(Buffer.from('sh: 1: oops\n'))).toThrow(/not a frame header/);
    expect(() => new FrameReader().push(Buffer.from('garbage without newline'))).toThrow(/not a frame header/);
  });
});
