import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { stepSchema, type StepSpec } from '../scenario/schema.ts';
import { stepKindOf, stepKinds } from './registry.ts';

const names = stepKinds.map((kind) => kind.schema.shape.kind.value);

// One valid step of every kind, as a scenario author writes it.
const examples: Record<string, Record<string, unknown>> = {
  'docker-user': { kind: 'docker-user', host: 'docker1', rule: '-j DROP' },
  iptables: { kind: 'iptables', host: 'docker1', rule: '-P FORWARD DROP' },
  daemon: { kind: 'daemon', host: 'docker1', config: { iptables: false } },
  network: { kind: 'network', host: 'docker1', name: 'appnet' },
  service: { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
  'remove-service': { kind: 'remove-service', host: 'docker1', name: 'web' },
  ufw: { kind: 'ufw', host: 'docker1', commands: ['--force enable'] },
  firewalld: { kind: 'firewalld', host: 'docker1', commands: ['--reload'] },
  'policy-files': { kind: 'policy-files', host: 'docker1', policy: { format: 'iptables', file: 'policy/drop-other.rules', noflush: true } },
  route: { kind: 'route', on: 'other', to: '172.30.0.0/16', via: '192.168.1.10' },
  listen: { kind: 'listen', on: 'other', ports: ['9000/tcp', '53/udp'] },
  command: { kind: 'command', on: 'docker1', run: 'true' },
  flows: { kind: 'flows', flows: [{ from: 'other', to: 'docker1', port: 8080, expect: 'connected' }] },
  check: { kind: 'check', check: { name: 'listed', on: 'docker1', run: 'iptables -S', expect: { exitCode: 0 } } },
};

describe('the step kind registry', () => {
  it('lists every kind once, under its own name', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(stepKindOf({ kind: name }).schema.shape.kind.value).toBe(name);
  });

  it('has an example here for every kind', () => {
    expect(Object.keys(examples).sort()).toEqual([...names].sort());
  });

  it.each(names)('parses a %s step through the union as its own kind would', (name) => {
    const example = examples[name];
    const parsed = stepSchema.parse(example);
    expect(parsed.kind).toBe(name);
    expect(parsed).toEqual(stepKindOf({ kind: name }).schema.parse(example));
  });

  it.each(names)('takes a title on a %s step and refuses an unknown key', (name) => {
    expect(stepSchema.parse({ ...examples[name], title: 'a human name' })).toMatchObject({ kind: name, title: 'a human name' });
    expect(stepSchema.safeParse({ ...examples[name], titel: 'a typo' }).success).toBe(false);
  });

  it('refuses a kind no module defines', () => {
    expect(stepSchema.safeParse({ kind: 'reboot', host: 'docker1' }).success).toBe(false);
    expect(() => stepKindOf({ kind: 'reboot' })).toThrow('no step kind "reboot"');
  });

  it('infers each kind\'s exact fields for scenario authors', () => {
    expectTypeOf<Extract<StepSpec, { kind: 'docker-user' }>>().toEqualTypeOf<{
      kind: 'docker-user';
      title?: string | undefined;
      notDecisive?: string | undefined;
      host: string;
      rule: string;
      position: 'insert' | 'append';
      family: 'ipv4' | 'ipv6' | 'both';
    }>();
    // A policy's fields follow its format.
    type Policy = Extract<StepSpec, { kind: 'policy-files' }>['policy'];
    expectTypeOf<Extract<Policy, { format: 'nftables' }>>().toEqualTypeOf<{ format: 'nftables'; file: string }>();
    expectTypeOf<Extract<Policy, { format: 'iptables' }>>().toEqualTypeOf<{ format: 'iptables'; file: string; noflush: boolean }>();
    expectTypeOf<Policy['format']>().toEqualTypeOf<'iptables' | 'ip6tables' | 'nftables' | 'ufw' | 'firewalld'>();
    // One literal per registered kind, never widened to string.
    expectTypeOf<StepSpec['kind']>().toEqualTypeOf<z.output<(typeof stepKinds)[number]['schema']>['kind']>();
    expectTypeOf<string>().not.toExtend<StepSpec['kind']>();
    expectTypeOf<'docker-user' | 'check'>().toExtend<StepSpec['kind']>();
  });
});
