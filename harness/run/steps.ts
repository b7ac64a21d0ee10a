import { HarnessError } from '../core/errors.ts';
import { dockerUserCommands, iptablesCommands } from '../firewall/iptables-commands.ts';
import { startService } from '../machines/services.ts';
import { routeCommand } from '../machines/routes.ts';
import type { StepSpec } from '../scenario/schema.ts';
import type { World } from '../world/world.ts';

type ActionStep = Exclude<StepSpec, { kind: 'flows' } | { kind: 'check' }>;

// Carries out one configuration step on the world and returns a transcript for the evidence file.
export async function applyStep(world: World, step: ActionStep): Promise<string> {
  switch (step.kind) {
    case 'docker-user':
      return runAll(world, step.host, dockerUserCommands(step));
    case 'iptables':
      return runAll(world, step.host, iptablesCommands(step));
    case 'ufw':
      return runAll(world, step.host, step.commands.map((command) => `ufw ${command}`));
    case 'firewalld':
      return runAll(world, step.host, step.commands.map((command) => `firewall-cmd ${command}`));
    case 'route':
      return runAll(world, step.on, [routeCommand(step)]);
    case 'command': {
      const result = await world.machine(step.on).exec(step.run, { timeoutMs: 120_000 });
      const transcript = `$ ${step.run}\n${result.stdout}${result.stderr}(exit ${result.exitCode})\n`;
      if (result.exitCode !== step.exitCode) {
        throw new HarnessError('STEP_FAILED', `on ${step.on}: \`${step.run}\` exited with ${result.exitCode}, expected ${step.exitCode}:\n${(result.stderr || result.stdout).trim().slice(-1500)}`);
      }
      return transcript;
    }
    case 'network': {
      const args = ['docker', 'network', 'create', '--driver', 'bridge'];
      if (step.subnet) args.push('--subnet', step.subnet);
      for (const [key, value] of Object.entries(step.options)) args.push('-o', `${key}=${value}`);
      args.push(step.name);
      return transcriptOf(args.join(' '), await world.host(step.host).machine.run(args));
    }
    case 'service':
      return transcriptOf(`docker run ... ${step.name}`, await startService(world.host(step.host), step));
    case 'daemon': {
      const host = world.host(step.host);
      await host.daemon.configure(step.config, step.args);
      if (step.action === 'stop') await host.daemon.stop();
      else if (step.action === 'start') await host.startDaemon();
      else await host.restartDaemon();
      const { config, args } = host.daemon.configuration;
      return `daemon ${step.action}: daemon.json ${JSON.stringify(config)} flags ${JSON.stringify(args)} -> ${host.daemon.isRunning ? `running ${host.daemon.version}` : 'stopped'}\n`;
    }
  }
}

async function runAll(world: World, on: string, commands: readonly string[]): Promise<string> {
  const machine = world.machine(on);
  let transcript = '';
  for (const command of commands) transcript += transcriptOf(command, await machine.run(command, { timeoutMs: 120_000 }));
  return transcript;
}

function transcriptOf(command: string, output: string): string {
  return `$ ${command}\n${output}`;
}
