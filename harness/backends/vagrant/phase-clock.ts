import type { Progress } from '../../core/progress.ts';

// Progress lines prefixed with what they are about and the seconds since it began, for slow work.
export function phaseClock(progress: Progress, subject: string): (text: string) => void {
  const started = Date.now();
  return (text) => progress.line(`${subject}: ${text} (${Math.round((Date.now() - started) / 1000)} s)`);
}
