// Why dockerd would not start, told the way a person fixing the scenario needs it: the log line that
// says why (dockerd prints it last, often after many lines of containerd's own start-up), and the
// scenario field that set what dockerd complains about.

// The marker the init system writes before each start; only the lines after the last one belong to
// the start that failed.
const startMarker = /^=== dockerd\b/;
// Lines in which dockerd (or its flag parser) says why it gives up.
const reasonPatterns = [/failed to start daemon/i, /unable to configure the docker daemon/i, /error starting daemon/i, /level=fatal/i, /unknown (?:flag|shorthand flag)/i, /invalid argument/i, /^Status: .* Code: \d+/i];

// A daemon.json key or the flags, with the scenario field that set it (hosts.docker1.daemon.config.ip).
export interface DaemonSetting {
  readonly text: string;
  readonly field: string;
}

// The log lines of the last start: those after its marker (all of them when there is none).
export function linesSinceStart(log: string): string[] {
  const lines = log.split('\n');
  const since = lines.findLastIndex((line) => startMarker.test(line));
  return lines.slice(since + 1).filter((line) => line.trim().length > 0);
}

export function startFailureReason(log: string): string | undefined {
  const ours = linesSinceStart(log).map((line) => line.trim());
  const line = ours.findLast((candidate) => reasonPatterns.some((pattern) => pattern.test(candidate))) ?? ours.at(-1);
  if (line === undefined) return undefined;
  // logrus lines: level=fatal msg="failed to start daemon: ..." -> the message alone.
  const message = line.match(/\bmsg="((?:[^"\\]|\\.)*)"/)?.[1];
  return message === undefined ? line : message.replace(/\\"/g, '"');
}

// The settings the reason names, by key or by value; none when it names none of them.
export function settingsBlamed(reason: string, settings: readonly DaemonSetting[]): DaemonSetting[] {
  return settings.filter((setting) => setting.text.length > 1 && reason.includes(setting.text));
}
