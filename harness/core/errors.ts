// Every kind of failure the harness names, so callers (and the exit code) can tell them apart.
export type HarnessErrorCode =
  | 'APT_FAILED'
  | 'APT_UNAVAILABLE'
  | 'BAD_OPTION'
  | 'BOX_BUILD_FAILED'
  | 'CLAIMS_INVALID'
  | 'CLEANUP_FAILED'
  | 'COMMAND_FAILED'
  | 'DAEMON_DIED'
  | 'DAEMON_START_FAILED'
  | 'ENGINE_MISSING'
  | 'ENGINE_NO_ANSWER'
  | 'ENGINE_START_FAILED'
  | 'ENGINE_UNREACHABLE'
  | 'GUEST_PACKAGES'
  | 'IMAGE_IMPORT_FAILED'
  | 'IMAGE_PULL_FAILED'
  | 'KERNEL_FEATURE_MISSING'
  | 'MACHINE_FIREWALL_CHANGED'
  | 'NO_ADDRESS'
  | 'NO_SCENARIOS'
  | 'POLICY_FILE_CHANGED'
  | 'PROBE_FAILED'
  | 'RUN_RECORD_INVALID'
  | 'SCENARIO_INVALID'
  | 'SSH_AUTH_FAILED'
  | 'SSH_CONFIG_INVALID'
  | 'SSH_COPY_FAILED'
  | 'SSH_EXEC_FAILED'
  | 'SSH_KEY_UNREADABLE'
  | 'SSH_NO_ANSWER'
  | 'SSH_UNREACHABLE'
  | 'STEP_FAILED'
  | 'TEARDOWN_FAILED'
  | 'TIMEOUT'
  | 'UNKNOWN_MACHINE'
  | 'UNKNOWN_SUITE'
  | 'VAGRANT_FAILED'
  | 'VM_BOX_NETWORK'
  | 'VM_BOX_SUITE'
  | 'VM_BOX_UNAVAILABLE'
  | 'VM_BRIDGE_NAME'
  | 'VM_LIBVIRTD_FAILED'
  | 'VM_LIBVIRTD_RUNNING'
  | 'VM_PLAN_INVALID'
  | 'VM_POWER_OFF_FAILED'
  | 'VM_REBOOT_TIMEOUT'
  | 'VM_REVERT_FAILED'
  | 'VM_SITE_CLEANUP_FAILED'
  | 'VM_SUBNET_TAKEN'
  | 'VM_UP_FAILED';

// Errors with a stable code, so callers (and the exit code) can tell what kind of failure it was.
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}

// One or more scenario files failed validation; nothing has been started.
export class ScenarioError extends HarnessError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('SCENARIO_INVALID', problems.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

// Formats any thrown value with its cause chain, for logs and error verdicts.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\n  caused by: ${describeError(error.cause)}`;
  return `${error.message}${cause}`;
}
