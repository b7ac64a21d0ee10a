import { describe, expect, it } from 'vitest';
import { dockerNeed, kernelSkip, notApplicable } from './applicability.ts';

const catalogue = [
  { id: 'C01', text: 'every version', pages: [] },
  { id: 'C39', text: 'direct routing allowed', pages: [], since: '28.2' },
  { id: 'C45', text: 'isolated', pages: [], since: '28.0' },
  { id: 'C36', text: 'both sides', pages: [], changedIn: '28.0' },
];

describe('dockerNeed', () => {
  it('is nothing for a scenario whose claims apply everywhere and which requires no release', () => {
    expect(dockerNeed({ claims: ['C01', 'C36', 'C99'], requires: { kernel: [] } }, catalogue)).toBeUndefined();
  });

  it("takes the newest of the scenario's own requirement and its claims' since", () => {
    expect(dockerNeed({ claims: ['C45', 'C39'], requires: { kernel: [] } }, catalogue)).toEqual({ release: '28.2', because: 'claim C39 is documented since 28.2' });
    expect(dockerNeed({ claims: ['C45'], requires: { docker: '28.1', kernel: [] } }, catalogue)).toEqual({ release: '28.1', because: 'the scenario requires it' });
    expect(dockerNeed({ claims: ['C39'], requires: { docker: '28', kernel: [] } }, catalogue)?.release).toBe('28.2');
  });
});

describe('notApplicable', () => {
  const need = { release: '28.2', because: 'the scenario requires it' };

  it('rules out an older Docker, saying what it needs and what the suite runs', () => {
    expect(notApplicable(need, 'bookworm', '20.10.24+dfsg1-1+deb12u1+b6')).toEqual({
      kind: 'not-applicable',
      needsDocker: '28.2',
      reason: 'needs Docker 28.2 (the scenario requires it); bookworm runs 20.10.24',
    });
    expect(notApplicable(need, 'forky', '28.1.9')?.kind).toBe('not-applicable');
  });

  it('lets the release itself and newer ones run, comparing numbers, not text', () => {
    expect(notApplicable(need, 'x', '28.2')).toBeUndefined();
    expect(notApplicable(need, 'x', '28.2.0+dfsg')).toBeUndefined();
    expect(notApplicable(need, 'forky', '28.10.1')).toBeUndefined();
    expect(notApplicable({ release: '9', because: '' }, 'x', '10.0')).toBeUndefined();
  });

  it('never skips on a version it cannot read, nor without a need', () => {
    expect(notApplicable(need, 'x', undefined)).toBeUndefined();
    expect(notApplicable(need, 'x', 'dev')).toBeUndefined();
    expect(notApplicable(undefined, 'x', '1.0')).toBeUndefined();
  });
});

describe('kernelSkip', () => {
  it('names what the kernel lacks and the command that runs the scenario on a VM', () => {
    const skip = kernelSkip(['ipvs'], ['the kernel has no IPVS'], 'scenarios/swarm/s.scenario.ts', 'bookworm');
    expect(skip).toEqual({
      kind: 'kernel',
      missing: ['ipvs'],
      runWith: 'npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm',
      reason: 'not run: the kernel has no IPVS. Run it on a VM: npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm',
    });
  });
});
