import { readFileSync, readdirSync } from 'node:fs';

// The Debian mirror this machine's apt already uses, so image builds go where apt is allowed to go.
export function debianMirror(): string {
  if (process.env.HARNESS_DEBIAN_MIRROR) return process.env.HARNESS_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list', ...listSources('/etc/apt/sources.list.d')];
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const found = mirrorIn(text);
    if (found) return found;
  }
  return 'http://deb.debian.org/debian';
}

function listSources(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => /\.(list|sources)$/.test(name)).map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
}

// Finds the main Debian archive URI in one-line ("deb URI suite") or deb822 ("URIs: URI") sources.
export function mirrorIn(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = line.match(/^\s*(?:deb\s+(?:\[[^\]]*\]\s+)?|URIs:\s*)(\S+)/);
    const uri = match?.[1];
    // Third-party repositories (Docker's own, say) also end in /debian: only Debian's archive will do.
    if (uri && /\/debian\/?$/.test(uri) && !/docker/.test(uri)) return uri.replace(/\/$/, '');
  }
  return undefined;
}
