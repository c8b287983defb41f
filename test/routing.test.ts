// Route 53 records for every policy, and ARC routing controls, checked on the synthesized global workspace.
import { describe, expect, it } from 'vitest';
import { topoform } from './helpers/cli';
import { EXAMPLES, synthExample } from './helpers/examples';
import { synthTopology, topologyDir, type Json } from './helpers/synth';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs the CLI on a topology written to a fresh folder. */
function run(command: 'validate' | 'synth', text: string) {
  return topoform([command, 'topology.yaml'], { cwd: topologyDir(text, 'routing') });
}

const REGIONS = {
  'us-east-1': 'endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }',
  'us-east-2': 'endpoint: { dnsName: b.us-east-2.elb.amazonaws.com, zoneId: Z3AADJGX6KTTL2 }',
  'us-west-2': 'endpoint: { dnsName: c.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }',
};

function topology(pattern: string, routing: string, regions: (keyof typeof REGIONS)[] = ['us-east-1', 'us-west-2']): string {
  return `version: 1
name: shop
pattern: ${pattern}
regions:
${regions.map((r) => `  - name: ${r}\n    ${REGIONS[r]}\n${pattern === 'partitioned' ? `    jurisdiction: j${r.replace(/-/g, '')}\n` : ''}`).join('')}routing:
  domain: shop.example.com
  zone: example.com
${routing}`;
}

function records(global: Json): [string, Json][] {
  return Object.entries((global['resource']['aws_route53_record'] ?? {}) as Json);
}

function global(text: string): Json {
  return synthTopology(text, 'routing').stack('global');
}

describe('Route 53 routing policies', () => {
  it('latency: one alias record per region, on its health check, answering for the region it is in', () => {
    const g = global(topology('active-active', ''));
    expect(records(g).map(([id, r]) => [id, r.name, r.set_identifier, r.latency_routing_policy, r.health_check_id])).toEqual([
      ['us-east-1', 'shop.example.com', 'us-east-1', { region: 'us-east-1' }, '${aws_route53_health_check.us-east-1.id}'],
      ['us-west-2', 'shop.example.com', 'us-west-2', { region: 'us-west-2' }, '${aws_route53_health_check.us-west-2.id}'],
    ]);
    expect(records(g).every(([, r]) => r.alias.evaluate_target_health === true && r.alias.name.endsWith('.elb.amazonaws.com'))).toBe(true);
  });

  it('weighted: each region its weight; a region of weight 0 still has a record, for when the others fail', () => {
    const g = global(topology('active-passive', '  policy: weighted\n  weights: { us-east-1: 100, us-west-2: 0 }\n'));
    expect(records(g).map(([id, r]) => [id, r.weighted_routing_policy])).toEqual([
      ['us-east-1', { weight: 100 }],
      ['us-west-2', { weight: 0 }],
    ]);
  });

  it('geolocation: a record per location; continents, countries, subdivisions and the "*" default', () => {
    const g = global(
      topology('partitioned', '  geolocation:\n    us-east-1: [NA, SA, "*"]\n    us-west-2: [US-CA, DE]\n'),
    );
    const byId = Object.fromEntries(records(g).map(([id, r]) => [id, [r.set_identifier, r.geolocation_routing_policy, r.alias.name]]));
    expect(byId).toEqual({
      'us-east-1_na': ['us-east-1-na', { continent: 'NA' }, 'a.us-east-1.elb.amazonaws.com'],
      'us-east-1_sa': ['us-east-1-sa', { continent: 'SA' }, 'a.us-east-1.elb.amazonaws.com'],
      'us-east-1_default': ['us-east-1-default', { country: '*' }, 'a.us-east-1.elb.amazonaws.com'],
      'us-west-2_us-ca': ['us-west-2-us-ca', { country: 'US', subdivision: 'CA' }, 'c.us-west-2.elb.amazonaws.com'],
      'us-west-2_de': ['us-west-2-de', { country: 'DE' }, 'c.us-west-2.elb.amazonaws.com'],
    });
  });

  it('a policy the pattern does not route with is an error with a hint', () => {
    const r = run('validate', topology('active-active', '  policy: failover\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO3017 routing policy failover does not fit pattern active-active');
    expect(r.stderr).toContain('hint: active-active routes with latency or geolocation or weighted');
  });
});

describe('Route 53 Application Recovery Controller', () => {
  const g = global(topology('active-passive', '  recoveryControl: true\n', ['us-east-1', 'us-east-2', 'us-west-2']));
  const res = g['resource'];

  it('a cluster, a control panel and a routing control per region, through the us-west-2 API', () => {
    expect(Object.keys(res['aws_route53recoverycontrolconfig_routing_control'])).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    for (const type of ['cluster', 'control_panel', 'routing_control', 'safety_rule']) {
      for (const r of Object.values(res[`aws_route53recoverycontrolconfig_${type}`] as Json)) expect(r.provider).toBe('aws.us_west_2');
    }
    const west = (g['provider']['aws'] as Json[]).find((p) => p.alias === 'us_west_2');
    expect(west?.region).toBe('us-west-2');
  });

  it('a safety rule keeps at least one region on', () => {
    const rules = Object.values(res['aws_route53recoverycontrolconfig_safety_rule'] as Json);
    expect(rules).toHaveLength(1);
    expect(rules[0].rule_config).toEqual({ type: 'ATLEAST', threshold: 1, inverted: false });
    expect(rules[0].asserted_controls).toEqual(['us-east-1', 'us-east-2', 'us-west-2'].map((r) => `\${aws_route53recoverycontrolconfig_routing_control.${r}.arn}`));
  });

  it("each region's records need both its endpoint check and its routing control", () => {
    const checks = res['aws_route53_health_check'] as Json;
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2']) {
      expect(checks[`control_${region}`]).toMatchObject({ type: 'RECOVERY_CONTROL', routing_control_arn: `\${aws_route53recoverycontrolconfig_routing_control.${region}.arn}` });
      expect(checks[`gate_${region}`]).toMatchObject({
        type: 'CALCULATED',
        child_health_threshold: 2,
        child_healthchecks: [`\${aws_route53_health_check.${region}.id}`, `\${aws_route53_health_check.control_${region}.id}`],
      });
    }
    const regional = records(g).filter(([id]) => !id.startsWith('failover-'));
    expect(regional.map(([id]) => id)).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    for (const [id, r] of regional) expect(r.health_check_id, id).toBe(`\${aws_route53_health_check.gate_${id}.id}`);
  });

  it('outputs the routing control ARNs and cluster endpoints an operator flips them with, and synth says what ARC costs', () => {
    expect(Object.keys(g['output'])).toEqual(['health_check_ids', 'recovery_cluster_endpoints', 'routing_control_arns']);
    // The runbook asks Route 53 for each region's health by these ids: the endpoint checks, not the ARC gates.
    expect(g['output']['health_check_ids'].value).toEqual({
      'us-east-1': '${aws_route53_health_check.us-east-1.id}',
      'us-east-2': '${aws_route53_health_check.us-east-2.id}',
      'us-west-2': '${aws_route53_health_check.us-west-2.id}',
    });
    const r = run('synth', topology('active-passive', '  recoveryControl: true\n'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Route 53 ARC: the cluster costs $2.50 an hour, about $1,825 a month, whether');
    expect(r.stdout).toContain('ARC creates routing controls Off');
  });
});

describe('every routed record in the examples', () => {
  for (const example of EXAMPLES) {
    const text = readFileSync(join('examples', example, 'topology.yaml'), 'utf8');
    if (!/^routing:/m.test(text)) continue;
    it(`${example}: has a health check or evaluates its target's health, and non-alias records have a TTL of at most 60`, () => {
      const out = synthExample(example);
      const g = JSON.parse(readFileSync(join(out, 'stacks/global/cdk.tf.json'), 'utf8')) as Json;
      const routed = records(g).filter(([, r]) => r.set_identifier !== undefined);
      // A front door (Global Accelerator, CloudFront) holds the domain instead of routed records.
      if (!/^  (accelerator|cdn):/m.test(text)) expect(routed.length).toBeGreaterThan(0);
      for (const [id, r] of routed) {
        expect(r.health_check_id !== undefined || r.alias?.evaluate_target_health === true, id).toBe(true);
        if (!r.alias) expect(r.ttl, id).toBeLessThanOrEqual(60);
      }
    });
  }
});
