// Why a scenario did not run on a suite, decided from what it declares, never from a failure:
//   not-applicable  the suite's Docker is older than the release the scenario needs (its own
//                   `requires.docker`, or the `since` of a claim it checks)
//   kernel          the machine's kernel lacks a feature the scenario requires; `runWith` is the
//                   command that runs it where the kernel has it (a VM with its own kernel)
// Neither is a verdict on a claim, so neither changes the exit code.
export type ScenarioSkip =
  | { readonly kind: 'not-applicable'; readonly needsDocker: string; readonly reason: string }
  | { readonly kind: 'kernel'; readonly missing: readonly string[]; readonly reason: string; readonly runWith: string };

export const skipKinds = ['not-applicable', 'kernel'] as const;
