import { createHash } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { CommandError } from '../core/process.ts';
import { checkMachine, type CheckContext } from '../format/check-context.ts';
import { name } from '../format/fields.ts';
import type { Machine } from '../machines/machine.ts';
import { clashingDestinations, loadedNothing, policyPlan, policySchema, type PolicyInstall } from './policy-plan.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { transcriptOf } from './transcript.ts';

const schema = stepObject('policy-files', { host: name, policy: policySchema });

// An operator's firewall policy loaded from files kept beside the scenario file, as they are:
// restore files, an nftables ruleset, ufw's files, firewalld's zone and policy XML.
export const policyFilesStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    const plan = policyPlan(step.policy);
    for (const install of plan.installs) checkReadable(`${path}.policy.${install.field}`, install.file, context);
    for (const { install, earlier } of clashingDestinations(plan)) {
      context.report(`${path}.policy.${install.field}`, `"${install.file}" would be installed as ${install.destination}, like "${earlier.file}" (policy.${earlier.field}) before it`);
    }
  },
  async apply(world, step) {
    const machine = world.host(step.host).machine;
    const plan = policyPlan(step.policy);
    await machine.run(['mkdir', '-p', ...new Set(plan.installs.map((install) => dirname(install.destination)))]);
    let transcript = '';
    for (const install of plan.installs) transcript += await installFile(world.scenarioFolder, install, machine);
    for (const command of plan.commands) transcript += await runShown(machine, command);
    return transcript;
  },
};

// A policy file exists and can be read, else the run would fail only once its world is up.
function checkReadable(field: string, file: string, context: CheckContext): void {
  const local = resolve(context.scenarioFolder, file);
  const shown = `"${file}" (${relative(process.cwd(), local)})`;
  try {
    if (!statSync(local).isFile()) return context.report(field, `${shown} is not a file`);
    accessSync(local, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    context.report(field, code === 'ENOENT' ? `${shown} does not exist` : `${shown} cannot be read (${code ?? (error as Error).message})`);
  }
}

// Copies one file to the host and shows, in the transcript, which file of the project it was (path
// from the project root, sha256) and that the host holds exactly those bytes.
async function installFile(folder: string, install: PolicyInstall, machine: Machine): Promise<string> {
  const local = resolve(folder, install.file);
  const shown = relative(process.cwd(), local);
  const sha256 = createHash('sha256').update(await readFile(local)).digest('hex');
  await machine.copyFile(local, install.destination, install.mode);
  const check = `chown root:root ${install.destination} && sha256sum ${install.destination}`;
  const answer = await machine.run(check);
  const arrived = answer.split(/\s/)[0];
  if (arrived !== sha256) {
    throw new HarnessError('POLICY_FILE_CHANGED', `${shown} (sha256 ${sha256}) arrived on ${machine.name} as ${install.destination} with sha256 ${arrived}`);
  }
  return `# policy file ${shown} sha256 ${sha256} -> ${install.destination} (mode ${install.mode.toString(8).padStart(4, '0')})\n${transcriptOf(check, answer)}`;
}

// A loading command with all it printed (iptables-restore and ufw warn on stderr); a failure names the
// host, the command, its exit code and its output.
async function runShown(machine: Machine, command: string): Promise<string> {
  const limitMs = 120_000;
  const result = await machine.exec(command, { timeoutMs: limitMs });
  if (result.exitCode !== 0 || result.timedOut) throw new CommandError(result, { where: machine.name, limitMs });
  const output = result.stdout + result.stderr;
  const nothing = loadedNothing(command, output);
  if (nothing !== undefined) throw new HarnessError('STEP_FAILED', `on ${machine.name}: ${nothing}`);
  return transcriptOf(command, output);
}
