import { firewalldState } from '../machines/docker-host.ts';
import type { DockerHost } from '../machines/docker-host.ts';

// Everything a person would look at to see a host's firewall, in one dump: iptables and ip6tables with
// counters, the nftables ruleset, and firewalld's and ufw's own views when they are running. It is
// taken before and after every step, so whether firewalld, ufw and dockerd are there is asked of
// D-Bus, ufw's configuration and the engine's API: their Python and Go clients cost a second under load.
// (firewalld's zones listing marks the active ones, so it alone shows which zones hold interfaces.)
const script = `
section() { printf '\\n===== %s =====\\n' "$1"; }
section 'iptables-save -c'; iptables-save -c 2>&1
section 'ip6tables-save -c'; ip6tables-save -c 2>&1
section 'nft list ruleset'; nft list ruleset 2>&1
if ${firewalldState} | grep -q '"RUNNING"'; then
  section 'firewall-cmd --list-all-zones'; firewall-cmd --list-all-zones 2>&1
fi
if grep -qs '^ENABLED=yes' /etc/ufw/ufw.conf; then section 'ufw status verbose'; ufw status verbose 2>&1; fi
section 'ip addr'; ip addr 2>&1
section 'ip route'; ip route 2>&1
`;

// The dump, then the containers and networks of the host's dockerd when one answers.
export async function captureFirewallState(host: DockerHost): Promise<string> {
  const [result, engine] = await Promise.all([host.machine.exec(script, { timeoutMs: 60_000 }), host.engine.listing()]);
  return `${result.stdout}${result.stderr}${engine ? `\n${engine}` : ''}`;
}
