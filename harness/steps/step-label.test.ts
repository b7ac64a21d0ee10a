import { describe, expect, it } from 'vitest';
import { slugOf, stepLabel } from './step-label.ts';

describe('stepLabel', () => {
  it('names an untitled step by its field path, kind and target', () => {
    expect(stepLabel({ kind: 'command' }, 4, 'master')).toEqual({
      name: 'steps[4] command',
      progress: 'steps[4] command on master',
      failure: 'steps[4] command',
      evidenceFile: 'step-04-command.txt',
    });
  });

  it('names a titled step by its title, keeping the field path in its failure', () => {
    expect(stepLabel({ kind: 'command', title: 'Join the swarm' }, 12, 'master')).toEqual({
      name: 'Join the swarm',
      progress: 'Join the swarm',
      failure: 'steps[12] command (Join the swarm)',
      evidenceFile: 'step-12-join-the-swarm.txt',
    });
  });

  it('falls back to the kind when the title has no letter or digit', () => {
    expect(stepLabel({ kind: 'ufw', title: '***' }, 0, 'docker1').evidenceFile).toBe('step-00-ufw.txt');
  });
});

describe('slugOf', () => {
  it('keeps lower-case letters and digits, joined by single dashes, at most 60', () => {
    expect(slugOf('  Other -> docker1:8080/tcp DROPPED ')).toBe('other-docker1-8080-tcp-dropped');
    expect(slugOf('x'.repeat(70))).toHaveLength(60);
  });
});
