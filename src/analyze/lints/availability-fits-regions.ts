// An availability target the regions can give: each failover costs detection and DNS time out of the budget.
import type { Lint } from './lint';

/** The highest availability (%) a topology of this many regions can plausibly promise. */
export function availabilityCeiling(regions: number): number {
  return regions >= 3 ? 99.999 : 99.99;
}

export const availabilityFitsRegions: Lint = {
  id: 'availability-fits-regions',
  code: 'TOPO6014',
  severity: 'warning',
  summary: 'objectives.availability is at most what the regions can give: 99.99 with two regions, 99.999 with three or more.',
  hint: 'lower objectives.availability, or add a region (99.999 % is 26 s of downtime a month: less than one failover takes to detect)',
  check({ model }, report) {
    const target = model.objectives.availability;
    if (target === undefined) return;
    const ceiling = availabilityCeiling(model.regions.length);
    if (target <= ceiling) return;
    const budget = ((100 - target) / 100) * 30 * 24 * 3600;
    report(
      ['objectives', 'availability'],
      `objectives.availability ${target} is above what ${model.regions.length} regions give (about ${ceiling}): it allows ${budget < 60 ? `${Math.round(budget)} s` : `${Math.round(budget / 6) / 10} min`} of downtime a month, and each regional failover spends a minute or more of it`,
      availabilityFitsRegions.hint,
    );
  },
};
