import { describe, expect, it } from 'vitest';
import { code, inline } from './markdown-text.ts';

describe('markdown text', () => {
  it('keeps code spans, escapes markup and breaks no table', () => {
    expect(inline('a <b> | *c* `x|y`', true)).toBe('a &lt;b> \\| \\*c\\* `x\\|y`');
    expect(inline('two\nlines')).toBe('two lines');
  });

  it('quotes a rule as one code span however many backticks it holds', () => {
    expect(code('iifname "eth0" drop')).toBe('`iifname "eth0" drop`');
    expect(code('a `b` c')).toBe('``a `b` c``');
    expect(code('ip saddr { 1.2.3.4 } | x', true)).toBe('`ip saddr { 1.2.3.4 } \\| x`');
    expect(code('')).toBe('');
  });
});
