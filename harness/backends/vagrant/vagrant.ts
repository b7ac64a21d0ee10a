import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execProcess } from '../../core/process.ts';
import { vmTiming } from '../../core/timing.ts';
import { HarnessError, describeError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import type { Box } from './box.ts';
import { vmLog } from './log.ts';
import { phaseClock } from './phase-clock.ts';
import { parseSshConfig, type SshDetails } from './ssh-config.ts';
import { VagrantOutput } from './vagrant-output.ts';
import { managementNetwork, vagrantPlan, type VagrantPlan, type VmPlan } from './vagrant-plan.ts';
import { leasedAddresses, lines, volumeTable } from './virsh-output.ts';
import { qemuLogPath, type VmSite } from './vm-site.ts';

export type { VmNic, VmPlan } from './vagrant-plan.ts';

// The top-level Vagrantfile, which reads the plan this module writes.
const vagrantfileDir = new URL('../../../', import.meta.url).pathname;

// One set of VMs brought up together by Vagrant in a VmSite. Everything Vagrant keeps lives under
// `dir`: its home (with the boxes), its machine state, the plan, and the VMs' logs (logs/).
export class VagrantProject {
  private readonly site: VmSite;
  private readonly dir: string;
  private readonly plan: VagrantPlan;
  private readonly boxes: readonly Box[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly say: (text: string) => void;
  private destroying: Promise<void> | undefined;

  private constructor(site: VmSite, dir: string, plan: VagrantPlan, boxes: readonly Box[], progress: Progress) {
    this.site = site;
    this.dir = dir;
    this.plan = plan;
    this.boxes = boxes;
    this.say = phaseClock(progress, `vms ${basename(dir)}`);
    this.env = {
      ...process.env,
      VAGRANT_CWD: vagrantfileDir,
      VAGRANT_HOME: join(dir, 'home'),
      VAGRANT_DOTFILE_PATH: join(dir, 'vagrant'),
      HARNESS_VM_PLAN: join(dir, 'plan.json'),
      VAGRANT_DEFAULT_PROVIDER: 'libvirt',
      VAGRANT_CHECKPOINT_DISABLE: '1',
      VAGRANT_NO_COLOR: '1',
    };
  }

  static async create(options: { readonly site: VmSite; readonly dir: string; readonly boxes: readonly Box[]; readonly machines: readonly VmPlan[]; readonly progress: Progress }): Promise<VagrantProject> {
    checkMachines(options.machines, options.boxes);
    const logDir = join(options.dir, 'logs');
    await mkdir(logDir, { recursive: true });
    const plan = vagrantPlan({ projectDir: options.dir, storagePool: options.site.poolName, logDir, machines: options.machines });
    await writeFile(join(options.dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
    const project = new VagrantProject(options.site, options.dir, plan, options.boxes, options.progress);
    for (const box of options.boxes) await project.addBox(box);
    return project;
  }

  // A file through a one-version catalog (a box added from a bare file has no version, and
  // vagrant-libvirt warns about that for every machine); a box another Vagrant home holds by a link
  // to it, which the teardown removes without touching the box.
  private async addBox(box: Box): Promise<void> {
    if ('vagrantHome' in box.from) {
      const dir = join('boxes', vagrantBoxDir(box.name));
      await mkdir(join(this.env.VAGRANT_HOME!, 'boxes'), { recursive: true });
      await symlink(join(box.from.vagrantHome, dir), join(this.env.VAGRANT_HOME!, dir));
      return;
    }
    this.say(`adding box ${box.name}`);
    const catalog = join(this.dir, `${vagrantBoxDir(box.name)}.json`);
    const entry = { name: box.name, versions: [{ version: '1', providers: [{ name: 'libvirt', url: `file://${box.from.file}` }] }] };
    await writeFile(catalog, JSON.stringify(entry));
    await this.vagrant(['box', 'add', catalog], vmTiming.vagrantCommandMs);
  }

  // Boots every machine (in parallel) and runs the provisioner; progress lines per machine.
  async up(): Promise<void> {
    const names = this.plan.machines.map((machine) => machine.name);
    this.say(`vagrant up ${names.join(', ')}; under software emulation this takes minutes`);
    try {
      await this.vagrant(['up', '--provider=libvirt'], vmTiming.vagrantUpMs, (line) => {
        const step = line.match(/^==> ([\w.-]+): (.*)$/);
        // vagrant-libvirt lists the domain's settings as " -- Key: value" lines: trace only.
        if (step && !step[2]!.startsWith(' -- ')) this.say(`${step[1]}: ${step[2]}`);
      });
    } catch (error) {
      throw new HarnessError('VM_UP_FAILED', `${describeError(error)}${await this.serialLogTails()}`, { cause: error });
    }
    this.say('all machines up');
  }

  // The project's name: its directory's.
  get name(): string {
    return basename(this.dir);
  }

  // The libvirt domain of one of the project's machines.
  domain(name: string): string {
    return this.plan.libvirt.domainPrefix + name;
  }

  async sshConfig(name: string): Promise<SshDetails> {
    return parseSshConfig(await this.vagrant(['ssh-config', name], vmTiming.vagrantCommandMs));
  }

  // The addresses the management network's DHCP server has leased to a machine, newest first.
  async managementAddresses(name: string): Promise<string[]> {
    return leasedAddresses(await this.site.virsh(['net-dhcp-leases', managementNetwork.name, '--mac', this.managementMac(name)]));
  }

  // Keeps a machine's management address for it for the rest of the run: a VM reverted to a
  // snapshot keeps the lease it had in memory, while the DHCP server would let it expire and hand
  // the address to a VM booted later.
  async reserveManagementAddress(name: string, address: string): Promise<void> {
    await this.site.virsh(['net-update', managementNetwork.name, 'add', 'ip-dhcp-host', `<host mac='${this.managementMac(name)}' ip='${address}'/>`, '--live']);
  }

  private managementMac(name: string): string {
    const machine = this.plan.machines.find((candidate) => candidate.name === name);
    if (!machine) throw new HarnessError('VM_PLAN_INVALID', `no machine ${name} in this project`);
    return machine.managementMac;
  }

  // The guest's serial console (kernel and boot messages), written by qemu.
  serialLogPath(name: string): string {
    return join(this.plan.libvirt.logDir, `${name}.serial.log`);
  }

  // Removes the domains, their volumes, the box volumes no other project still uses, and Vagrant's
  // home and state; keeps plan.json and logs/ (with libvirt's qemu log of each VM). Idempotent.
  destroy(): Promise<void> {
    this.destroying ??= this.teardown();
    return this.destroying;
  }

  private async teardown(): Promise<void> {
    if (!this.site.isClosed) {
      this.say('vagrant destroy');
      await this.vagrant(['destroy', '-f'], vmTiming.vagrantCommandMs).catch((error) => vmLog('vagrant destroy failed, removing by hand: %s', describeError(error)));
      await this.removeLeftovers();
    }
    for (const { name } of this.plan.machines) {
      const qemuLog = qemuLogPath(this.plan.libvirt.domainPrefix + name);
      await copyFile(qemuLog, join(this.plan.libvirt.logDir, `${name}.qemu.log`)).then(() => rm(qemuLog), () => {});
    }
    await rm(join(this.dir, 'home'), { recursive: true, force: true });
    await rm(join(this.dir, 'vagrant'), { recursive: true, force: true });
    this.say('destroyed');
  }

  // What `vagrant destroy` may leave: domains of a failed `up`, and the box volumes vagrant-libvirt
  // uploads once per pool and never removes (unless another project's disks are based on them).
  private async removeLeftovers(): Promise<void> {
    const prefix = this.plan.libvirt.domainPrefix;
    for (const domain of lines(await this.site.virsh(['list', '--all', '--name'])).filter((name) => name.startsWith(prefix))) {
      await this.site.virsh(['destroy', domain]).catch(() => {}); // not running
      await this.site.virsh(['undefine', '--snapshots-metadata', domain]);
    }
    const pool = this.site.poolName;
    const volumes = volumeTable(await this.site.virsh(['vol-list', '--pool', pool]));
    const ours = volumes.filter((volume) => volume.name.startsWith(prefix) || this.boxes.some((box) => volume.name.startsWith(`${vagrantBoxDir(box.name)}_vagrant_box_image_`)));
    const others = volumes.filter((volume) => !ours.includes(volume));
    const backing = await Promise.all(others.map((volume) => this.site.virsh(['vol-dumpxml', '--pool', pool, volume.name])));
    for (const volume of ours) {
      if (backing.some((xml) => xml.includes(`<path>${volume.path}</path>`))) continue;
      await this.site.virsh(['vol-delete', '--pool', pool, volume.name]);
    }
  }

  private async serialLogTails(): Promise<string> {
    const parts = await Promise.all(
      this.plan.machines.map(async ({ name }) => {
        const text = await readFile(this.serialLogPath(name), 'utf8').catch(() => '');
        return text ? `\n--- serial log of ${name} (end):\n${text.split('\n').slice(-40).join('\n')}` : '';
      }),
    );
    return parts.join('');
  }

  // Runs vagrant inside the site's namespace, where the VMs' management addresses are reachable.
  private async vagrant(args: readonly string[], timeoutMs: number, onLine: (line: string) => void = () => {}): Promise<string> {
    let all = '';
    const output = new VagrantOutput((line) => {
      all += `${line}\n`;
      vmLog('vagrant %s: %s', args[0], line);
      onLine(line);
    });
    const result = await execProcess(this.site.wrap(['vagrant', ...args, '--no-color']), {
      env: this.env,
      timeoutMs,
      timeoutSignal: 'SIGINT', // lets Vagrant stop what it started
      onLine: (line) => output.push(`${line}\n`),
    }).catch((error: unknown) => {
      throw new HarnessError('VAGRANT_FAILED', `vagrant could not be started: ${describeError(error)}`, { cause: error });
    });
    output.end();
    if (result.exitCode === 0 && !result.timedOut) return all;
    const why = result.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${result.exitCode}`;
    throw new HarnessError('VAGRANT_FAILED', `vagrant ${args.join(' ')} failed (${why}); its last lines:\n${output.tail(40)}`);
  }
}

// How Vagrant (its box directories) and vagrant-libvirt (the box's volume) write a box name: debian/bookworm64
// becomes debian-VAGRANTSLASH-bookworm64.
export function vagrantBoxDir(name: string): string {
  return name.replaceAll('/', '-VAGRANTSLASH-');
}

function checkMachines(machines: readonly VmPlan[], boxes: readonly Box[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const machine of machines) {
    if (!/^[a-z][a-z0-9-]*$/.test(machine.name)) problems.push(`machine name "${machine.name}" must be lower-case letters, digits and -`);
    if (seen.has(machine.name)) problems.push(`machine name "${machine.name}" is used twice`);
    seen.add(machine.name);
    if (!boxes.some((box) => box.name === machine.box)) problems.push(`${machine.name}: box "${machine.box}" is not among the boxes given (${boxes.map((box) => box.name).join(', ')})`);
    for (const nic of machine.nics) {
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(nic.mac)) problems.push(`${machine.name}: MAC "${nic.mac}" is not of the form 52:54:00:aa:00:01`);
    }
  }
  if (problems.length > 0) throw new HarnessError('VM_PLAN_INVALID', problems.join('\n'));
}
