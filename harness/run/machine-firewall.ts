import { execProcess } from '../core/process.ts';
import { HarnessError } from '../core/errors.ts';

// The machine's own firewall (not a test host's): iptables, ip6tables and nftables rules, without
// counters and comments, which change on their own. Undefined where it cannot be read (not root,
// no tools, or an engine on another machine), and then nothing is compared.
export async function machineFirewall(): Promise<string | undefined> {
  if (process.getuid?.() !== 0 || (process.env.DOCKER_HOST && !process.env.DOCKER_HOST.startsWith('unix://'))) return undefined;
  const read = async (argv: readonly string[]) => {
    const result = await execProcess(argv).catch(() => undefined);
    return result?.exitCode === 0 ? result.stdout : '';
  };
  const rules = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/\[\d+:\d+\]/g, '').replace(/counter packets \d+ bytes \d+/g, 'counter'))
      .join('\n');
  return [await read(['iptables-save']), await read(['ip6tables-save']), await read(['nft', 'list', 'ruleset'])].map(rules).join('\n=====\n');
}

// Fails loudly when a run changed the machine's own firewall: the harness must only ever touch its test hosts.
export async function assertMachineFirewallUnchanged(before: string | undefined): Promise<void> {
  if (before === undefined) return;
  const after = await machineFirewall();
  if (after === undefined || after === before) return;
  const old = new Set(before.split('\n'));
  const now = new Set(after.split('\n'));
  const changes = [...[...old].filter((line) => !now.has(line)).map((line) => `- ${line}`), ...[...now].filter((line) => !old.has(line)).map((line) => `+ ${line}`)];
  throw new HarnessError('MACHINE_FIREWALL_CHANGED', `the machine's own firewall rules changed during the run:\n${changes.slice(0, 40).join('\n')}`);
}
