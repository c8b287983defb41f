// A failover that has never been rehearsed is not a failover.
import type { Lint } from './lint';

export const failoverDrilled: Lint = {
  id: 'failover-drilled',
  code: 'TOPO6011',
  severity: 'warning',
  summary: 'The topology defines at least one drill to rehearse its failover.',
  hint: 'add drills: [{ name: primary-region-outage, scenario: region-isolation, target: <first region> }] and run it on a schedule: synth compiles it into an AWS FIS experiment template in the workspace of that region (aws fis start-experiment), cutting the region off and pausing the replication it sends',
  check({ model }, report) {
    if (model.drills.length > 0) return;
    report(
      ['pattern'],
      `no drill is defined: the failover of this ${model.pattern} topology has never been rehearsed, and untested failover is not failover`,
      failoverDrilled.hint.replace('<first region>', model.regions[0]!.name),
      { key: true },
    );
  },
};
