// Non-empty, trimmed lines: what `virsh list --name` and friends print.
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

// `virsh vol-list` prints " Name   Path\n------\n name   /path".
export function volumeTable(table: string): { name: string; path: string }[] {
  return lines(table)
    .slice(2)
    .map((line) => {
      const [name = '', ...path] = line.split(/\s+/);
      return { name, path: path.join(' ') };
    });
}
