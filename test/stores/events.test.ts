// Events stores: a bus per region, encrypted with the topology key, and delivery between regions that cannot loop:
// forwarding rules match only the events put in their own region, and an event keeps that region when delivered to
// another bus. The test follows every event through the output's own rules.
import { describe, expect, it } from 'vitest';
import { synthTopology, type Json } from '../helpers/synth';

const regions = ['us-east-1', 'us-east-2', 'us-west-2'];
const forward = `version: 1
name: arcade
pattern: active-active
regions:
${regions.map((r) => `  - name: ${r}\n    account: "111111111111"`).join('\n')}
alarms: { email: [oncall@example.com] }
data:
  - { name: game-events, type: events, archiveDays: 7 }
`;

/** Does an EventBridge pattern of the forms the output uses ({ field: [values] }) match the event? */
function matches(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, values]) => Array.isArray(values) && values.includes(event[field]));
}

interface Forwarding {
  from: string;
  pattern: Record<string, unknown>;
  toRegion: string;
}

function forwardingRules(stack: (name: string) => Json): Forwarding[] {
  return regions.flatMap((region) => {
    const resources = stack(region)['resource'] as Json;
    const rules = resources['aws_cloudwatch_event_rule'] as Json;
    const targets = Object.values(resources['aws_cloudwatch_event_target'] as Json) as Json[];
    return Object.entries(rules).map(([id, rule]) => {
      const target = targets.find((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`)!;
      const arn = /^arn:aws:events:([a-z0-9-]+):111111111111:event-bus\/arcade-game-events$/.exec(target.arn);
      expect(arn, `${region} ${id} targets another region's bus of the store`).not.toBeNull();
      expect(rule.event_bus_name).toBe('${aws_cloudwatch_event_bus.game-events.name}');
      return { from: region, pattern: JSON.parse(rule.event_pattern) as Record<string, unknown>, toRegion: arn![1]! };
    });
  });
}

describe('events store, delivery forward', () => {
  const { stack } = synthTopology(forward, 'events');
  const rules = forwardingRules(stack);

  it('makes a bus of the same name in every region, encrypted with the topology key, with an archive', () => {
    for (const region of regions) {
      const resources = stack(region)['resource'] as Json;
      const bus = resources['aws_cloudwatch_event_bus']['game-events'];
      expect(bus.name).toBe('arcade-game-events');
      expect(bus.kms_key_identifier, region).toMatch(/kms/);
      expect(resources['aws_cloudwatch_event_archive']['game-events']).toMatchObject({ name: 'arcade-game-events', retention_days: 7 });
    }
  });

  it('sends every event put in a region to every other region exactly once, and never forwards a forwarded event', () => {
    expect(rules).toHaveLength(regions.length * (regions.length - 1));
    for (const origin of regions) {
      const received = new Map<string, number>([[origin, 1]]);
      // Breadth first: an event arriving on a bus is matched against that bus's rules, with its region unchanged.
      const queue = [{ at: origin, event: { region: origin, account: '111111111111', source: 'shop.orders', 'detail-type': 'OrderPlaced' } }];
      let hops = 0;
      while (queue.length > 0) {
        const { at, event } = queue.shift()!;
        for (const rule of rules.filter((r) => r.from === at && matches(r.pattern, event))) {
          expect(rule.toRegion, 'never to its own bus').not.toBe(at);
          received.set(rule.toRegion, (received.get(rule.toRegion) ?? 0) + 1);
          queue.push({ at: rule.toRegion, event });
          expect(++hops, 'a loop would never end').toBeLessThan(100);
        }
      }
      expect(Object.fromEntries(received), `an event put in ${origin}`).toEqual(Object.fromEntries(regions.map((r) => [r, 1])));
    }
  });

  it('sends as a role of its region that may only put events on the other regions\' buses, assumed by this account\'s rules', () => {
    for (const region of regions) {
      const resources = stack(region)['resource'] as Json;
      const role = resources['aws_iam_role']['game-events_forward'];
      expect(role.name).toBe(`arcade-game-events-events-${region}`);
      const trust = role.assume_role_policy as string;
      expect(trust).toContain('events.amazonaws.com');
      expect(trust).toContain('aws:SourceAccount');
      expect(trust).toContain(`arn:aws:events:${region}:111111111111:rule/arcade-game-events/*`);
      const policy = resources['aws_iam_role_policy']['game-events_forward'].policy as string;
      for (const other of regions) {
        expect(policy.includes(`arn:aws:events:${other}:111111111111:event-bus/arcade-game-events`), `${region} may put on ${other}`).toBe(other !== region);
      }
      expect(policy).not.toMatch(/"Action":\s*"events:\*"/);
    }
  });

  it('alarms on failed deliveries over all the rules of each bus (the SUM of FailedInvocations)', () => {
    for (const region of regions) {
      const alarm = (stack(region)['resource'] as Json)['aws_cloudwatch_metric_alarm'][`game-events-${region}-failed-deliveries`];
      expect(alarm.metric_query[0].expression).toBe(`SELECT SUM(FailedInvocations) FROM SCHEMA("AWS/Events", EventBusName, RuleName) WHERE EventBusName = 'arcade-game-events'`);
      expect(alarm.threshold).toBe(0);
    }
  });

  it('lets EventBridge use the topology key for this topology\'s buses only', () => {
    const policy = (stack('us-east-1')['resource'] as Json)['aws_kms_key']['topology'].policy as string;
    expect(policy).toContain('EventBridgeEncryptsTopologyBuses');
    expect(policy).toContain('kms:EncryptionContext:aws:events:event-bus:arn');
    expect(policy).toContain('arn:aws:events:*:111111111111:event-bus/arcade-game-events');
  });
});

describe('events store, delivery global-endpoint', () => {
  const text = `version: 1
name: payments
pattern: active-passive
regions:
  - { name: us-east-1, account: "111111111111" }
  - { name: us-west-2, account: "111111111111" }
alarms: { email: [oncall@example.com] }
data:
  - { name: payment-events, type: events, delivery: global-endpoint }
`;
  const { stack } = synthTopology(text, 'events-endpoint');
  const global = stack('global')['resource'] as Json;

  it('makes the endpoint in the home region over both buses, failing over on the primary\'s latency alarm', () => {
    const endpoint = global['aws_cloudwatch_event_endpoint']['payment-events_endpoint'];
    expect(endpoint.provider).toBe('aws.us_east_1');
    expect(endpoint.event_bus.map((b: Json) => b.event_bus_arn)).toEqual(['us-east-1', 'us-west-2'].map((r) => `arn:aws:events:${r}:111111111111:event-bus/payments-payment-events`));
    expect(endpoint.replication_config).toEqual({ state: 'ENABLED' });
    expect(endpoint.routing_config.failover_config.secondary).toEqual({ route: 'us-west-2' });
    const check = global['aws_route53_health_check']['payment-events_endpoint'];
    expect(check).toMatchObject({ type: 'CLOUDWATCH_METRIC', cloudwatch_alarm_name: 'payments.payment-events-us-east-1-ingestion-latency', cloudwatch_alarm_region: 'us-east-1' });
    // The alarm the health check watches is made by the primary's workspace, under that name.
    const alarm = (stack('us-east-1')['resource'] as Json)['aws_cloudwatch_metric_alarm']['payment-events-us-east-1-ingestion-latency'];
    expect(alarm).toMatchObject({ alarm_name: 'payments.payment-events-us-east-1-ingestion-latency', metric_name: 'IngestionToInvocationStartLatency', threshold: 30000, treat_missing_data: 'missing' });
    // An idle bus publishes no latency: silence keeps the endpoint where it is.
    expect(check.insufficient_data_health_status).toBe('LastKnownStatus');
  });

  it('keeps the endpoint in its home region, primary there, when another region becomes the primary (promote)', () => {
    const promoted = synthTopology(text.replace('  - { name: us-east-1, account: "111111111111" }\n  - { name: us-west-2, account: "111111111111" }', '  - { name: us-west-2, account: "111111111111" }\n  - { name: us-east-1, account: "111111111111" }').replace('pattern: active-passive', 'pattern: active-passive\nhome: us-east-1'), 'events-promoted');
    const after = promoted.stack('global')['resource'] as Json;
    expect(after['aws_cloudwatch_event_endpoint']).toEqual(global['aws_cloudwatch_event_endpoint']);
    expect(after['aws_route53_health_check']).toEqual(global['aws_route53_health_check']);
  });

  it('has no forwarding rules: the endpoint replicates', () => {
    for (const region of ['us-east-1', 'us-west-2']) expect((stack(region)['resource'] as Json)['aws_cloudwatch_event_rule']).toBeUndefined();
  });
});
