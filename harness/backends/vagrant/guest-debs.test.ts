import { describe, expect, it } from 'vitest';
import { plannedDebs } from './guest-debs.ts';

describe('plannedDebs', () => {
  it("names the files apt would install, with an epoch's colon written %3a", () => {
    const simulation = [
      'NOTE: This is only a simulation!',
      'Inst libip4tc2 (1.8.9-2 Debian:12.12/stable [amd64])',
      'Inst iptables [1.8.8-1] (1:1.8.9-2 Debian:12.12/stable [amd64])',
      'Inst ufw (0.36.2-1 Debian:12.12/stable [all])',
      'Conf ufw (0.36.2-1 Debian:12.12/stable [all])',
    ].join('\n');
    expect(plannedDebs(simulation)).toEqual(['libip4tc2_1.8.9-2_amd64.deb', 'iptables_1%3a1.8.9-2_amd64.deb', 'ufw_0.36.2-1_all.deb']);
  });

  it('is empty when everything is installed', () => {
    expect(plannedDebs('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.')).toEqual([]);
  });
});
