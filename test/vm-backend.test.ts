import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SshMachine } from '../harness/backends/vagrant/ssh-machine.ts';
import { silentProgress } from '../harness/core/progress.ts';
import { World } from '../harness/world/world.ts';
import { loadScenarios } from '../harness/scenario/load.ts';
import { VmBackend } from '../harness/backends/vagrant/vm-backend.ts';
import { machineFirewall, projectRoot, runCli } from './support.ts';
import { checksOf, rootLinks, verdicts, vmLeftovers } from './vm-support.ts';

// Software emulation: a VM takes a minute or more to boot, so this file budgets minutes, not seconds.
// The first test also installs vagrant and libvirt and builds the box on a fresh machine.
vi.setConfig({ testTimeout: 1_800_000, hookTimeout: 1_200_000 });

const seedScenario = 'scenarios/ufw/published-port-bypasses-ufw.scenario.ts';
// The same shape of world as the seed scenario: it runs on the seed's VMs, reverted to their snapshot.
const afterSnapshot = 'test/fixtures/vm/after-snapshot.scenario.ts';
// Needs a newer Docker than bookworm's, with a daemon.json that bookworm's dockerd refuses.
const needsDocker28 = 'test/fixtures/vm/requires-docker-28.scenario.ts';
// The seed scenario's world under other names: it starts from the snapshot taken after that world's bring-up.
const sameWorld = 'test/fixtures/vm/same-world-as-seed.scenario.ts';
// Needs Docker 28 too: once a VM of the suite's box has shown its Docker release, no VM is brought up for it.
const needsDocker28Later = 'test/fixtures/requires-docker-28.scenario.ts';

describe('Docker hosts as Vagrant VMs, driven over SSH', () => {
  it('runs a seed scenario on VMs with the same verdicts as on DinD, starts the next scenarios of its shape from a snapshot (after boot, or after the bring-up of the same world) with nothing of it left, finds one that needs a newer Docker not applicable before its dockerd starts (and, once the release of the box is known, another before any VM), and leaves no VM, volume, namespace or network behind', async () => {
    const firewallBefore = await machineFirewall();
    const linksBefore = rootLinks();
    const onContainers = await runCli(['run', seedScenario, '--suite', 'bookworm']);
    expect(onContainers.exitCode, onContainers.stderr).toBe(0);
    const onVms = await runCli(['run', needsDocker28, seedScenario, afterSnapshot, needsDocker28Later, sameWorld, '--suite', 'bookworm', '--backend', 'vagrant']);
    expect(onVms.stderr).toContain('▶ ufw-does-not-protect-published-ports [bookworm-vm]');
    expect(onVms.stderr).toMatch(/snapshot booted taken of host1, source1/);
    expect(onVms.stderr).toMatch(/reverted host1 \(host\), source1 \(client\) to the snapshot taken after boot/);
    expect(onVms.stderr).toContain("snapshot world-");
    expect(onVms.stderr).toContain('reverted host1 (edge), source1 (client) to the snapshot taken just after ufw-does-not-protect-published-ports-bookworm-vm brought up the same world');
    expect(onVms.stderr).toContain('  – fixture-vm-requires-docker-28: needs Docker 28.0 (the scenario requires it); bookworm-vm runs 20.10.24');
    expect(onVms.stderr).toContain('– fixture-requires-docker-28 [bookworm-vm]: not applicable: needs Docker 28.0 (the scenario requires it); bookworm-vm runs 20.10.24');
    expect(onVms.stderr).not.toContain('▶ fixture-requires-docker-28 ');
    expect(onVms.exitCode, onVms.stderr).toBe(0);

    const containerChecks = await checksOf(onContainers.runDir);
    const vmChecks = await checksOf(onVms.runDir);
    expect(containerChecks.length).toBeGreaterThan(0);
    expect(verdicts(vmChecks)).toEqual([
      ...verdicts(containerChecks),
      'the port the last host served itself is refused, not dropped by ufw: refused',
      'the port the last host published is refused: refused',
      "the restored world's own published port connects: connected",
      'the port the seed scenario served itself is refused, not dropped by ufw: refused',
      'the port the seed scenario published is refused: refused',
    ]);
    // The host really was a VM under systemd: its dockerd log is the journal's.
    const evidence = join(onVms.runDir!, 'evidence', 'ufw-does-not-protect-published-ports-bookworm-vm');
    expect(await readFile(join(evidence, 'final-docker1-dockerd.log'), 'utf8')).toMatch(/dockerd\[\d+\]/);

    expect(vmLeftovers()).toEqual([]);
    expect(rootLinks()).toBe(linksBefore);
    expect(await machineFirewall()).toBe(firewallBefore);
  });

  it('after SIGKILL mid bring-up, `clean` removes the VM site: namespace, libvirtd, VMs and files', async () => {
    const results = await mkdtemp(join(tmpdir(), 'harness-vm-crash-'));
    const child = spawn(process.execPath, [join(projectRoot, 'harness/cli.ts'), 'run', seedScenario, '--suite', 'bookworm', '--backend', 'vagrant', '--results', results], {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 600_000;
    while (!vmLeftovers().some((leftover) => leftover.includes('qemu-system'))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no VM ever started:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.kill('SIGKILL');
    await exited;
    expect(vmLeftovers().length).toBeGreaterThan(0);
    const clean = await runCli(['clean']);
    expect(clean.stderr).toMatch(/removed [1-9]\d* VM site\(s\):\n  harness-vm-/);
    expect(vmLeftovers()).toEqual([]);
  });

  describe('the SSH driver on a real VM', () => {
    let backend: VmBackend;
    let world: World;
    let source: SshMachine;

    beforeAll(async () => {
      const [loaded] = await loadScenarios([join(projectRoot, 'test/fixtures/vm/one-source.scenario.ts')]);
      backend = new VmBackend({ runId: `t${Date.now().toString(36)}`, workDir: await mkdtemp(join(tmpdir(), 'harness-vagrant-test-')), progress: silentProgress });
      world = await World.create(loaded!.scenario, backend.builder('bookworm', 'ssh-driver-test', silentProgress), (warning) => console.warn(warning));
      source = world.machine('one') as SshMachine;
    });

    afterAll(async () => {
      await world?.destroy();
      await backend?.close();
      expect(vmLeftovers()).toEqual([]);
    });

    it('runs commands with exit code, output and a time limit, copies files and reads addresses', async () => {
      expect(await source.exec('echo out; echo err >&2; exit 3')).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
      const started = Date.now();
      await expect(source.run('sleep 600', { timeoutMs: 3000 })).rejects.toThrow(/on one: `sleep 600` timed out after 3000 ms/);
      expect(Date.now() - started).toBeLessThan(20_000);
      await source.copyFile(join(projectRoot, 'package.json'), '/tmp/copied.json');
      expect(await source.run('cat /tmp/copied.json')).toContain('docker-firewall-harness');
      expect(await source.addresses()).toContainEqual({ interface: 'eth0', address: '192.168.7.20', prefix: 24 });
    });

    it('starts and restarts the Docker host\'s daemon through systemd, with its flags and daemon.json', async () => {
      const host = world.host('docker1');
      await host.daemon.configure({ 'live-restore': true }, ['--ip', '192.168.7.10'], 'test.');
      await host.startDaemon();
      expect(host.daemon.version).toMatch(/^20\.10\./);
      await host.restartDaemon();
      const dockerd = await host.machine.run('cat /proc/$(pidof dockerd)/cmdline | tr "\\0" " "');
      expect(dockerd).toContain('--ip 192.168.7.10');
      expect(await host.machine.run('systemctl is-active docker.service')).toBe('active\n');
      expect(await host.machine.run('docker info --format "{{.LiveRestoreEnabled}}"')).toBe('true\n');
    });

    it('a wrong key is refused with a clear error, in bounded time', async () => {
      const keyDir = await mkdtemp(join(tmpdir(), 'harness-wrong-key-'));
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      await writeFile(join(keyDir, 'key'), privateKey, { mode: 0o600 });
      const started = Date.now();
      await expect(SshMachine.connect('one', { ...source.target, privateKeyPath: join(keyDir, 'key') }, { readyTimeoutMs: 30_000 })).rejects.toThrow(
        new RegExp(`ssh root@${source.target.host}:22 \\(in network namespace harness-vm-\\S+\\): the key ${keyDir}/key was refused`),
      );
      expect(Date.now() - started).toBeLessThan(40_000);
    });

    it('an unreachable host is a clear error, in bounded time', async () => {
      // An address of the run's own management network that no VM holds: nothing leaves the namespace.
      const started = Date.now();
      await expect(SshMachine.connect('ghost', { ...source.target, host: '192.168.121.250' }, { readyTimeoutMs: 15_000 })).rejects.toThrow(/ssh root@192\.168\.121\.250:22 \(in network namespace harness-vm-\S+\): (unreachable|no SSH answer)/);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  });
});
