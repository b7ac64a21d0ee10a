import { describe, expect, it } from 'vitest';
import type { FlowDescription } from '../results/records.ts';
import { columnLabel, truthTable } from './truth-table.ts';

type Item = { name: string; flow?: FlowDescription };

function item(name: string, from: string, to: string, port: number, extra: Partial<FlowDescription> = {}): Item {
  return { name, flow: { from, to, port, proto: 'tcp', family: 'ipv4', ...extra } };
}

describe('truthTable', () => {
  it('lays flows out by source and destination, sparse where a pair was not probed', () => {
    const table = truthTable([
      item('a', 'allowed', 'docker1', 8080, { address: '192.168.1.10' }),
      item('b', 'other', 'docker1', 8080, { address: '192.168.1.10' }),
      item('c', 'other', 'docker1', 53, { proto: 'udp' }),
      { name: 'a check' } as Item,
    ]);
    expect(table?.rows).toEqual(['allowed', 'other']);
    expect(table?.columns).toEqual([
      { label: 'docker1:8080/tcp', addresses: ['192.168.1.10'] },
      { label: 'docker1:53/udp', addresses: [] },
    ]);
    expect(table?.cells.map((row) => row.map((cell) => cell.map((entry) => entry.name).join('+')))).toEqual([
      ['a', ''],
      ['b', 'c'],
    ]);
  });

  it('keeps the flows of one pair together, in run order, and tells families and via apart', () => {
    const table = truthTable([
      item('before', 'n', 'docker1', 80),
      item('after', 'n', 'docker1', 80),
      item('v6', 'n', 'docker1', 80, { family: 'ipv6' }),
      item('via', 'n', '127.0.0.1', 80, { via: 'docker1' }),
    ]);
    expect(table?.columns.map((column) => column.label)).toEqual(['docker1:80/tcp', 'docker1:80/tcp IPv6', '127.0.0.1:80/tcp via docker1']);
    expect(table?.cells[0]?.[0]?.map((entry) => entry.name)).toEqual(['before', 'after']);
  });

  it('draws no grid for one flow, or one pair probed twice', () => {
    expect(truthTable([item('a', 'x', 'docker1', 80)])).toBeUndefined();
    expect(truthTable([item('a', 'x', 'docker1', 80), item('b', 'x', 'docker1', 80)])).toBeUndefined();
    expect(truthTable<Item>([{ name: 'old record without a flow' }, { name: 'another' }])).toBeUndefined();
  });

  it('brackets an IPv6 address in a column label', () => {
    expect(columnLabel({ from: 'x', to: 'fd00::10', port: 8080, proto: 'tcp', family: 'ipv6' })).toBe('[fd00::10]:8080/tcp');
  });
});
