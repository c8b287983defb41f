// The naming convention: every AWS name topoform generates, and the limits AWS puts on each.
// Builders and validation share these functions, so a name that validates is the name that is built.
import type { StoreCommon } from './stores';
import type { SourcePath, Topology } from './types';

/** Between the topology's name and the rest of an alarm's name: a character topology names cannot contain. */
export const ALARM_DELIMITER = '.';

export const names = {
  kmsAlias: (t: Pick<Topology, 'name'>) => `alias/${t.name}`,
  bucket: (topology: string, store: string, region: string) => `${topology}-${store}-${region}`,
  /** topoform picks this name itself, so it is made to fit IAM's 64 characters rather than refused. */
  replicationRole: (topology: string, store: string, region: string) => fit(`${topology}-${store}-s3repl-${region}`, 64),
  healthCheck: (topology: string, region: string) => `${topology}-${region}`,
  /** ARC names take 1-64 characters; a topology name has at most 24 and a region code at most 14. */
  recoveryCluster: (topology: string) => `${topology}-recovery`,
  recoveryPanel: (topology: string) => `${topology}-traffic`,
  routingControl: (topology: string, region: string) => `${topology}-${region}`,
  /** An Aurora store's global cluster of the group homed in `home`: one per group, so split stores add the home. */
  auroraGlobalCluster: (topology: string, store: { name: string; groups: readonly (readonly string[])[] }, home: string) =>
    `${topology}-${store.name}` + (store.groups.length > 1 ? `-${home}` : ''),
  auroraCluster: (topology: string, store: string, region: string) => `${topology}-${store}-${region}`,
  /** A cluster's n-th instance (from 1): DB instance identifiers are a namespace apart from cluster identifiers. */
  auroraInstance: (topology: string, store: string, region: string, n: number) => `${topology}-${store}-${region}-${n}`,
  /** The master credential of an Aurora store's global database, one per group as its global cluster. */
  auroraMasterSecret: (topology: string, store: Pick<StoreCommon, 'name' | 'groups'>, home: string) =>
    `${topology}/${store.name}/master${store.groups.length > 1 ? `/${home}` : ''}`,
  /** The snapshot AWS takes when a cluster or replication group is deleted (`final_snapshot_identifier`). */
  finalSnapshot: (id: string) => `${id}-final`,
  dynamodbTable: (topology: string, store: string) => `${topology}-${store}`,
  /**
   * One secret per replication group: `<topology>/<store>`, and when the store has several groups (regulated data
   * under partitioned) the group's home region after it, so each jurisdiction's secret has a name of its own.
   */
  secret: (topology: string, store: Pick<StoreCommon, 'name' | 'groups'>, home: string) =>
    store.groups.length > 1 ? `${topology}/${store.name}/${home}` : `${topology}/${store.name}`,
  parameter: (topology: string, store: string) => `/${topology}/${store}`,
  cacheReplicationGroup: (topology: string, store: string, region: string) => `${topology}-${store}-${region}`,
  /**
   * ElastiCache users are per region and account: the same id in every region. `iam` is the user applications
   * connect as (IAM authentication needs user id = user name); `default` is the disabled default user.
   */
  cacheUser: (topology: string, store: string, role: 'iam' | 'default') => fit(`${topology}-${store}-${role}`, 40),
  /** CloudWatch Logs groups topoform makes; the topology key lets CloudWatch Logs encrypt those under logGroup(t, '*'). */
  logGroup: (topology: string, path: string) => `/topoform/${topology}/${path}`,
  /** Global Accelerator's flow logs bucket (in us-west-2, where its API lives); picked by topoform, so made to fit. */
  acceleratorFlowLogsBucket: (topology: string) => fit(`${topology}-ga-flow-logs-us-west-2`, 63),
  acceleratorFlowLogsKeyAlias: (topology: string) => `alias/${topology}-ga-flow-logs`,
  /** The accelerator's name: at most 64 letters, digits and hyphens (an entry name fits). */
  accelerator: (topology: string) => fit(topology, 64),
  /** A region account's cross-account attachment admitting the accelerator: at most 64 characters. */
  acceleratorAttachment: (topology: string, region: string) => fit(`${topology}-ga-${region}`, 64),
  cdnSecurityHeadersPolicy: (topology: string) => fit(`${topology}-security-headers`, 128),
  schedule: (topology: string, job: string) => `${topology}-${job}`,
  /** IAM role names are per account, not per region: the region is part of the name; fitted to IAM's 64 characters. */
  scheduleRole: (topology: string, job: string, region: string) => fit(`${topology}-${job}-sched-${region}`, 64),
  /** One dead-letter queue per region workspace for every schedule there (SQS queue names are per region). */
  jobsDeadLetterQueue: (topology: string) => `${topology}-jobs-dlq`,
  alarmTopic: (topology: string) => `${topology}-alarms`,
  /** A queue store's queue, the same in every region (SQS names are per account and region); FIFO names end in .fifo. */
  queue: (topology: string, store: string, fifo: boolean) => `${topology}-${store}${fifo ? '.fifo' : ''}`,
  deadLetterQueue: (topology: string, store: string, fifo: boolean) => `${topology}-${store}-dlq${fifo ? '.fifo' : ''}`,
  /** An events store's bus, the same in every region. */
  eventBus: (topology: string, store: string) => `${topology}-${store}`,
  /** The rule on a region's bus that forwards its own events to another region's bus; picked by topoform, so fitted. */
  eventForwardRule: (topology: string, store: string, to: string) => fit(`${topology}-${store}-to-${to}`, 64),
  /** The role a region's forwarding rules send as (IAM role names are per account: the region is part of it). */
  eventForwardRole: (topology: string, store: string, from: string) => fit(`${topology}-${store}-events-${from}`, 64),
  eventArchive: (topology: string, store: string) => `${topology}-${store}`,
  eventEndpoint: (topology: string, store: string) => `${topology}-${store}`,
  /** The role a global endpoint replicates events as. */
  eventEndpointRole: (topology: string, store: string) => fit(`${topology}-${store}-events-endpoint`, 64),
  /** A backup store's vault, the same in every region (and in copyToAccount's account, which makes it). */
  backupVault: (topology: string, store: string) => `${topology}-${store}`,
  backupPlan: (topology: string, store: string) => `${topology}-${store}`,
  /** A selection's name, per backed-up store, unique within its plan. */
  backupSelection: (store: string) => store,
  /** AWS Backup's service role in a region (IAM role names are per account). */
  backupRole: (topology: string, store: string, region: string) => fit(`${topology}-${store}-backup-${region}`, 64),
  /** Restore testing plan names take letters, digits and underscores only. */
  restoreTestingPlan: (topology: string, store: string) => `${topology}_${store}`.replaceAll('-', '_'),
  restoreTestingSelection: (resourceType: string) => resourceType.toLowerCase(),
  /** The EventBridge rule on the default bus that sends a failed backup or copy job to the alarm topic. */
  backupFailedRule: (topology: string, store: string) => fit(`${topology}-${store}-backup-failed`, 64),
  /**
   * CloudWatch alarm names (at most 255 characters: a topology name, a store name and a region code fit) start with
   * the topology's name and a `.`, which topology names cannot hold (`^[a-z][a-z0-9-]{1,23}$`): so the pattern
   * `<topology>.*` in a topic policy and the key policy admits exactly this topology's alarms (`pay-*` would also admit
   * topology `pay-eu`'s). An alarm name may be any UTF-8 without ASCII control characters, unique in its region
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html, AlarmName).
   */
  alarm: (topology: string, what: string) => `${topology}${ALARM_DELIMITER}${what}`,
  /** The global workspace's us-east-1 topic: apart from a us-east-1 region workspace's own `alarmTopic`. */
  alarmGlobalTopic: (topology: string) => `${topology}-alarms-global`,
  /** The global workspace's own key for its us-east-1 alarm topic (the topology's key family is the primary's). */
  alarmsGlobalKeyAlias: (topology: string) => `alias/${topology}-alarms-global`,
  /** A drill's FIS experiment role; IAM role names are per account, so the region is part of it. */
  drillRole: (topology: string, drill: string, region: string) => fit(`${topology}-${drill}-fis-${region}`, 64),
  /** The role the SSM Automation of a database-failover drill runs as, one per Aurora store. */
  drillAutomationRole: (topology: string, drill: string, store: string, region: string) => fit(`${topology}-${drill}-${store}-ssm-${region}`, 64),
  /** The SSM Automation document a database-failover drill starts, one per Aurora store (per region and account). */
  drillDocument: (topology: string, drill: string, store: string) => `${topology}-${drill}-${store}-switchover`,
};

/** The name itself when short enough, else its start and a stable hash of the whole (same input, same name). */
export function fit(name: string, max: number): string {
  if (name.length <= max) return name;
  // Required here, not imported: loading node:crypto would cost every `validate` ~3 ms of start-up.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

/** Bucket name prefixes S3 keeps for itself. */
export const RESERVED_BUCKET_PREFIX = /^(xn--|sthree-|amzn-s3-demo-)/;

export interface NameRule {
  what: string;
  max: number;
  /** What else AWS demands of the name, as a test and the words for it. */
  form?: { test: { test(name: string): boolean }; says: string };
}

export const NAME_RULES = {
  bucket: {
    what: 'S3 bucket name',
    max: 63,
    form: {
      test: { test: (name: string) => !RESERVED_BUCKET_PREFIX.test(name) && /^(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) },
      says: 'lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, without the prefixes xn--, sthree-, amzn-s3-demo- or the suffixes S3 reserves',
    },
  },
  auroraCluster: {
    what: 'Aurora cluster identifier',
    max: 63,
    form: { test: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/, says: 'letters, digits and single hyphens, not ending with a hyphen' },
  },
  dynamodbTable: { what: 'DynamoDB table name', max: 255 },
  cacheReplicationGroup: {
    what: 'ElastiCache replication group id',
    max: 40,
    form: { test: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/, says: 'letters, digits and single hyphens, not ending with a hyphen' },
  },
  schedule: { what: 'EventBridge schedule name', max: 64, form: { test: /^[0-9a-zA-Z._-]+$/, says: 'letters, digits, dots, hyphens and underscores' } },
  secret: { what: 'Secrets Manager secret name', max: 512 },
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (QueueName)
  queue: { what: 'SQS queue name', max: 80, form: { test: /^[A-Za-z0-9_-]+(\.fifo)?$/, says: 'letters, digits, hyphens and underscores (and .fifo at the end of a FIFO queue)' } },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html (Name)
  eventBus: { what: 'EventBridge event bus name', max: 256, form: { test: /^[/.\-_A-Za-z0-9]+$/, says: 'letters, digits and . - _ /' } },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html (ArchiveName)
  eventArchive: { what: 'EventBridge archive name', max: 48, form: { test: /^[.\-_A-Za-z0-9]+$/, says: 'letters, digits and . - _' } },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEndpoint.html (Name)
  eventEndpoint: { what: 'EventBridge global endpoint name', max: 64, form: { test: /^[A-Za-z0-9\-_]+$/, says: 'letters, digits, hyphens and underscores' } },
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html (BackupVaultName)
  backupVault: { what: 'AWS Backup vault name', max: 50, form: { test: /^[a-zA-Z0-9\-_]{2,50}$/, says: 'letters, digits, hyphens and underscores' } },
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html (BackupPlanName)
  backupPlan: { what: 'AWS Backup plan name', max: 50, form: { test: /^[a-zA-Z0-9\-_.]{1,50}$/, says: 'letters, digits, hyphens, underscores and dots' } },
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html (RestoreTestingPlanName)
  restoreTestingPlan: { what: 'AWS Backup restore testing plan name', max: 50, form: { test: /^[a-zA-Z0-9_]+$/, says: 'letters, digits and underscores' } },
  ssmDocument: {
    what: 'SSM document name',
    max: 128,
    form: { test: /^(?!aws|amazon|amzn)[a-z0-9_.-]+$/i, says: 'free of the prefixes aws, amazon and amzn, which SSM reserves' },
  },
  parameter: {
    what: 'SSM parameter name',
    max: 1011,
    form: { test: /^\/(?!aws|ssm)/i, says: 'free of the prefixes aws and ssm after its leading slash, which SSM reserves' },
  },
} satisfies Record<string, NameRule>;

export interface PlannedName {
  name: string;
  rule: NameRule;
  /** Where the name comes from: the entry to shorten. */
  path: SourcePath;
}

/** Why the name breaks its rule, or undefined when it is fine. */
export function nameProblem(p: PlannedName): string | undefined {
  if (p.name.length > p.rule.max) return `would be ${p.name.length} characters; AWS allows ${p.rule.max}`;
  if (p.rule.form && !p.rule.form.test.test(p.name)) return `must be ${p.rule.form.says}`;
  return undefined;
}
