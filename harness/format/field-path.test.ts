import { describe, expect, it } from 'vitest';
import { formatFieldPath, formatValue, valueAt } from './field-path.ts';

describe('formatFieldPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatFieldPath(['hosts', 'docker1', 'interfaces', 'eth0', 'address'])).toBe('hosts.docker1.interfaces.eth0.address');
    expect(formatFieldPath(['flows', 2, 'expect'])).toBe('flows[2].expect');
    expect(formatFieldPath(['steps', 0, 'flows', 1, 'deviations', 0, 'on', 3])).toBe('steps[0].flows[1].deviations[0].on[3]');
  });

  it('gives an empty string for the root', () => {
    expect(formatFieldPath([])).toBe('');
  });
});

describe('valueAt', () => {
  const root = { flows: [{ port: 8080, to: 'docker1' }], hosts: { docker1: { firewalld: false } }, nothing: null };

  it('follows keys and indexes', () => {
    expect(valueAt(root, ['flows', 0, 'port'])).toBe(8080);
    expect(valueAt(root, ['hosts', 'docker1', 'firewalld'])).toBe(false);
    expect(valueAt(root, [])).toBe(root);
  });

  it('gives undefined for a path that leaves the data', () => {
    expect(valueAt(root, ['flows', 3, 'port'])).toBeUndefined();
    expect(valueAt(root, ['nothing', 'deeper'])).toBeUndefined();
    expect(valueAt(root, ['flows', 0, 'port', 'deeper'])).toBeUndefined();
    expect(valueAt('text', ['length'])).toBeUndefined();
  });
});

describe('formatValue', () => {
  it('renders values as JSON', () => {
    expect(formatValue('8080')).toBe('"8080"');
    expect(formatValue(8080)).toBe('8080');
    expect(formatValue(null)).toBe('null');
    expect(formatValue({ subnet: '10.0.0.0/8' })).toBe('{"subnet":"10.0.0.0/8"}');
  });

  it('says "nothing" for a missing value and falls back to String for what JSON cannot show', () => {
    expect(formatValue(undefined)).toBe('nothing');
    expect(formatValue(() => 1)).toBe('() => 1');
  });

  it('shortens long values to 80 characters', () => {
    const text = formatValue('x'.repeat(200));
    expect(text).toHaveLength(80);
    expect(text).toBe(`"${'x'.repeat(76)}...`);
  });
});
