// Drills: one AWS FIS experiment template per drill, in the workspace of the drill's target region.
//
// FIS acts on resources of the region an experiment runs in, and a drill of a region must still be startable while
// another region is down, so the template, its role, its log group and (for database-failover) its SSM Automation
// document live in the target region's own workspace, next to the resources they act on. Every ARN is derived from
// names: no workspace reads another's state.
//
// database-failover: FIS has no action for an Aurora Global Database (its RDS actions, aws:rds:failover-db-cluster
// and aws:rds:reboot-db-instances, fail over inside one regional cluster: the writer stays in its region). So the
// template starts an SSM Automation document generated here (aws:ssm:start-automation-execution) that calls
// rds:SwitchoverGlobalCluster: the planned switchover, with no data loss, to the next region of the store's group,
// as the runbook's planned failover does. The automation runs under a role of its own that may switch over that
// global cluster and nothing else.
import { Fn, TerraformOutput } from 'cdktf';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FisExperimentTemplate, type FisExperimentTemplateAction, type FisExperimentTemplateTarget } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { DRILL_TEMPLATES_OUTPUT, drillStopAlarms, FIS_MAX_STOP_CONDITIONS, drillTargets, FIS_ACTIONS, isoDuration, S3_REPLICATION_SOURCE_TAG, type Drill, type DrillTargets } from '../model/drills';
import { names } from '../model/naming';
import { declaredAccount } from '../model/normalize';
import type { BuildContext, RegionScope } from './context';
import { named } from './ids';
import { policyDocument, serviceTrust, type Statement } from './policy';
import { LOG_RETENTION_DAYS } from './stores/cache';

/** Builds every drill. Call it last in buildApp: stop conditions are alarms the alarms builder put in each region scope. */
export function buildDrills(ctx: BuildContext): void {
  const templates = new Map<RegionScope, Record<string, string>>();
  for (const drill of ctx.topology.drills) {
    const scope = ctx.regions.get(drill.target);
    if (!scope) throw new Error(`drill ${drill.name} targets ${drill.target}, which is not a region; validate should have refused it`);
    const ids = templates.get(scope) ?? {};
    ids[drill.name] = buildDrill(ctx, scope, drill);
    templates.set(scope, ids);
  }
  // What `aws fis start-experiment --experiment-template-id` needs: the runbook's drill checklist reads it.
  for (const [scope, ids] of templates) {
    new TerraformOutput(scope.stack, DRILL_TEMPLATES_OUTPUT, { value: ids, description: "FIS experiment template id of each of this region's drills, by drill name." });
  }
}

interface Part {
  actions: FisExperimentTemplateAction[];
  targets: FisExperimentTemplateTarget[];
  statements: Statement[];
}

function buildDrill(ctx: BuildContext, scope: RegionScope, drill: Drill): string {
  const t = ctx.topology;
  const region = scope.region.name;
  const p = t.partition;
  const account = scope.accountId;
  const duration = isoDuration(drill.duration);
  const targets = drillTargets(t, drill);
  const id = `drill_${drill.name}`;
  const part: Part = { actions: [], targets: [], statements: [] };

  if (targets.network) network(part, targets.network, duration, `arn:${p}:ec2:${region}:${account}`);
  tables(part, targets.tables, duration, `arn:${p}:dynamodb:${region}:${account}`);
  buckets(part, targets.buckets, duration, p, t.name);
  const automations = targets.aurora.map((db) => switchover(ctx, scope, drill, db, duration));
  for (const a of automations) {
    part.actions.push(a.action);
    part.statements.push(...a.statements);
  }
  if (part.actions.length === 0) throw new Error(`drill ${drill.name} has nothing to act on; validate should have refused it`);

  const logGroup = named(
    new CloudwatchLogGroup(scope.stack, `${id}_logs`, {
      name: names.logGroup(t.name, `fis/${drill.name}`),
      retentionInDays: LOG_RETENTION_DAYS,
      kmsKeyId: scope.kmsKeyArn(),
    }),
    `${id}_logs`,
  );
  // Vended log delivery: FIS writes the experiment log through CloudWatch Logs' delivery APIs, which have no resource.
  part.statements.push(
    { Sid: 'ExperimentLogDelivery', Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], Resource: '*' },
  );

  const role = named(
    new IamRole(scope.stack, `${id}_role`, {
      name: names.drillRole(t.name, drill.name, region),
      description: `AWS FIS runs drill ${drill.name} (${drill.scenario}) of ${t.name} in ${region}`,
      assumeRolePolicy: serviceTrust('FisAssumesForThisAccountsExperiments', 'fis.amazonaws.com', account, `arn:${p}:fis:${region}:${account}:experiment/*`),
    }),
    `${id}_fis`,
  );
  // AWS's FIS action reference lists tag:GetResources for the replication pauses (it takes no resource).
  if (targets.tables.length > 0 || targets.buckets.length > 0) part.statements.push({ Sid: 'ResolveTargets', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' });
  named(new IamRolePolicy(scope.stack, `${id}_policy`, { role: role.id, name: 'run-drill', policy: policyDocument(part.statements) }), `${id}_fis`);

  const stops = stopConditions(ctx, scope, drill, targets);
  const stopCondition = stops.length > 0 ? stops.map((arn) => ({ source: 'aws:cloudwatch:alarm', value: arn })) : [{ source: 'none' }];
  const template = named(
    new FisExperimentTemplate(scope.stack, id, {
      description: describe(t.name, drill, targets),
      roleArn: role.arn,
      action: part.actions,
      ...(part.targets.length > 0 ? { target: part.targets } : {}),
      stopCondition,
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroup.arn}:*` } },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: `${t.name}-${drill.name}`, 'topoform:drill': drill.name, 'topoform:scenario': drill.scenario },
    }),
    id,
  );
  return template.id;
}

export { FIS_MAX_STOP_CONDITIONS };

/**
 * The drill's stop alarms (model/drills.ts drillStopAlarms) as FIS stop conditions: each alarm, or, above FIS's limit,
 * one composite alarm of the drill that is in ALARM when any of them is. None: FIS's `none`.
 */
function stopConditions(ctx: BuildContext, scope: RegionScope, drill: Drill, targets: DrillTargets): string[] {
  const arns = drillStopAlarms(ctx.topology, drill, targets).map((a) => {
    const arn = scope.alarms.get(a.name);
    if (!arn) throw new Error(`alarm ${a.name} was not built in ${scope.region.name}; buildDrills must run after buildAlarms`);
    return arn;
  });
  if (arns.length <= FIS_MAX_STOP_CONDITIONS) return arns;
  const id = `drill_${drill.name}_stop`;
  return [
    named(
      new CloudwatchCompositeAlarm(scope.stack, id, {
        alarmName: names.alarm(ctx.topology.name, `${drill.name}-drill-stop`),
        alarmDescription: `Any alarm that stops drill ${drill.name} in ${scope.region.name} (FIS takes at most ${FIS_MAX_STOP_CONDITIONS} stop conditions).`,
        alarmRule: arns.map((a) => `ALARM("${a}")`).join(' OR '),
      }),
      id,
    ).arn,
  ];
}

/** The description FIS shows (at most 512 characters): topology, scenario, region and what it acts on. */
function describe(topology: string, drill: Drill, targets: DrillTargets): string {
  const what = [
    ...(targets.network ? [`cut ${targets.network.subnetIds.length} subnet(s) off from ${targets.network.isolateFrom.join(', ')}`] : []),
    ...(targets.tables.length ? [`pause DynamoDB replication of ${targets.tables.map((x) => x.store).join(', ')}`] : []),
    ...(targets.buckets.length ? [`pause S3 replication of ${targets.buckets.map((x) => x.store).join(', ')}`] : []),
    ...targets.aurora.map((a) => `switch Aurora ${a.store} over to ${a.promote}`),
  ].join('; ');
  const text = `topoform ${topology}: drill ${drill.name}, ${drill.scenario} of ${drill.target} for ${drill.duration}: ${what}`;
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}

function network(part: Part, net: NonNullable<DrillTargets['network']>, duration: string, ec2: string): void {
  part.targets.push({ name: 'subnets', resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceArns: net.subnetIds.map((s) => `${ec2}:subnet/${s}`) });
  for (const other of net.isolateFrom) {
    part.actions.push({
      name: `isolate-from-${other}`,
      actionId: FIS_ACTIONS.crossRegionRoutes,
      description: `cut the subnets' routes to ${other}`,
      parameter: [
        { key: 'duration', value: duration },
        { key: 'region', value: other },
      ],
      target: { key: 'Subnets', value: 'subnets' },
    });
  }
  const managed = { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } };
  const creating = { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } };
  part.statements.push(
    // Describe and Get calls take no resource.
    {
      Sid: 'NetworkRead',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeManagedPrefixLists',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeVpcs',
        'ec2:GetManagedPrefixListEntries',
      ],
      Resource: '*',
    },
    // The target subnets move to FIS's route tables and back; route tables of the region (their ids are the VPC's).
    {
      Sid: 'SwapSubnetRouteTables',
      Effect: 'Allow',
      Action: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'],
      Resource: [...net.subnetIds.map((s) => `${ec2}:subnet/${s}`), `${ec2}:route-table/*`],
    },
    { Sid: 'CreateFisRouteTables', Effect: 'Allow', Action: 'ec2:CreateRouteTable', Resource: `${ec2}:route-table/*`, Condition: creating },
    { Sid: 'CreateFisRouteTablesInVpc', Effect: 'Allow', Action: 'ec2:CreateRouteTable', Resource: `${ec2}:vpc/*` },
    { Sid: 'ChangeFisRouteTables', Effect: 'Allow', Action: ['ec2:CreateRoute', 'ec2:DeleteRouteTable'], Resource: `${ec2}:route-table/*`, Condition: managed },
    { Sid: 'CreateFisPrefixLists', Effect: 'Allow', Action: 'ec2:CreateManagedPrefixList', Resource: `${ec2}:prefix-list/*`, Condition: creating },
    { Sid: 'ChangeFisPrefixLists', Effect: 'Allow', Action: ['ec2:ModifyManagedPrefixList', 'ec2:DeleteManagedPrefixList'], Resource: `${ec2}:prefix-list/*`, Condition: managed },
    // The action's permission list in the FIS actions reference also names network interfaces and VPC endpoints.
    {
      Sid: 'CreateFisNetworkInterfaces',
      Effect: 'Allow',
      Action: 'ec2:CreateNetworkInterface',
      Resource: [...net.subnetIds.map((s) => `${ec2}:subnet/${s}`), `${ec2}:network-interface/*`, `${ec2}:security-group/*`],
    },
    { Sid: 'DeleteFisNetworkInterfaces', Effect: 'Allow', Action: 'ec2:DeleteNetworkInterface', Resource: `${ec2}:network-interface/*`, Condition: managed },
    { Sid: 'KeepVpcEndpointsInRegion', Effect: 'Allow', Action: 'ec2:ModifyVpcEndpoint', Resource: `${ec2}:vpc-endpoint/*` },
    {
      Sid: 'TagWhatFisCreates',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: [`${ec2}:route-table/*`, `${ec2}:prefix-list/*`, `${ec2}:network-interface/*`],
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateRouteTable', 'CreateManagedPrefixList', 'CreateNetworkInterface'] } },
    },
  );
}

function tables(part: Part, list: DrillTargets['tables'], duration: string, dynamodb: string): void {
  if (list.length === 0) return;
  const arns = list.map((x) => `${dynamodb}:table/${x.table}`);
  part.targets.push({ name: 'tables', resourceType: 'aws:dynamodb:global-table', selectionMode: 'ALL', resourceArns: arns });
  part.actions.push({
    name: 'pause-dynamodb-replication',
    actionId: FIS_ACTIONS.dynamodbPause,
    description: `pause replication of ${list.map((x) => x.table).join(', ')}`,
    parameter: [{ key: 'duration', value: duration }],
    target: { key: 'Tables', value: 'tables' },
  });
  // FIS pauses a global table's replication with a resource policy that denies the replication role, then removes it.
  part.statements.push({
    Sid: 'PauseTableReplication',
    Effect: 'Allow',
    Action: ['dynamodb:DescribeTable', 'dynamodb:GetResourcePolicy', 'dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:InjectError'],
    Resource: arns,
  });
}

function buckets(part: Part, list: DrillTargets['buckets'], duration: string, p: string, topology: string): void {
  if (list.length === 0) return;
  const arn = (bucket: string) => `arn:${p}:s3:::${bucket}`;
  // By tag, the only way this action selects (S3_REPLICATION_SOURCE_TAG): the topology's source buckets in this region.
  part.targets.push({ name: 'buckets', resourceType: 'aws:s3:bucket', selectionMode: 'ALL', resourceTag: [{ key: S3_REPLICATION_SOURCE_TAG, value: topology }] });
  // One action per destination region (the action's `region`), pausing every target bucket's replication there.
  const destinations = [...new Set(list.flatMap((b) => b.destinations.map((d) => d.region)))];
  for (const dest of destinations) {
    const to = list.flatMap((b) => b.destinations.filter((d) => d.region === dest).map((d) => d.bucket));
    part.actions.push({
      name: `pause-s3-replication-to-${dest}`,
      actionId: FIS_ACTIONS.s3Pause,
      description: `pause replication to ${dest}`,
      parameter: [
        { key: 'duration', value: duration },
        { key: 'region', value: dest },
        { key: 'destinationBuckets', value: to.join(',') },
      ],
      target: { key: 'Buckets', value: 'buckets' },
    });
  }
  part.statements.push(
    {
      Sid: 'PauseBucketReplication',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:PutReplicationConfiguration', 's3:PauseReplication'],
      Resource: list.map((b) => arn(b.bucket)),
    },
    // FIS lists buckets to resolve the targets; the call takes no resource.
    { Sid: 'ResolveBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
  );
}

/** The SSM Automation document and its role for one Aurora Global Database, and the FIS action that starts it. */
function switchover(ctx: BuildContext, scope: RegionScope, drill: Drill, db: DrillTargets['aurora'][number], duration: string): { action: FisExperimentTemplateAction; statements: Statement[] } {
  const t = ctx.topology;
  const p = t.partition;
  const region = scope.region.name;
  const account = scope.accountId;
  const accountOf = (r: string) => {
    const declared = t.regions.find((x) => x.name === r);
    return (declared && declaredAccount(declared)) ?? account;
  };
  const clusterArn = (m: { region: string; cluster: string }) => `arn:${p}:rds:${m.region}:${accountOf(m.region)}:cluster:${m.cluster}`;
  const globalArn = `arn:${p}:rds::${account}:global-cluster:${db.globalCluster}`;
  const promote = db.members.find((m) => m.region === db.promote)!;
  const id = `drill_${drill.name}_${db.store}`;
  const documentName = names.drillDocument(t.name, drill.name, db.store);

  const role = named(
    new IamRole(scope.stack, `${id}_automation_role`, {
      name: names.drillAutomationRole(t.name, drill.name, db.store, region),
      description: `SSM Automation switches Aurora ${db.store} of ${t.name} over to ${db.promote} for drill ${drill.name}`,
      assumeRolePolicy: serviceTrust('SsmAutomationAssumesForThisAccount', 'ssm.amazonaws.com', account, `arn:${p}:ssm:${region}:${account}:automation-execution/*`),
    }),
    `${id}_automation`,
  );
  named(
    new IamRolePolicy(scope.stack, `${id}_automation_policy`, {
      role: role.id,
      name: 'switchover',
      policy: policyDocument([
        // SwitchoverGlobalCluster authorizes on the global cluster and on its member clusters.
        { Sid: 'SwitchoverThisGlobalCluster', Effect: 'Allow', Action: ['rds:SwitchoverGlobalCluster', 'rds:DescribeGlobalClusters'], Resource: [globalArn, ...db.members.map(clusterArn)] },
      ]),
    }),
    `${id}_automation`,
  );
  const document = named(
    new SsmDocument(scope.stack, `${id}_document`, {
      name: documentName,
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: JSON.stringify({
        schemaVersion: '0.3',
        description: `topoform ${t.name}: planned switchover of Aurora Global Database ${db.globalCluster} from ${db.writer} to ${db.promote} (drill ${drill.name}). Switch back with the runbook's failback.`,
        assumeRole: '{{ AutomationAssumeRole }}',
        parameters: {
          AutomationAssumeRole: { type: 'String', description: 'The role the automation runs as.' },
          GlobalClusterIdentifier: { type: 'String', default: db.globalCluster },
          TargetDbClusterIdentifier: { type: 'String', default: clusterArn(promote) },
        },
        mainSteps: [
          {
            name: 'SwitchoverGlobalCluster',
            action: 'aws:executeAwsApi',
            inputs: { Service: 'rds', Api: 'SwitchoverGlobalCluster', GlobalClusterIdentifier: '{{ GlobalClusterIdentifier }}', TargetDbClusterIdentifier: '{{ TargetDbClusterIdentifier }}' },
          },
        ],
      }),
    }),
    `${id}_switchover`,
  );
  const action: FisExperimentTemplateAction = {
    name: `switchover-${db.store}`,
    actionId: FIS_ACTIONS.automation,
    description: `switch Aurora ${db.store} over to ${db.promote} (planned, no data loss)`,
    parameter: [
      { key: 'documentArn', value: document.arn },
      { key: 'documentParameters', value: Fn.jsonencode({ AutomationAssumeRole: role.arn }) },
      { key: 'maxDuration', value: duration },
    ],
  };
  const statements: Statement[] = [
    { Sid: `Start${cap(db.store)}Switchover`, Effect: 'Allow', Action: 'ssm:StartAutomationExecution', Resource: `arn:${p}:ssm:${region}:${account}:automation-definition/${documentName}:*` },
    { Sid: `Follow${cap(db.store)}Switchover`, Effect: 'Allow', Action: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'], Resource: `arn:${p}:ssm:${region}:${account}:automation-execution/*` },
    { Sid: `Pass${cap(db.store)}AutomationRole`, Effect: 'Allow', Action: 'iam:PassRole', Resource: role.arn, Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } } },
  ];
  return { action, statements };
}

/** A store name as part of a policy statement id (letters and digits only). */
function cap(name: string): string {
  return name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
