// A job placed in one region names a known AWS region code.
import { ALL_REGIONS } from '../../model/regions';
import { regionHint } from '../../validate/schema';
import type { Rule } from '../rule';

export const jobPlacementKnownRegion: Rule = {
  id: 'job-placement-known-region',
  code: 'TOPO2007',
  severity: 'error',
  summary: 'A job placed with region:<code> names a known AWS region code.',
  check({ input }, report) {
    const known = new Set(ALL_REGIONS);
    (input.jobs ?? []).forEach((j, i) => {
      if (!j.placement.startsWith('region:')) return;
      const region = j.placement.slice('region:'.length);
      if (!known.has(region)) report(['jobs', i, 'placement'], `unknown region code ${JSON.stringify(region)} in jobs[${i}].placement`, regionHint(region, ALL_REGIONS));
    });
  },
};
