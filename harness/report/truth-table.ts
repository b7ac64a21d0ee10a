import type { FlowDescription } from '../results/records.ts';

// A scenario's flows the way network-policy results are read: one row per source, one column per
// destination and port (protocol, family, and the host it was sent through), each cell holding the
// flows of that pair in run order (a pair probed before and after a rule has two).

export interface TruthColumn {
  readonly label: string;
  // The addresses the column's flows were probed at, when the records say.
  readonly addresses: readonly string[];
}

export interface TruthTable<T> {
  readonly rows: readonly string[];
  readonly columns: readonly TruthColumn[];
  // cells[row][column]: the flows of that source and destination; empty where none was probed.
  readonly cells: ReadonlyArray<ReadonlyArray<readonly T[]>>;
}

// The grid of the items that describe a flow, in the order sources and destinations first appear;
// none when fewer than two cells would be filled (a single flow reads better as a line).
export function truthTable<T extends { readonly flow?: FlowDescription | undefined }>(items: readonly T[]): TruthTable<T> | undefined {
  const flows = items.filter((item): item is T & { readonly flow: FlowDescription } => item.flow !== undefined);
  const rows = unique(flows.map((item) => item.flow.from));
  const columnLabels = unique(flows.map((item) => columnLabel(item.flow)));
  const cells = rows.map((row) => columnLabels.map((column) => flows.filter((item) => item.flow.from === row && columnLabel(item.flow) === column)));
  const filled = cells.flat().filter((cell) => cell.length > 0).length;
  if (filled < 2) return undefined;
  const columns = columnLabels.map((label) => ({
    label,
    addresses: unique(flows.filter((item) => columnLabel(item.flow) === label).flatMap((item) => (item.flow.address ? [item.flow.address] : []))),
  }));
  return { rows, columns, cells };
}

// "docker1:8080/tcp", "[fd00::10]:8080/tcp", "docker1:8080/tcp IPv6", "127.0.0.1:8080/tcp via docker1".
export function columnLabel(flow: FlowDescription): string {
  const literal6 = flow.to.includes(':');
  const to = literal6 ? `[${flow.to}]` : flow.to;
  const family = flow.family === 'ipv6' && !literal6 ? ' IPv6' : '';
  return `${to}:${flow.port}/${flow.proto}${family}${flow.via ? ` via ${flow.via}` : ''}`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
