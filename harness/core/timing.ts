// How long the harness waits for things, in one place. The first group decides verdicts: a flow
// that answers later than these allow is reported silent, so changing them can change results.

// How one flow is probed (harness/traffic/probe.ts). A scenario's flow may override each of these
// within `probeTimingLimits` (its `timing` field).
export interface ProbeTiming {
  // The first attempt: most flows answer (or are refused) in milliseconds, and a silent one that a
  // host's trace already shows dropped is decided without waiting out the full attempts.
  readonly quickAttemptMs: number;
  // Each later attempt of a flow that stayed silent.
  readonly attemptMs: number;
  // How many full attempts follow a silent quick one before the flow counts as silent.
  readonly retries: number;
}

export const probeTiming: ProbeTiming = { quickAttemptMs: 400, attemptMs: 1500, retries: 2 };

// The bounds a scenario's override must stay within (inclusive).
export const probeTimingLimits = {
  quickAttemptMs: { min: 50, max: 10_000 },
  attemptMs: { min: 100, max: 60_000 },
  retries: { min: 0, max: 10 },
} as const;

// netprobe waits 1000 ms after a TCP connect for the service's reply, which only adds the peer
// address the service saw (the verdict is already "connected"). That wait is a constant in
// harness/assets/netprobe.c, which takes no argument for it: changing it means changing the C
// source, which rebuilds every host image.

// What the machine's exec allows netprobe beyond its own attempt (process start, slow exec).
export const netprobeExecSlackMs = 10_000;

// Packet tracing around a probe (harness/traffic/host-watch.ts): how many sentinel packets a host
// sends itself, a few milliseconds apart, until its trace shows one. The first wait covers
// `nft monitor trace` starting to listen; the later ones only its catching up with the kernel.
export const traceTiming = {
  startSentinels: 300,
  catchUpSentinels: 100,
};

// Commands on a machine of the run (harness/machines/machine.ts and the backends' machines).
export const machineTiming = {
  // A command's limit when its caller gives none.
  execMs: 60_000,
  // `timeout -k`: how long a command that ignores SIGTERM at its limit has before SIGKILL.
  killAfterSeconds: 2,
  // An engine or SSH connection that gives no answer this long after a command's own limit is gone.
  noAnswerSlackMs: 15_000,
  // Machine.waitFor asks again after this pause: a question down a command channel costs milliseconds,
  // but what it runs (a docker client, say) takes CPU from what is being waited for.
  pollMs: 50,
  // The whole SSH connection (TCP, handshake, key) must be up within this long.
  sshReadyMs: 30_000,
  sshKeepaliveMs: 10_000,
  // A machine's command channel (machines/command-channel.ts) must say it is ready within this long:
  // opening one is an engine exec or an SSH channel, seconds on a loaded machine.
  channelReadyMs: 30_000,
};

// Commands on this machine (harness/core/process.ts and its callers).
export const localTiming = {
  // An interrupted command's process group is killed; the cleanup waits this long for it to go.
  interruptKillWaitMs: 5000,
  // Short commands (ip, virsh) that have a limit.
  shortCommandMs: 120_000,
};

// The engine the harness starts itself (harness/backends/dind/install-engine.ts).
export const engineTiming = {
  pingMs: 3000,
  // An engine that is there but slow (a machine busy tearing down VMs, say) is asked once more, for
  // longer, before a run calls it unusable.
  patientPingMs: 20_000,
  startMs: 60_000,
  startPingMs: 1000,
  startPollMs: 250,
};

// A run's calls to the engine (harness/backends/dind/), each of which must answer within its limit.
export const engineCallTiming = {
  // A container's start includes its init saying it is ready: seconds on a loaded machine.
  containerStartMs: 120_000,
  containerStopMs: 30_000,
  copyMs: 60_000,
  removeRunMs: 180_000,
  // After a call the engine never answered: a throw-away container must run to its end within this.
  canaryMs: 30_000,
};

// The VM backend's site and machines (harness/backends/vagrant/).
export const vmTiming = {
  // Software emulation: a boot takes minutes when two VMs share two cores, and the box upload comes first.
  vagrantUpMs: 45 * 60_000,
  vagrantCommandMs: 5 * 60_000,
  libvirtdStartMs: 60_000,
  libvirtdPollMs: 500,
  // A process of the site gets SIGTERM, then SIGKILL after this long.
  stopGraceMs: 15_000,
  stopPollMs: 100,
  // The processes of a dead run's site are killed again until none is left, at most this long.
  leftoverKillMs: 5000,
  leftoverKillPollMs: 100,
  rebootMs: 15 * 60_000,
  rebootPollMs: 5000,
  rebootSshReadyMs: 20_000,
};
