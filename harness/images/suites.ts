import { HarnessError } from '../core/errors.ts';

// Debian suites whose docker.io the harness can run as a Docker host, with what each needs to build.
export interface SuiteRecipe {
  readonly suite: string;
  // The engine version Debian ships there (for messages; the real one is read from the host).
  readonly docker: string;
  // debootstrap's script for suites newer than the machine's debootstrap knows (forky -> sid).
  readonly debootstrapScript?: string;
  // Extra apt options (forky's Release file on the mirror is past its Valid-Until date).
  readonly aptOptions: readonly string[];
  readonly packages: readonly string[];
}

// What every Docker host needs: the engine, every firewall front end the claims talk about, and tools
// for evidence. netprobe (compiled by the harness) is added on top.
const hostPackages = ['docker.io', 'iptables', 'nftables', 'ufw', 'firewalld', 'dbus', 'iproute2', 'conntrack', 'procps', 'tini', 'tcpdump', 'kmod'];

export const suites: Record<string, SuiteRecipe> = {
  bookworm: { suite: 'bookworm', docker: '20.10', aptOptions: [], packages: hostPackages },
  // From trixie on, the docker client is the separate package docker-cli.
  trixie: { suite: 'trixie', docker: '26.1', aptOptions: [], packages: [...hostPackages, 'docker-cli'] },
  forky: {
    suite: 'forky',
    docker: '28.5',
    debootstrapScript: '/usr/share/debootstrap/scripts/sid',
    aptOptions: ['-o', 'Acquire::Check-Valid-Until=false'],
    packages: [...hostPackages, 'docker-cli'],
  },
};

// Every claim on every Docker generation Debian ships, unless --suite picks a subset.
export const defaultSuites = ['bookworm', 'trixie', 'forky'];

// The recipe of a suite the harness knows; an unknown name is an error listing the known ones.
export function suiteRecipe(suite: string): SuiteRecipe {
  const recipe = suites[suite];
  if (!recipe) throw new HarnessError('UNKNOWN_SUITE', `Unknown suite "${suite}"; known suites: ${Object.keys(suites).join(', ')}`);
  return recipe;
}
