import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../machines/machine.ts';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes everything else for sh', () => {
    expect(shellQuote('iptables')).toBe('iptables');
    expect(shellQuote('10.0.0.1/24')).toBe('10.0.0.1/24');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
    expect(shellQuote('')).toBe("''");
  });
});
