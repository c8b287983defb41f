// A replicated store spans no more regions than the AWS feature that replicates it allows: one row per store kind, each
// citing its page, and a kind for which AWS documents no limit says so with the page that shows it.
import type { DataStoreType, StoreOf } from '../../model/stores';
import type { Rule } from '../rule';

/** The limit of the AWS feature a kind replicates through, per replication group (per jurisdiction under partitioned). */
interface Limit<K extends DataStoreType> {
  /** Secondary regions the feature allows beside the primary's. */
  maxSecondaries: number;
  /** Whether the store replicates through the feature (a per-region cache does not). */
  applies?: (store: StoreOf<K>) => boolean;
  /** The field the finding points at: the store's type, or the field that asks for the replication. */
  at: 'type' | 'mode';
  message: (store: StoreOf<K>, group: readonly string[], within: string) => string;
  hint: string;
  /** The AWS page that states the limit, and its words. */
  page: string;
  quote: string;
}

/** No count limit of its own: why, and the page that shows it. */
interface NoLimit {
  none: string;
  page: string;
}

/** Secondary regions an Aurora global database may have. */
export const AURORA_MAX_SECONDARY_REGIONS = 10;
/** Secondary regions an ElastiCache Global Datastore may have. */
export const GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS = 2;

/** Every store kind's replica limit, or why it has none (a new kind must decide: the type requires a row). */
export const REPLICA_LIMITS: { [K in DataStoreType]: Limit<K> | NoLimit } = {
  aurora: {
    maxSecondaries: AURORA_MAX_SECONDARY_REGIONS,
    at: 'type',
    message: (s, g, within) =>
      `aurora ${s.name} would be a global database across ${g.length} regions${within}, ${g.length - 1} of them secondary; an Aurora global database has at most ${AURORA_MAX_SECONDARY_REGIONS} secondary regions`,
    hint: `keep the store in the primary region and at most ${AURORA_MAX_SECONDARY_REGIONS} others: split the regions between two aurora stores, or use dynamodb for data every region needs`,
    // Older copies of this page say five; AWS raised the limit to ten on 2025-05-21 (AWS Database Blog: "On May 21st
    // 2025, we announced support for up to 10 secondary Regions").
    page: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.configuration.requirements.html',
    quote: 'an Aurora global database can have up to 10 secondary AWS Regions',
  },
  cache: {
    maxSecondaries: GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS,
    applies: (s) => s.mode === 'global',
    at: 'mode',
    message: (s, g, within) =>
      `cache ${s.name} is in mode global across ${g.length} regions${within} (${g.join(', ')}); an ElastiCache Global Datastore has a primary and at most two secondary regions`,
    hint: 'use mode: per-region: an independent cache in every region, cold after a failover',
    page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/Redis-Global-Datastores-Getting-Started.html',
    quote: 'You can set up replication for a primary cluster from one AWS Region to a secondary cluster in up to two other AWS Regions.',
  },
  dynamodb: {
    // Eventual consistency (MREC): one replica per region, in any region DynamoDB serves, no count limit ("Each global
    // table can have only one replica per AWS Region"; "Global tables are available in all Regions where DynamoDB is
    // available"). Strong consistency (MRSC) is exactly three regions or two and a witness: rule
    // strong-consistency-shape (TOPO3010).
    none: 'a global table has one replica per region, with no documented maximum (strong consistency: see strong-consistency-shape)',
    page: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html',
  },
  dsql: {
    // A multi-Region cluster is two peered clusters and a witness region ("Multi-Region peered clusters provide two
    // regional endpoints, one in each peered cluster AWS Region"): rules strong-consistency-shape (TOPO3010) and
    // dsql-two-clusters-and-witness (TOPO3040) hold the exact shape.
    none: 'the shape (two peered clusters and a witness) is exact, held by strong-consistency-shape and dsql-two-clusters-and-witness',
    page: 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/configuring-multi-region-clusters.html',
  },
  secret: {
    // "You can replicate secrets across all of your enabled AWS Regions"; ReplicateSecretToRegions' AddReplicaRegions
    // has "Minimum number of 1 item" and no maximum
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html).
    none: 'a secret replicates to any enabled region of its partition, with no documented maximum',
    page: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html',
  },
  s3: {
    // One replication rule per destination region; a replication configuration holds up to 1,000 rules, more than
    // there are regions.
    none: 'one replication rule per other region of the group, far below the 1,000 rules a replication configuration holds',
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationConfiguration.html',
  },
  parameter: {
    none: 'SSM Parameter Store does not replicate: each workspace writes its own region\'s parameter',
    page: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html',
  },
  queue: {
    none: 'SQS does not replicate: each workspace makes its own region\'s queue',
    page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html',
  },
  events: {
    none: 'forwarding is one rule per other region on each bus (EventBridge allows 300 rules per bus by default, far above the regions AWS has); a global endpoint has exactly two buses (rule events-endpoint-two-regions)',
    page: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  },
  backup: {
    none: 'each region copies to one other vault (and one account): a copy action per destination, two at most',
    page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html',
  },
};

export const replicaLimits: Rule = {
  id: 'replica-limits',
  code: 'TOPO3062',
  severity: 'error',
  summary: `A replicated store spans no more regions than the AWS feature that replicates it allows (an Aurora global database: a primary and ${AURORA_MAX_SECONDARY_REGIONS} secondary regions; an ElastiCache Global Datastore: a primary and ${GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS}).`,
  check({ model }, report) {
    model.data.forEach((store, i) => {
      const limit = REPLICA_LIMITS[store.type] as Limit<DataStoreType> | NoLimit;
      if ('none' in limit || (limit.applies && !limit.applies(store))) return;
      for (const group of store.groups) {
        if (group.length - 1 <= limit.maxSecondaries) continue;
        const within = store.groups.length > 1 ? ' of its jurisdiction' : '';
        report(['data', i, limit.at], limit.message(store, group, within), limit.hint);
      }
    });
  },
};
