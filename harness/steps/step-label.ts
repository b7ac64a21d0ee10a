// How an action step names itself: its progress line, its evidence file, and its failure message.
export interface StepLabel {
  // For the debug log: the step's title, or its field path and kind (steps[4] command).
  readonly name: string;
  // The progress line: the title, or the field path, kind and target (steps[4] command on master).
  readonly progress: string;
  // A failure names the step the way the scenario file does: field path and kind, then any title.
  readonly failure: string;
  readonly evidenceFile: string;
}

// The names of the step at `index` of a scenario's sequence, acting on `target`.
export function stepLabel(step: { readonly kind: string; readonly title?: string | undefined }, index: number, target: string): StepLabel {
  const fieldPath = `steps[${index}] ${step.kind}`;
  const number = String(index).padStart(2, '0');
  if (step.title === undefined) return { name: fieldPath, progress: `${fieldPath} on ${target}`, failure: fieldPath, evidenceFile: `step-${number}-${step.kind}.txt` };
  return { name: step.title, progress: step.title, failure: `${fieldPath} (${step.title})`, evidenceFile: `step-${number}-${slugOf(step.title) || step.kind}.txt` };
}

// A name made safe and short for a file name: lower-case letters, digits and dashes, at most 60.
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}
