import { cpus, loadavg } from 'node:os';
import { terminalProgress } from '../core/progress.ts';

// One figure per line: what was measured, then the value (and its target, where it has one).
export const printFigure = (label: string, value: string) => terminalProgress.line(`${label.padEnd(58)} ${value}`);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
// A figure's target, written beside it so the reader compares; nothing passes or fails on it.
export const withTarget = (value: string, target: string) => `${value.padEnd(34)} target ${target}`;
// The machine's load average over 1, 5 and 15 minutes, printed beside timings it colours.
export const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(' ');
// CPU time the whole machine has spent busy (every process and the kernel), in ms over all cores.
export const machineBusyMs = () => cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
