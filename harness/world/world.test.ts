import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/load.ts';
import { World } from './world.ts';

const validated = validateScenario(
  {
    name: 'teardown',
    networks: { lan: { subnet: '192.168.1.0/24' } },
    hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
    sources: { one: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } } },
  },
  'teardown',
);
if ('problems' in validated) throw new Error(validated.problems.join('\n'));
const scenario = validated.scenario;

describe('World.destroy', () => {
  it('runs every teardown newest first, and reports and returns each failure', async () => {
    const ran: string[] = [];
    const warnings: string[] = [];
    const world = await World.create(
      scenario,
      async (built) => {
        built.onDestroy(async () => void ran.push('bridge'));
        built.onDestroy(async () => {
          ran.push('containers');
          throw new AggregateError([new Error('removing one\'s container a: busy'), new Error('removing two\'s container b: busy')], 'removing the containers failed');
        });
        built.onDestroy(async () => {
          ran.push('project');
          throw new Error('vagrant destroy failed');
        });
      },
      (warning) => warnings.push(warning),
    );
    const failures = await world.destroy();
    expect(ran).toEqual(['project', 'containers', 'bridge']);
    expect(failures).toEqual([
      'teardown failed: vagrant destroy failed',
      "teardown failed: removing one's container a: busy",
      "teardown failed: removing two's container b: busy",
    ]);
    expect(warnings).toEqual(failures);
    expect(await world.destroy()).toEqual([]);
  });

  it('reports the failures of the cleanup after a failed start, and throws the start\'s error', async () => {
    const warnings: string[] = [];
    const start = World.create(
      scenario,
      async (built) => {
        built.onDestroy(async () => {
          throw new Error('removing the switch: busy');
        });
        throw new Error('the switch did not start');
      },
      (warning) => warnings.push(warning),
    );
    await expect(start).rejects.toThrow('the switch did not start');
    expect(warnings).toEqual(['teardown failed: removing the switch: busy']);
  });
});
