// The fields of a docker-user or iptables step that make its commands.
type Family = 'ipv4' | 'ipv6' | 'both';
interface DockerUserStep {
  readonly rule: string;
  readonly position: 'insert' | 'append';
  readonly family: Family;
}
interface IptablesStep {
  readonly rule: string;
  readonly table: string;
  readonly family: Family;
}

function binaries(family: Family): string[] {
  if (family === 'both') return ['iptables', 'ip6tables'];
  return [family === 'ipv6' ? 'ip6tables' : 'iptables'];
}

// The commands an operator would type for a DOCKER-USER rule, e.g. `iptables -I DOCKER-USER -i eth0 -j DROP`.
export function dockerUserCommands(step: DockerUserStep): string[] {
  const flag = step.position === 'append' ? '-A' : '-I';
  return binaries(step.family).map((binary) => `${binary} ${flag} DOCKER-USER ${step.rule}`);
}

// A raw iptables rule specification in any table and chain: `iptables -t nat -A POSTROUTING ...`.
export function iptablesCommands(step: IptablesStep): string[] {
  const table = step.table === 'filter' ? '' : `-t ${step.table} `;
  return binaries(step.family).map((binary) => `${binary} ${table}${step.rule}`);
}
