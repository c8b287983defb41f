// An Aurora global database has a primary cluster and at most ten secondary clusters, each in another region.
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.configuration.requirements.html
// ("an Aurora global database can have up to 10 secondary AWS Regions").
import type { Rule } from '../rule';

/** Secondary regions an Aurora global database may have. */
export const AURORA_MAX_SECONDARY_REGIONS = 10;

export const auroraGlobalRegions: Rule = {
  id: 'aurora-global-regions',
  code: 'TOPO3062',
  severity: 'error',
  summary: `An aurora store replicates within at most ${AURORA_MAX_SECONDARY_REGIONS + 1} regions (an Aurora global database has at most ${AURORA_MAX_SECONDARY_REGIONS} secondary regions).`,
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'aurora') return;
      for (const group of store.groups) {
        const secondaries = group.length - 1;
        if (secondaries <= AURORA_MAX_SECONDARY_REGIONS) continue;
        const within = store.groups.length > 1 ? ' of its jurisdiction' : '';
        report(
          ['data', i, 'type'],
          `aurora ${store.name} would be a global database across ${group.length} regions${within}, ${secondaries} of them secondary; an Aurora global database has at most ${AURORA_MAX_SECONDARY_REGIONS} secondary regions`,
          `keep the store in the primary region and at most ${AURORA_MAX_SECONDARY_REGIONS} others: split the regions between two aurora stores, or use dynamodb for data every region needs`,
        );
      }
    });
  },
};
