// Global Accelerator in front of the regions: one accelerator (static anycast IPv4 addresses) with flow logs, a
// listener, and an endpoint group per region holding that region's load balancer, dialled by the pattern.
// Every resource lives in the global workspace through the us-west-2 provider: Global Accelerator's API is there.
import { GlobalacceleratorAccelerator } from '@cdktf/provider-aws/lib/globalaccelerator-accelerator';
import { GlobalacceleratorCrossAccountAttachment } from '@cdktf/provider-aws/lib/globalaccelerator-cross-account-attachment';
import { GlobalacceleratorEndpointGroup } from '@cdktf/provider-aws/lib/globalaccelerator-endpoint-group';
import { GlobalacceleratorListener } from '@cdktf/provider-aws/lib/globalaccelerator-listener';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { edgeIdentity } from '../../model/accounts';
import { names } from '../../model/naming';
import { declaredAccount } from '../../model/normalize';
import { PATTERNS } from '../../model/patterns';
import type { Region, Topology } from '../../model/types';
import type { BuildContext } from '../context';
import { named } from '../ids';
import { aliasOf, awsProvider } from '../providers';
import { policyDocument } from '../policy';
import { secureBucket } from '../stores/s3';
import type { RoutingBuilder } from './builder';

/** Where Global Accelerator's control plane (and so its flow logs bucket) lives. */
export const ACCELERATOR_API_REGION = 'us-west-2';
/** Flow logs land under `<prefix>AWSLogs/<account>/`. */
export const FLOW_LOGS_PREFIX = 'flow-logs/';

/**
 * The traffic dial of a region's endpoint group: under the failover patterns the primary takes everything and
 * the secondaries none, which Global Accelerator still fails over to when the primary group has no healthy
 * endpoint; under hybrid, active-active and partitioned every region takes its share.
 */
export function trafficDial(t: Pick<Topology, 'pattern'>, region: Pick<Region, 'role'>): number {
  const failoverPattern = PATTERNS[t.pattern].defaultPolicy === 'failover';
  return failoverPattern && region.role === 'secondary' ? 0 : 100;
}

/** The listener's port ranges: consecutive ports joined into one range (a listener holds at most 10 ranges). */
export function portRanges(ports: readonly number[]): { fromPort: number; toPort: number }[] {
  const ranges: { fromPort: number; toPort: number }[] = [];
  for (const port of [...ports].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && last.toPort + 1 === port) last.toPort = port;
    else ranges.push({ fromPort: port, toPort: port });
  }
  return ranges;
}

function flowLogs(ctx: BuildContext): { bucket: string; dependsOn: ReturnType<typeof secureBucket>['policy'] } {
  const t = ctx.topology;
  const stack = ctx.global.stack;
  const provider = ctx.global.edge.providerFor(ACCELERATOR_API_REGION);
  const account = ctx.global.edge.accountId;
  const partition = t.partition;
  const bucket = names.acceleratorFlowLogsBucket(t.name);
  // Global Accelerator delivers flow logs through CloudWatch Logs' log delivery (delivery.logs.amazonaws.com),
  // on behalf of this account only.
  const fromThisAccount = {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:*:${account}:*` },
  };
  const key = named(
    new KmsKey(stack, 'accelerator_flow_logs_key', {
      provider,
      description: `topoform ${t.name}: Global Accelerator flow logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        { Sid: 'AccountAdministersTheKey', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'LogDeliveryEncryptsFlowLogs',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: fromThisAccount,
        },
      ]),
    }),
    'accelerator_flow_logs',
  );
  named(new KmsAlias(stack, 'accelerator_flow_logs_key_alias', { provider, name: names.acceleratorFlowLogsKeyAlias(t.name), targetKeyId: key.keyId }), 'accelerator_flow_logs');
  const { policy } = secureBucket(stack, 'accelerator_flow_logs', {
    bucket,
    kmsKey: key.arn,
    provider,
    statements: [
      (arn) => ({
        Sid: 'AWSLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${arn}/${FLOW_LOGS_PREFIX}AWSLogs/${account}/*`,
        Condition: { ...fromThisAccount, StringEquals: { ...fromThisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
      (arn) => ({
        Sid: 'AWSLogDeliveryAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: arn,
        Condition: fromThisAccount,
      }),
    ],
    lifecycle: [
      {
        id: 'expire-flow-logs',
        status: 'Enabled',
        filter: [{ prefix: FLOW_LOGS_PREFIX }],
        transition: [{ days: 30, storageClass: 'STANDARD_IA' }],
        expiration: [{ days: 365 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      },
    ],
  });
  return { bucket, dependsOn: policy };
}

/**
 * A load balancer in another account than the accelerator's is an endpoint only through a cross-account attachment
 * its owner makes, naming the accelerator as principal and the load balancer as resource (AWS Global Accelerator
 * Developer Guide, "Working with cross-account attachments",
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/cross-account-resources.html). Made here, in the global
 * workspace, as the region's account through Global Accelerator's API region, so the endpoint group refers to it
 * without reading another workspace's state.
 */
function attachment(ctx: BuildContext, region: Region, endpointArn: string, acceleratorArn: string): { attachmentArn?: string } {
  const t = ctx.topology;
  const owner = declaredAccount(region);
  const edge = edgeIdentity(t).account;
  if (owner === undefined || edge === undefined || owner === edge) return {};
  const alias = `accelerator_attachment_${aliasOf(region.name)}`;
  const provider = awsProvider(ctx.global.stack, `aws_${alias}`, t, { name: ACCELERATOR_API_REGION, account: owner, ...(region.roleArn !== undefined ? { roleArn: region.roleArn } : {}) }, 'global', alias);
  const made = named(
    new GlobalacceleratorCrossAccountAttachment(ctx.global.stack, `accelerator_attachment_${region.name}`, {
      provider,
      name: names.acceleratorAttachment(t.name, region.name),
      principals: [acceleratorArn],
      resource: [{ endpointId: endpointArn, region: region.name }],
    }),
    region.name,
  );
  return { attachmentArn: made.arn };
}

export const accelerator: RoutingBuilder = {
  global(edge, ctx) {
    const t = ctx.topology;
    const stack = ctx.global.stack;
    const { routing } = edge;
    const ga = routing.accelerator!;
    const hc = routing.healthCheck;
    const provider = ctx.global.edge.providerFor(ACCELERATOR_API_REGION);
    // The Route 53 health checks stay: they are what alarms and recovery controls watch.
    for (const region of t.regions) edge.healthCheck(region);

    const logs = flowLogs(ctx);
    const acc = named(
      new GlobalacceleratorAccelerator(stack, 'accelerator', {
        provider,
        name: names.accelerator(t.name),
        ipAddressType: 'IPV4',
        enabled: true,
        attributes: { flowLogsEnabled: true, flowLogsS3Bucket: logs.bucket, flowLogsS3Prefix: FLOW_LOGS_PREFIX },
        // Global Accelerator checks that it may write to the bucket when flow logs are turned on.
        dependsOn: [logs.dependsOn],
      }),
      'accelerator',
    );
    const listener = named(
      new GlobalacceleratorListener(stack, 'accelerator_listener', {
        provider,
        acceleratorArn: acc.id,
        protocol: ga.protocol,
        clientAffinity: ga.clientAffinity,
        portRange: portRanges(ga.ports),
      }),
      'accelerator',
    );
    const listenerArn = listener.id;
    for (const region of t.regions) {
      // Rule accelerator-endpoints-have-arn guarantees the load balancer's ARN.
      const endpoint = edge.endpoint(region);
      const group = named(
        new GlobalacceleratorEndpointGroup(stack, `accelerator_${region.name}`, {
          provider,
          listenerArn,
          endpointGroupRegion: region.name,
          // Kept, though ignored: for load balancer endpoints (the only ones here) Global Accelerator follows the load
          // balancer's target health and not these settings (AWS Global Accelerator Developer Guide, "Health check
          // options"); the API still validates them (rule health-check-path-fits-services), and the output says so.
          healthCheckProtocol: hc.protocol,
          healthCheckPort: hc.port,
          ...(hc.protocol !== 'TCP' ? { healthCheckPath: hc.path } : {}),
          healthCheckIntervalSeconds: hc.interval,
          thresholdCount: hc.failureThreshold,
          trafficDialPercentage: trafficDial(t, region),
          endpointConfiguration: [{ endpointId: endpoint.arn!, clientIpPreservationEnabled: true, weight: 128, ...attachment(ctx, region, endpoint.arn!, acc.id) }],
        }),
        region.name,
      );
      group.addOverride(
        '//.note',
        "Global Accelerator ignores these health check settings for load balancer endpoints: it takes a region out when its load balancer has no healthy target (the target group's own health checks).",
      );
    }
    // The domain is an alias of the accelerator (IPv4 only: no AAAA record).
    named(
      new Route53Record(stack, 'front_door_a', {
        zoneId: edge.zoneId(),
        name: routing.domain,
        type: 'A',
        alias: { name: acc.dnsName, zoneId: acc.hostedZoneId, evaluateTargetHealth: false },
      }),
      'front_door_a',
    );
  },
};
