// Ctrl-C and SIGTERM. Whatever the harness has under way (a run's containers, an image build's
// chroot, a child process) registers how to undo itself here; one handler undoes them newest first,
// then exits, so an interrupted command leaves nothing behind. A second signal exits at once.
type Undo = () => Promise<unknown> | unknown;

interface Pending {
  readonly what: string;
  readonly undo: Undo;
}

const pending = new Set<Pending>();
let installed = false;
let underWay: Promise<never> | undefined;

// Once a signal came, the work it cut short fails in all sorts of ways; the command must not report
// those or exit on its own, but wait here for the cleanup to finish and exit with the signal's code.
export function interruption(): Promise<never> | undefined {
  return underWay;
}

// Registers an undo step; call the returned function once the work is finished and nothing is left to undo.
export function onInterrupt(what: string, undo: Undo): () => void {
  install();
  const entry = { what, undo };
  pending.add(entry);
  return () => pending.delete(entry);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (underWay = undoAll(signal)));
}

async function undoAll(signal: NodeJS.Signals): Promise<never> {
  if (pending.size > 0) process.stderr.write(`\n${signal}: cleaning up (${[...pending].map((entry) => entry.what).reverse().join('; ')})...\n`);
  for (const entry of [...pending].reverse()) {
    try {
      await entry.undo();
    } catch (error) {
      process.stderr.write(`cleanup of ${entry.what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
