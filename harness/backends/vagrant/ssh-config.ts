import { HarnessError } from '../../core/errors.ts';

export interface SshDetails {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyPath: string;
}

// The connection `vagrant ssh-config NAME` describes. As in ssh, keywords are case-insensitive, may
// be followed by "=", and the first value given wins; arguments may be quoted ("/path with spaces").
export function parseSshConfig(text: string): SshDetails {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [keyword, value] = splitLine(line);
    if (keyword && value !== undefined && !values.has(keyword)) values.set(keyword, value);
  }
  const required = (keyword: string): string => {
    const value = values.get(keyword.toLowerCase());
    if (!value) throw new HarnessError('SSH_CONFIG_INVALID', `vagrant ssh-config gave no ${keyword}:\n${text.slice(0, 2000)}`);
    return value;
  };
  const port = Number(values.get('port') ?? '22');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HarnessError('SSH_CONFIG_INVALID', `vagrant ssh-config gave Port ${values.get('port')}, not a port number`);
  return { host: required('HostName'), port, user: required('User'), privateKeyPath: required('IdentityFile') };
}

// "  IdentityFile "/a b/key"" -> ['identityfile', '/a b/key']; comments and blank lines -> [].
function splitLine(line: string): [string?, string?] {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return [];
  const match = trimmed.match(/^(\S+?)(?:\s*=\s*|\s+)(.*)$/);
  if (!match) return [trimmed.toLowerCase()];
  return [match[1]!.toLowerCase(), firstArgument(match[2]!)];
}

// The first argument, with quotes removed; unquoted arguments end at whitespace.
function firstArgument(rest: string): string {
  let value = '';
  let quote: string | undefined;
  for (const char of rest) {
    if (quote) {
      if (char === quote) quote = undefined;
      else value += char;
    } else if (char === '"' || char === "'") quote = char;
    else if (/\s/.test(char)) break;
    else value += char;
  }
  return value;
}
