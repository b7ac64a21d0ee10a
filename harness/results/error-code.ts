import { HarnessError, type HarnessErrorCode } from '../core/errors.ts';

// Why a flow's verdict is "error": the evidence gives no verdict, or contradicts the one the probe saw.
// harness/traffic/verdict.ts sets it with the verdict.
//   no-probe-attempt           netprobe made no attempt at all
//   probe-failed               netprobe itself failed (a local errno, not an answer from the network)
//   no-arrival                 no answer, and no packet of the flow reached the destination host
//   no-arrival-evidence        no answer, and the destination host's arrival counter could not be read
//   reply-discarded-at-source  no answer at the source, yet the host accepted the flow and let the
//                              destination's replies back out: the source discarded them
//   answered-by-source         the source's own stack answered (refused it, or its own firewall
//                              refused to send), not the host: no packet reached the host, or the
//                              destination is the source itself and no Docker host of the run
//   no-neighbour               EHOSTUNREACH with no packet at the destination host: the source's
//                              neighbour discovery (ARP, NDP) for the next hop failed
//   no-route-at-source         ENETUNREACH with no packet at any host: the source has no route
//   daemon-died                a Docker daemon died while the flow was probed
export const flowErrorCodes = [
  'no-probe-attempt',
  'probe-failed',
  'no-arrival',
  'no-arrival-evidence',
  'reply-discarded-at-source',
  'accepted-but-silent',
  'answered-by-source',
  'no-neighbour',
  'no-route-at-source',
  'daemon-died',
] as const;
export type FlowErrorCode = (typeof flowErrorCodes)[number];

// Why a command check's observation is "error": its command did not run to a result the check can judge.
//   command-failed     the command exited non-zero and the check states no exitCode
//   command-timed-out  the command ran out of time
//   no-peer-seen       a flow's peer check: the flow did not connect, or its destination did not say
//                      whom it saw (not a netprobe service or listener)
export const checkErrorCodes = ['command-failed', 'command-timed-out', 'no-peer-seen'] as const;
export type CheckErrorCode = (typeof checkErrorCodes)[number];

// Why a scenario stopped before all its checks were recorded.
//   no-engine        no Docker engine answered before the run, so the scenario never started
//   engine-lost      the Docker engine stopped answering during the run
//   daemon-died      a host's dockerd died although no daemon step stopped it
//   daemon-start     a host's dockerd did not start
//   kernel-feature   the kernel lacks a feature the scenario needs
//   step-failed      one of the scenario's steps failed
//   probe-failed     netprobe printed no result
//   timeout          a machine did not reach a state the harness waited for
//   command-failed   a command the harness ran on a machine failed
//   no-answer        a machine stopped answering (SSH or the engine gave no answer)
//   vm-setup         a VM, its box or its site could not be brought up
//   scenario-setup   the scenario asked its world for a machine or an address it does not have
//   other            an error without a harness code (from a library, or a harness bug)
export const scenarioErrorCodes = [
  'no-engine',
  'engine-lost',
  'daemon-died',
  'daemon-start',
  'kernel-feature',
  'step-failed',
  'probe-failed',
  'timeout',
  'command-failed',
  'no-answer',
  'vm-setup',
  'scenario-setup',
  'other',
] as const;
export type ScenarioErrorCode = (typeof scenarioErrorCodes)[number];

export type ErrorCode = FlowErrorCode | CheckErrorCode | ScenarioErrorCode;

const byHarnessCode: Readonly<Partial<Record<HarnessErrorCode, ScenarioErrorCode>>> = {
  DAEMON_DIED: 'daemon-died',
  DAEMON_START_FAILED: 'daemon-start',
  KERNEL_FEATURE_MISSING: 'kernel-feature',
  STEP_FAILED: 'step-failed',
  PROBE_FAILED: 'probe-failed',
  TIMEOUT: 'timeout',
  COMMAND_FAILED: 'command-failed',
  ENGINE_NO_ANSWER: 'no-answer',
  SSH_UNREACHABLE: 'no-answer',
  SSH_NO_ANSWER: 'no-answer',
  SSH_AUTH_FAILED: 'no-answer',
  SSH_KEY_UNREADABLE: 'no-answer',
  SSH_EXEC_FAILED: 'no-answer',
  SSH_COPY_FAILED: 'no-answer',
  VM_UP_FAILED: 'vm-setup',
  VM_PLAN_INVALID: 'vm-setup',
  VM_SUBNET_TAKEN: 'vm-setup',
  VM_BOX_NETWORK: 'vm-setup',
  VM_BOX_SUITE: 'vm-setup',
  VM_BOX_UNAVAILABLE: 'vm-setup',
  VM_BRIDGE_NAME: 'vm-setup',
  VM_LIBVIRTD_FAILED: 'vm-setup',
  VM_LIBVIRTD_RUNNING: 'vm-setup',
  VM_REBOOT_TIMEOUT: 'vm-setup',
  VM_REVERT_FAILED: 'vm-setup',
  VM_POWER_OFF_FAILED: 'vm-setup',
  VAGRANT_FAILED: 'vm-setup',
  BOX_BUILD_FAILED: 'vm-setup',
  GUEST_PACKAGES: 'vm-setup',
  SSH_CONFIG_INVALID: 'vm-setup',
  UNKNOWN_MACHINE: 'scenario-setup',
  NO_ADDRESS: 'scenario-setup',
};

// Pure: the error code of whatever stopped a scenario, from the HarnessError code it carries.
export function scenarioErrorCodeOf(error: unknown): ScenarioErrorCode {
  return error instanceof HarnessError ? (byHarnessCode[error.code] ?? 'other') : 'other';
}
