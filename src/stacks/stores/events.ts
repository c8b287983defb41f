// Events store: a custom EventBridge bus of the same name in every region's own workspace, encrypted with the region's
// topology key, with an archive when `archiveDays` is set, and delivery between the regions:
//
// - `forward` (the `regional` hook): a rule on each region's bus per other region, sending the events PUT IN THAT
//   REGION to the other region's bus, as a role of the region that may only put events on the topology's buses. A rule
//   matches on the event's `region` (event patterns match the envelope's metadata, `region` among it:
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-patterns-best-practices.html), and an event delivered to
//   another region's bus keeps the region it was put in, so a forwarded event matches no rule of the bus it arrives on:
//   A→B is never sent on to C, nor back to A. EventBridge itself refuses a second bus-to-bus hop
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-bus-to-bus.html), which would otherwise show as failed
//   deliveries; the pattern keeps them from being attempted. test/events.test.ts follows an event through the output.
// - `global-endpoint` (the `global` hook): an EventBridge global endpoint over the two regions' buses, made in the
//   group's home region, which is its primary (a change of topoform's primary does not move it), failing over on a
//   Route 53 health check of the home's ingestion latency alarm and replicating events to the other region. The endpoint and its health check are the data
//   plane: a failover needs no apply. During an outage of the home region the global workspace cannot refresh the
//   endpoint; the endpoint itself keeps routing (ARCHITECTURE.md).
import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventEndpoint } from '@cdktf/provider-aws/lib/cloudwatch-event-endpoint';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { eventsLatencyAlarm } from '../../model/alarms';
import { names } from '../../model/naming';
import { regionAccount } from '../../model/accounts';
import { groupHome } from '../../model/ownership';
import type { EventsStore } from '../../model/stores';
import type { Topology } from '../../model/types';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import { policyDocument, serviceTrust } from '../policy';
import type { StoreBuilder } from './builder';

/** A bus of the topology by name, in any region of the account: every region's bus has the same name. */
export function busArn(t: Topology, store: string, region: string, account: string): string {
  return `arn:${t.partition}:events:${region}:${account}:event-bus/${names.eventBus(t.name, store)}`;
}

/**
 * The event pattern of a region's forwarding rules: the events put in that region, of any source. An event pattern
 * needs at least one field; `region` is the one that keeps forwarded events from being forwarded again.
 */
export function forwardPattern(region: string): string {
  return JSON.stringify({ region: [region] });
}

function regional(store: EventsStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  const here = scope.region.name;
  const bus = named(
    new CloudwatchEventBus(scope.stack, store.name, {
      name: names.eventBus(t.name, store.name),
      description: `topoform ${t.name}: ${store.name}, the same bus in every region`,
      // The key's ARN: EventBridge keeps what it is given (src/stacks/kms.ts admits EventBridge for this bus's context).
      kmsKeyIdentifier: scope.kmsKeyArn(),
    }),
    store.name,
  );
  const busName = bus.name;
  if (store.archiveDays !== undefined) {
    // Encrypted with an AWS owned key: a customer managed key for archives needs AWS provider 6.2 (kms_key_identifier of
    // aws_cloudwatch_event_archive), and an archive keeps the output valid on 5.100, the oldest release topoform
    // supports (src/model/versions.ts).
    named(
      new CloudwatchEventArchive(scope.stack, `${store.name}_archive`, {
        name: names.eventArchive(t.name, store.name),
        description: `topoform ${t.name}: every event of ${store.name} in ${here}, kept ${store.archiveDays} days to replay`,
        eventSourceArn: bus.arn,
        retentionDays: store.archiveDays,
      }),
      store.name,
    );
  }
  if (store.delivery !== 'forward') return;
  const group = store.groups.find((g) => g.includes(here))!;
  const others = group.filter((r) => r !== here);
  if (others.length === 0) return;
  const roleName = names.eventForwardRole(t.name, store.name, here);
  const ruleArns = `arn:${t.partition}:events:${here}:${scope.accountId}:rule/${names.eventBus(t.name, store.name)}/*`;
  const role = named(
    new IamRole(scope.stack, `${store.name}_forward_role`, {
      name: roleName,
      description: `topoform ${t.name}: EventBridge forwards ${store.name}'s events from ${here} to the other regions' buses`,
      assumeRolePolicy: serviceTrust('EventBridgeRulesOfThisBus', 'events.amazonaws.com', scope.accountId, ruleArns),
    }),
    `${store.name}_forward`,
  );
  named(
    new IamRolePolicy(scope.stack, `${store.name}_forward_policy`, {
      role: role.id,
      name: 'put-events-on-other-regions-buses',
      policy: policyDocument([
        { Sid: 'PutOnTheOtherRegionsBuses', Effect: 'Allow', Action: 'events:PutEvents', Resource: others.map((r) => busArn(t, store.name, r, scope.accountId)) },
      ]),
    }),
    `${store.name}_forward`,
  );
  const roleArn = role.arn;
  for (const to of others) {
    const id = `${store.name}_to_${to}`;
    const rule = named(
      new CloudwatchEventRule(scope.stack, id, {
        name: names.eventForwardRule(t.name, store.name, to),
        description: `topoform ${t.name}: events put on ${store.name} in ${here} go to ${to}'s bus (only those put here: no loop)`,
        eventBusName: busName,
        eventPattern: forwardPattern(here),
        state: 'ENABLED',
      }),
      id,
    );
    named(
      new CloudwatchEventTarget(scope.stack, `${id}_target`, {
        rule: rule.name,
        eventBusName: busName,
        targetId: `to-${to}`,
        arn: busArn(t, store.name, to, scope.accountId),
        roleArn,
      }),
      id,
    );
  }
}

function global(store: EventsStore, ctx: BuildContext): void {
  if (store.delivery !== 'global-endpoint') return;
  const t = ctx.topology;
  const stack = ctx.global.stack;
  for (const group of store.groups) {
    // Rule events-endpoint-two-regions holds every group to two regions. An endpoint's primary is the region it is
    // made in (CreateEndpoint's FailoverConfig names a health check for the primary and a Region for the secondary
    // only, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_FailoverConfig.html): the group's home,
    // which a change of primary does not move, so `topoform promote` leaves the endpoint and its URL as they are.
    const home = groupHome(t, group);
    // The buses, the role and the health check are the group home's account's, which may not be the topology home's.
    const account = regionAccount(t, home) ?? ctx.global.accountId;
    const primary = home;
    const secondary = group.find((r) => r !== primary)!;
    const id = store.groups.length > 1 ? `${store.name}_${home}` : store.name;
    // Route 53 watches the primary's alarm (made by its workspace under this name); an alarm's state is the data plane.
    const check = named(
      new Route53HealthCheck(stack, `${id}_endpoint_health`, {
        // A health check watches alarms of its own account: the buses' (routing's may be another).
        ...ctx.global.inAccountOf(home),
        type: 'CLOUDWATCH_METRIC',
        cloudwatchAlarmName: eventsLatencyAlarm(t.name, store.name, primary),
        cloudwatchAlarmRegion: primary,
        // The alarm has no data while no rule delivers (an idle bus, or one whose consumers are not deployed yet):
        // that must not fail the endpoint over, so silence keeps the last status (AWS's template notes the choice for
        // intermittent events, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-ge-cfn.html).
        insufficientDataHealthStatus: 'LastKnownStatus',
        tags: { Name: `${names.eventEndpoint(t.name, store.name)}-${primary}` },
      }),
      `${id}_endpoint`,
    );
    // The home's bus first, in an order that a change of the regions' order does not touch.
    const buses = [primary, secondary].map((r) => busArn(t, store.name, r, account));
    const role = named(
      new IamRole(stack, `${id}_endpoint_role`, {
        ...ctx.global.inAccountOf(home),
        name: names.eventEndpointRole(t.name, store.name),
        description: `topoform ${t.name}: the global endpoint of ${store.name} replicates events between its two buses`,
        assumeRolePolicy: serviceTrust('EventBridgeOfThisAccount', 'events.amazonaws.com', account),
      }),
      `${id}_endpoint`,
    );
    named(
      new IamRolePolicy(stack, `${id}_endpoint_policy`, {
        ...ctx.global.inAccountOf(home),
        role: role.id,
        name: 'replicate-between-the-buses',
        policy: policyDocument([{ Sid: 'PutOnTheEndpointsBuses', Effect: 'Allow', Action: 'events:PutEvents', Resource: buses }]),
      }),
      `${id}_endpoint`,
    );
    named(
      new CloudwatchEventEndpoint(stack, `${id}_endpoint`, {
        provider: ctx.global.providerFor(home),
        name: names.eventEndpoint(t.name, store.name),
        description: `topoform ${t.name}: ${store.name}, ${primary} with failover to ${secondary}`,
        roleArn: role.arn,
        eventBus: buses.map((eventBusArn) => ({ eventBusArn })),
        replicationConfig: { state: 'ENABLED' },
        routingConfig: { failoverConfig: { primary: { healthCheck: check.arn }, secondary: { route: secondary } } },
      }),
      `${id}_endpoint`,
    );
  }
}

export const events: StoreBuilder<'events'> = { regional, global };
