// Every AWS name the output creates (or relies on), with the scope AWS keeps it unique in: one list, checked for
// collisions by rule aws-names-distinct (TOPO3019) and held to the builders by test/aws-names.test.ts, which reads every
// example's output and finds each name-bearing attribute here. A builder that names a new resource plans it here.
//
// Scopes, from AWS's documentation (an ARN of the form arn:<partition>:<service>:<region>:<account>:<name> also says
// that the name identifies the resource within its account and region):
import { plannedAlarms, ROUTE53_METRICS_REGION } from './alarms';
import { drillStopAlarms, drillTargets, FIS_MAX_STOP_CONDITIONS } from './drills';
import { jobPlacement } from './jobs';
import { names } from './naming';
import { declaredAccount } from './normalize';
import { edgeIdentity } from './accounts';
import { kindOf, type DataStore } from './stores';
import type { SourcePath, Topology } from './types';

/** Where AWS keeps a name unique: the partition (every account), an account, or an account's region. */
export type NameScope = 'partition' | 'account' | 'region';

export interface AwsNameKind {
  /** The name in words: "S3 bucket", "IAM role". */
  what: string;
  scope: NameScope;
  /** AWS does not tell names apart by case (or stores them in lower case): compared case-insensitively. */
  foldCase: boolean;
  /** The page that says so. */
  page: string;
}

const RDS_LOWER = 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html';

export const AWS_NAME_KINDS = {
  // "Bucket names must be unique across all AWS accounts in all the AWS Regions within a partition."
  bucket: { what: 'S3 bucket', scope: 'partition', foldCase: false, page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html' },
  // "IAM user, group, role, and policy names must be unique within the account. Names are not distinguished by case."
  iamRole: { what: 'IAM role', scope: 'account', foldCase: true, page: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html' },
  // "In an AWS account, table names must be unique within each Region." Names are case-sensitive.
  dynamodbTable: { what: 'DynamoDB table', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html' },
  // A replica is a secret of the same name in the replica's region.
  secret: { what: 'Secrets Manager secret', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html' },
  parameter: { what: 'SSM parameter', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html' },
  ssmDocument: { what: 'SSM document', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html' },
  // CreateTopic "is idempotent, so if the requester already owns a topic with the specified name, that topic's ARN is
  // returned": a second topic of the name would silently be the first.
  snsTopic: { what: 'SNS topic', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html' },
  sqsQueue: { what: 'SQS queue', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html' },
  // "The alias must be unique in the account and Region, but you can have aliases with the same name in different Regions."
  kmsAlias: { what: 'KMS alias', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html' },
  // Metric and composite alarms share one namespace; PutMetricAlarm on an existing name overwrites that alarm.
  alarm: { what: 'CloudWatch alarm', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html' },
  logGroup: { what: 'CloudWatch Logs log group', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html' },
  // Unique in its schedule group; topoform's are in each region's `default` group.
  schedule: { what: 'EventBridge Scheduler schedule', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html' },
  // RDS identifiers are "stored as a lowercase string".
  auroraCluster: { what: 'Aurora DB cluster identifier', scope: 'region', foldCase: true, page: RDS_LOWER },
  auroraInstance: { what: 'DB instance identifier', scope: 'region', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html' },
  dbSubnetGroup: { what: 'DB subnet group', scope: 'region', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html' },
  dbClusterSnapshot: { what: 'DB cluster snapshot identifier', scope: 'region', foldCase: true, page: RDS_LOWER },
  // A global database's ARN has no region (arn:<partition>:rds::<account>:global-cluster:<id>): unique per account.
  auroraGlobalCluster: { what: 'Aurora global cluster identifier', scope: 'account', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html' },
  // ElastiCache identifiers are "stored as a lowercase string".
  cacheReplicationGroup: { what: 'ElastiCache replication group', scope: 'region', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html' },
  cacheSubnetGroup: { what: 'ElastiCache subnet group', scope: 'region', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html' },
  cacheUser: { what: 'ElastiCache user id', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html' },
  cacheUserGroup: { what: 'ElastiCache user group', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUserGroup.html' },
  cacheSnapshot: { what: 'ElastiCache snapshot', scope: 'region', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html' },
  // AWS prefixes the suffix with a code of its own; the suffix is what topoform names, unique among the account's.
  cacheGlobalDatastore: { what: 'ElastiCache Global Datastore suffix', scope: 'account', foldCase: true, page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateGlobalReplicationGroup.html' },
  // A bus name is unique per account and region (its ARN: arn:...:events:<region>:<account>:event-bus/<name>).
  eventBus: { what: 'EventBridge event bus', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html' },
  // Rules are named per bus; topoform's names hold the bus's name or are on the default bus: one scope per region is safe.
  eventRule: { what: 'EventBridge rule', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html' },
  eventArchive: { what: 'EventBridge archive', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html' },
  eventEndpoint: { what: 'EventBridge global endpoint', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEndpoint.html' },
  // "Backup vaults are identified by names that are unique to the account used to create them and the AWS Region where they are created."
  backupVault: { what: 'AWS Backup vault', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html' },
  backupPlan: { what: 'AWS Backup plan', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupPlan.html' },
  restoreTestingPlan: { what: 'AWS Backup restore testing plan', scope: 'region', foldCase: false, page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html' },
  // CloudFront is global: a response headers policy's name is unique in the account.
  cdnHeadersPolicy: { what: 'CloudFront response headers policy', scope: 'account', foldCase: false, page: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateResponseHeadersPolicy.html' },
} as const satisfies Record<string, AwsNameKind>;

export type AwsNameKindId = keyof typeof AWS_NAME_KINDS;

export interface PlannedAwsName {
  kind: AwsNameKindId;
  name: string;
  /** The region it is made in (for a partition or account scope, the region of the API that makes it). */
  region: string;
  /** The account, as the topology declares it; '' for the credentials' account. */
  account: string;
  /** What holds the name, in words: "s3 store logs", "the Global Accelerator's flow-log bucket". */
  owner: string;
  /** The topology line it comes from: the entry whose name it derives from. */
  path: SourcePath;
  /** What the user renames to change it: "s3 store logs", "state.bucket". */
  rename: string;
  /** Not made by the output, only used by it (the state bucket and lock table). */
  external?: true;
}

/** The key two names collide on: kind, scope and the name as AWS compares it. */
export function nameKey(n: Pick<PlannedAwsName, 'kind' | 'name' | 'region' | 'account'>): string {
  const kind = AWS_NAME_KINDS[n.kind];
  const scope = kind.scope === 'partition' ? '' : kind.scope === 'account' ? n.account : `${n.account}/${n.region}`;
  return `${n.kind}|${scope}|${kind.foldCase ? n.name.toLowerCase() : n.name}`;
}

/** Every AWS name the topology's output creates, and the state bucket and lock table it relies on. */
export function plannedAwsNames(t: Topology, input: { state?: { bucket?: string } } = {}): PlannedAwsName[] {
  const out: PlannedAwsName[] = [];
  // Each region's declared account; a region that declares none uses the credentials' account (rule
  // regions-declare-accounts holds a topology of several accounts to naming each).
  const account = (region: string) => {
    const listed = t.regions.find((r) => r.name === region);
    return (listed && declaredAccount(listed)) ?? declaredAccount(t.home) ?? '';
  };
  const add = (kind: AwsNameKindId, name: string, region: string, by: Pick<PlannedAwsName, 'owner' | 'path' | 'rename'>, external?: true, inAccount = account(region)) =>
    out.push({ kind, name, region, account: inAccount, ...by, ...(external ? { external } : {}) });
  // What the global workspace makes for routing is the routing account's (routing.account, else the home's).
  const edge = edgeIdentity(t).account ?? '';
  const atEdge = (kind: AwsNameKindId, name: string, region: string, by: Pick<PlannedAwsName, 'owner' | 'path' | 'rename'>) => add(kind, name, region, by, undefined, edge);
  // The global workspace works from the state region (src/stacks/app.ts).
  const globalRegion = t.state.globalRegion;

  for (const store of t.data) storeNames(t, store, add);

  const topology = { path: ['name'] as SourcePath, rename: 'the topology (name)' };
  // The topology's multi-Region key: the primary key and a replica in every region, each with the alias.
  for (const r of t.regions) add('kmsAlias', names.kmsAlias(t), r.name, { ...topology, owner: "the topology key's alias" });

  for (const region of t.regions.map((r) => r.name)) {
    const here = t.jobs.flatMap((job) => jobPlacement(t, job).filter((p) => p.region === region).map(() => job));
    if (here.length > 0) add('sqsQueue', names.jobsDeadLetterQueue(t.name), region, { ...topology, owner: "the jobs' dead-letter queue" });
    for (const job of here) {
      const by = { path: [...job.path, 'name'], rename: `job ${job.name}` };
      add('schedule', names.schedule(t.name, job.name), region, { ...by, owner: `job ${job.name}'s schedule` });
      add('iamRole', names.scheduleRole(t.name, job.name, region), region, { ...by, owner: `job ${job.name}'s scheduler role` });
    }
  }

  if (t.alarms) {
    const alarms = plannedAlarms(t);
    const alarmsAt = { path: ['alarms'] as SourcePath, rename: 'the topology (name)' };
    for (const r of t.regions) add('snsTopic', names.alarmTopic(t.name), r.name, { ...alarmsAt, owner: 'the alarm topic' });
    for (const a of alarms) {
      const store = a.store === undefined ? undefined : t.data.find((s) => s.name === a.store);
      const by = store ? { path: [...store.path, 'name'], rename: `${store.type} store ${store.name}` } : alarmsAt;
      (a.workspace === 'global' ? atEdge : add)('alarm', a.name, a.region, { ...by, owner: `the ${a.kind} alarm${a.store ? ` of ${a.store}` : ''}` });
    }
    if (alarms.some((a) => a.workspace === 'global')) {
      atEdge('kmsAlias', names.alarmsGlobalKeyAlias(t.name), ROUTE53_METRICS_REGION, { ...alarmsAt, owner: "the health alarms' key alias" });
      atEdge('snsTopic', names.alarmGlobalTopic(t.name), ROUTE53_METRICS_REGION, { ...alarmsAt, owner: "the health alarms' topic" });
    }
  }

  for (const drill of t.drills) {
    const by = { path: [...drill.path, 'name'], rename: `drill ${drill.name}` };
    const region = drill.target;
    add('logGroup', names.logGroup(t.name, `fis/${drill.name}`), region, { ...by, owner: `drill ${drill.name}'s log group` });
    add('iamRole', names.drillRole(t.name, drill.name, region), region, { ...by, owner: `drill ${drill.name}'s FIS role` });
    const targets = drillTargets(t, drill);
    if (t.alarms && drillStopAlarms(t, drill, targets).length > FIS_MAX_STOP_CONDITIONS) {
      add('alarm', names.alarm(t.name, `${drill.name}-drill-stop`), region, { ...by, owner: `drill ${drill.name}'s stop alarm` });
    }
    for (const db of targets.aurora) {
      add('iamRole', names.drillAutomationRole(t.name, drill.name, db.store, region), region, { ...by, owner: `drill ${drill.name}'s automation role for ${db.store}` });
      add('ssmDocument', names.drillDocument(t.name, drill.name, db.store), region, { ...by, owner: `drill ${drill.name}'s switchover document for ${db.store}` });
    }
  }

  if (t.routing?.accelerator) {
    // Global Accelerator's API, and so its flow-log bucket and that bucket's key, are in us-west-2.
    const by = { path: ['routing', 'accelerator'] as SourcePath, rename: 'the topology (name)' };
    atEdge('bucket', names.acceleratorFlowLogsBucket(t.name), 'us-west-2', { ...by, owner: "the Global Accelerator's flow-log bucket" });
    atEdge('kmsAlias', names.acceleratorFlowLogsKeyAlias(t.name), 'us-west-2', { ...by, owner: "the Global Accelerator flow-log key's alias" });
  }
  if (t.routing?.cdn) {
    atEdge('cdnHeadersPolicy', names.cdnSecurityHeadersPolicy(t.name), 'us-east-1', { path: ['routing', 'cdn'], rename: 'the topology (name)', owner: "the CloudFront distribution's security headers policy" });
  }

  if (t.state.backend === 's3') {
    const stateRegions = [...new Set([...t.regions.map((x) => x.name), globalRegion])];
    if (input.state?.bucket !== undefined) {
      for (const r of stateRegions) add('bucket', input.state.bucket.replaceAll('{region}', r), r, { path: ['state', 'bucket'], rename: 'state.bucket', owner: 'the state bucket' }, true, t.state.account ?? account(r));
    }
    if (t.state.lock.kind === 'dynamodb') {
      for (const r of stateRegions) add('dynamodbTable', t.state.lock.table, r, { path: ['state', 'lock', 'dynamodb'], rename: 'state.lock.dynamodb', owner: 'the state lock table' }, true, t.state.account ?? account(r));
    }
  }
  return out;
}

type Add = (kind: AwsNameKindId, name: string, region: string, by: Pick<PlannedAwsName, 'owner' | 'path' | 'rename'>) => void;

/** What a store's builder names, region by region: the names its kind states (src/model/stores/<type>.ts). */
function storeNames(t: Topology, store: DataStore, add: Add): void {
  const entry = `${store.type} store ${store.name}`;
  for (const n of kindOf(store.type).names(store as never, t)) {
    for (const r of n.regions) add(n.kind, n.name, r, { path: [...store.path, 'name'], rename: entry, owner: n.owner !== undefined ? `${entry}${n.owner}` : entry });
  }
}
