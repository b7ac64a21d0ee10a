import createDebug from 'debug';

// harness:vm traces the VM backend: box builds, libvirtd, vagrant's output.
export const vmLog = createDebug('harness:vm');

// For streamed command output: one line, printed as it is (a '%' in it is not a format).
export function traceLine(line: string): void {
  vmLog('%s', line);
}
