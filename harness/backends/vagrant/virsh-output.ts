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

// `virsh net-dhcp-leases NET --mac MAC` prints " Expiry Time  MAC address  Protocol  IP address  ...";
// the IPv4 addresses, the newest lease first (a guest whose DHCP client changed its client id
// after a reboot holds a new lease beside its old one).
export function leasedAddresses(table: string): string[] {
  const leases = lines(table)
    .slice(2)
    .map((line) => line.match(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s+\S+\s+ipv4\s+([\d.]+)\//))
    .filter((match) => match !== null);
  return leases.sort((a, b) => b[1]!.localeCompare(a[1]!)).map((match) => match[2]!);
}
