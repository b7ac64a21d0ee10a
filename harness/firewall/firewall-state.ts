import type { Machine } from '../machines/machine.ts';

// Everything a person would look at to see a host's firewall, in one dump: iptables and ip6tables with
// counters, the nftables ruleset, and firewalld's and ufw's own views when they are running.
const script = `
section() { printf '\\n===== %s =====\\n' "$1"; }
section 'iptables-save -c'; iptables-save -c 2>&1
section 'ip6tables-save -c'; ip6tables-save -c 2>&1
section 'nft list ruleset'; nft list ruleset 2>&1
if firewall-cmd --state >/dev/null 2>&1; then
  section 'firewall-cmd --get-active-zones'; firewall-cmd --get-active-zones 2>&1
  section 'firewall-cmd --list-all-zones'; firewall-cmd --list-all-zones 2>&1
fi
if ufw status 2>/dev/null | grep -q 'Status: active'; then section 'ufw status verbose'; ufw status verbose 2>&1; fi
section 'ip addr'; ip addr 2>&1
section 'ip route'; ip route 2>&1
if docker info >/dev/null 2>&1; then section 'docker ps'; docker ps -a 2>&1; section 'docker network ls'; docker network ls 2>&1; fi
`;

export async function captureFirewallState(host: Machine): Promise<string> {
  const result = await host.exec(script, { timeoutMs: 60_000 });
  return result.stdout + result.stderr;
}
