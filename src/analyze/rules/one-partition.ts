// Every region of the topology, its global state region and its witnesses are in one AWS partition.
import type { SourcePath } from '../../model/types';
import { partition } from '../../model/regions';
import type { Rule } from '../rule';

export const onePartition: Rule = {
  id: 'one-partition',
  code: 'TOPO3020',
  severity: 'error',
  summary: "Every region, the global state's region and every witness are in the primary's AWS partition.",
  check({ input }, report) {
    const home = partition(input.regions[0]!.name);
    const check = (region: string, path: SourcePath) => {
      if (partition(region) !== home) {
        report(path, `region ${region} is in partition ${partition(region)}, the primary ${input.regions[0]!.name} in ${home}`, 'regions of different AWS partitions share no accounts, keys or replication; keep one partition per topology');
      }
    };
    input.regions.forEach((r, i) => check(r.name, ['regions', i, 'name']));
    // With backend cloud, state-fits-backend refuses globalRegion instead (it has no effect there).
    if (input.state?.globalRegion && input.state.backend !== 'cloud') check(input.state.globalRegion, ['state', 'globalRegion']);
    (input.data ?? []).forEach((d, i) => {
      if ((d.type === 'dynamodb' || d.type === 'dsql') && d.witness) check(d.witness, ['data', i, 'witness']);
    });
  },
};
