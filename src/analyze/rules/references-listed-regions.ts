// Job placements, drill targets, routing maps and the home name regions of the topology.
import { ALL_REGIONS } from '../../model/regions';
import type { Rule } from '../rule';

export const referencesListedRegions: Rule = {
  id: 'references-listed-regions',
  code: 'TOPO3007',
  severity: 'error',
  summary: 'Job placements, drill targets, the routing weights and geolocation maps, and home name regions listed in regions.',
  check({ input }, report) {
    const listed = new Set(input.regions.map((r) => r.name));
    const known = new Set(ALL_REGIONS);
    if (input.home !== undefined && !listed.has(input.home)) {
      report(['home'], `home is ${input.home}, which is not in regions`, 'home names the listed region whose workspace owns the shared resources (the key family, global clusters and tables, secrets): the region they were created in, usually the first');
    }
    (input.jobs ?? []).forEach((j, i) => {
      if (!j.placement.startsWith('region:')) return;
      const region = j.placement.slice('region:'.length);
      if (known.has(region) && !listed.has(region)) report(['jobs', i, 'placement'], `job ${j.name} is placed in ${region}, which is not in regions`, 'place jobs in a listed region, or use follow-primary to move with failover');
    });
    (input.drills ?? []).forEach((d, i) => {
      if (!listed.has(d.target)) report(['drills', i, 'target'], `drill ${d.name} targets ${d.target}, which is not in regions`, "a drill disrupts one of the topology's own regions");
    });
    for (const mapName of ['weights', 'geolocation'] as const) {
      for (const region of Object.keys(input.routing?.[mapName] ?? {})) {
        if (!listed.has(region)) {
          report(['routing', mapName, region], `routing.${mapName} names ${region}, which is not in regions`, `list ${region} under regions or remove it from routing.${mapName}`, { key: true });
        }
      }
    }
  },
};
