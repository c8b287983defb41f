// Front doors: Global Accelerator and CloudFront origin failover, on the synthesized JSON of the global workspace.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, topoform } from './helpers/cli';
import { synthTopology, type Json } from './helpers/synth';

const ARN = (region: string, name: string) => `arn:aws:elasticloadbalancing:${region}:111111111111:loadbalancer/app/${name}/0123456789abcdef`;

function topology(pattern: string, regions: string[], routing: string, extraRegion = ''): string {
  return `version: 1
name: front
pattern: ${pattern}
regions:
${regions
  .map(
    (r, i) => `  - name: ${r}
${i > 0 && extraRegion ? `    ${extraRegion}\n` : ''}    endpoint:
      dnsName: front-${i}.${r}.elb.amazonaws.com
      zoneId: Z35SXDOTRQ7X7K
      arn: ${ARN(r, `front-${i}`)}`,
  )
  .join('\n')}
routing:
  domain: api.example.com
  zone: example.com
  healthCheck: { protocol: HTTPS, port: 8443, path: /ready, interval: 30, failureThreshold: 4 }
${routing}
`;
}

const resources = (global: Json) => global['resource'] as Json;
const providerAlias = (ref: string) => ref.replace(/^aws\./, '');

describe('Global Accelerator', () => {
  const active = synthTopology(topology('active-active', ['us-east-1', 'eu-west-1', 'ap-southeast-2'], '  accelerator: { ports: [443, 80, 8081, 8080], clientAffinity: SOURCE_IP }'), 'ga-aa');
  const passive = synthTopology(topology('warm-standby', ['us-east-1', 'us-east-2', 'eu-west-1'], '  accelerator: {}', 'capacity: 50'), 'ga-ws');
  const res = resources(active.stack('global'));

  it('one accelerator, IPv4, enabled, flow logs to its bucket under a prefix, through the us-west-2 provider', () => {
    const acc = res['aws_globalaccelerator_accelerator']['accelerator'];
    expect(acc).toMatchObject({ ip_address_type: 'IPV4', enabled: true, name: 'front' });
    expect(acc.attributes).toEqual({ flow_logs_enabled: true, flow_logs_s3_bucket: 'front-ga-flow-logs-us-west-2', flow_logs_s3_prefix: 'flow-logs/' });
    expect(providerAlias(acc.provider)).toBe('us_west_2');
    const providers = active.stack('global')['provider']['aws'] as Json[];
    expect(providers.find((p) => p['alias'] === 'us_west_2')?.['region']).toBe('us-west-2');
  });

  it('a listener for the ports, protocol and client affinity', () => {
    const listener = res['aws_globalaccelerator_listener']['accelerator'];
    expect(listener).toMatchObject({ protocol: 'TCP', client_affinity: 'SOURCE_IP', accelerator_arn: '${aws_globalaccelerator_accelerator.accelerator.id}' });
    // Consecutive ports share a range.
    expect(listener.port_range).toEqual([{ from_port: 80, to_port: 80 }, { from_port: 443, to_port: 443 }, { from_port: 8080, to_port: 8081 }]);
  });

  it('one endpoint group per region: its load balancer by ARN, client IP preserved, the health check of routing.healthCheck', () => {
    const groups = res['aws_globalaccelerator_endpoint_group'] as Json;
    expect(Object.keys(groups).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
    ['us-east-1', 'eu-west-1', 'ap-southeast-2'].forEach((region, i) => {
      const g = groups[region];
      expect(g).toMatchObject({
        endpoint_group_region: region,
        listener_arn: '${aws_globalaccelerator_listener.accelerator.id}',
        health_check_protocol: 'HTTPS',
        health_check_port: 8443,
        health_check_path: '/ready',
        health_check_interval_seconds: 30,
        threshold_count: 4,
      });
      expect(g.endpoint_configuration).toEqual([{ endpoint_id: ARN(region, `front-${i}`), client_ip_preservation_enabled: true, weight: 128 }]);
      expect(providerAlias(g.provider)).toBe('us_west_2');
    });
  });

  it('traffic dials: 100 everywhere under active-active', () => {
    const groups = res['aws_globalaccelerator_endpoint_group'] as Json;
    for (const g of Object.values(groups)) expect((g as Json)['traffic_dial_percentage']).toBe(100);
  });

  it('traffic dials: 100 for the primary and 0 for the secondaries under warm-standby', () => {
    const groups = resources(passive.stack('global'))['aws_globalaccelerator_endpoint_group'] as Json;
    expect(groups['us-east-1'].traffic_dial_percentage).toBe(100);
    expect(groups['us-east-2'].traffic_dial_percentage).toBe(0);
    expect(groups['eu-west-1'].traffic_dial_percentage).toBe(0);
  });

  it('flow logs bucket: SSE-KMS with a rotating key of its own that log delivery may use, private, owner-enforced, TLS only, versioned, lifecycle', () => {
    const id = 'accelerator_flow_logs';
    const key = res['aws_kms_key'][id];
    expect(key.enable_key_rotation).toBe(true);
    expect(key.policy).toContain('delivery.logs.amazonaws.com');
    const sse = res['aws_s3_bucket_server_side_encryption_configuration'][id].rule[0];
    expect(sse.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.accelerator_flow_logs.arn}' });
    expect(res['aws_s3_bucket_versioning'][id].versioning_configuration.status).toBe('Enabled');
    expect(res['aws_s3_bucket_public_access_block'][id]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(res['aws_s3_bucket_ownership_controls'][id].rule.object_ownership).toBe('BucketOwnerEnforced');
    const policy = res['aws_s3_bucket_policy'][id].policy as string;
    expect(policy).toContain('"aws:SecureTransport" = "false"');
    expect(policy).toContain('"Sid" = "AWSLogDeliveryWrite"');
    expect(policy).toContain('"Sid" = "AWSLogDeliveryAclCheck"');
    expect(policy).toContain('/flow-logs/AWSLogs/${data.aws_caller_identity.current.account_id}/*');
    expect(res['aws_s3_bucket_lifecycle_configuration'][id].rule.map((r: Json) => r['id'])).toContain('expire-flow-logs');
    for (const type of ['aws_kms_key', 'aws_s3_bucket', 'aws_s3_bucket_policy']) expect(providerAlias(res[type][id].provider), type).toBe('us_west_2');
    // The accelerator turns flow logs on once the bucket lets it write.
    expect(res['aws_globalaccelerator_accelerator']['accelerator'].depends_on).toContain('aws_s3_bucket_policy.accelerator_flow_logs');
  });

  it('the domain is an A alias of the accelerator (IPv4: no AAAA), and no policy record is at the domain', () => {
    const records = res['aws_route53_record'] as Json;
    const atDomain = Object.entries(records).filter(([, r]) => (r as Json)['name'] === 'api.example.com');
    expect(atDomain.map(([name]) => name)).toEqual(['front_door_a']);
    expect(records['front_door_a']).toMatchObject({
      type: 'A',
      alias: { name: '${aws_globalaccelerator_accelerator.accelerator.dns_name}', zone_id: '${aws_globalaccelerator_accelerator.accelerator.hosted_zone_id}' },
    });
    expect(Object.values(records).some((r) => (r as Json)['set_identifier'] !== undefined)).toBe(false);
  });

  it('per-region Route 53 health checks stay', () => {
    expect(Object.keys(res['aws_route53_health_check']).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });
});

describe('CloudFront origin failover', () => {
  const out = synthTopology(topology('active-passive', ['us-east-1', 'eu-west-1', 'us-west-2'], '  cdn: { failoverStatusCodes: [503, 500, 404] }'), 'cdn');
  const res = resources(out.stack('global'));
  const dist = res['aws_cloudfront_distribution']['cdn'];

  it('an origin per region, HTTPS only with TLS 1.2', () => {
    expect(dist.origin.map((o: Json) => [o['origin_id'], o['domain_name']])).toEqual([
      ['us-east-1', 'front-0.us-east-1.elb.amazonaws.com'],
      ['eu-west-1', 'front-1.eu-west-1.elb.amazonaws.com'],
      ['us-west-2', 'front-2.us-west-2.elb.amazonaws.com'],
    ]);
    for (const o of dist.origin) expect(o.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] });
  });

  it('an origin group of the first two regions in failover order, failing over on failoverStatusCodes', () => {
    expect(dist.origin_group).toEqual([
      { origin_id: 'failover', failover_criteria: { status_codes: [404, 500, 503] }, member: [{ origin_id: 'us-east-1' }, { origin_id: 'eu-west-1' }] },
    ]);
    expect(dist.default_cache_behavior.target_origin_id).toBe('failover');
  });

  it('viewers: HTTPS only, TLSv1.2_2021, SNI, the validated certificate, HTTP/2 and 3, caching off, HSTS', () => {
    const b = dist.default_cache_behavior;
    expect(b.viewer_protocol_policy).toBe('redirect-to-https');
    expect(b.allowed_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(b.cache_policy_id).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(dist.viewer_certificate).toEqual({
      acm_certificate_arn: '${aws_acm_certificate_validation.cdn.certificate_arn}',
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(dist).toMatchObject({ aliases: ['api.example.com'], http_version: 'http2and3', price_class: 'PriceClass_All', is_ipv6_enabled: true, enabled: true });
    const hsts = res['aws_cloudfront_response_headers_policy']['cdn'].security_headers_config.strict_transport_security;
    expect(hsts.access_control_max_age_sec).toBeGreaterThanOrEqual(31536000);
    expect(b.response_headers_policy_id).toBe('${aws_cloudfront_response_headers_policy.cdn.id}');
  });

  it('the certificate is for the domain, in us-east-1, validated by a record in the zone', () => {
    const cert = res['aws_acm_certificate']['cdn'];
    expect(cert).toMatchObject({ domain_name: 'api.example.com', validation_method: 'DNS' });
    expect(providerAlias(cert.provider)).toBe('us_east_1');
    expect(res['aws_acm_certificate_validation']['cdn'].validation_record_fqdns).toEqual(['${aws_route53_record.cdn_certificate_validation.fqdn}']);
    expect(res['aws_route53_record']['cdn_certificate_validation'].zone_id).toBe('${data.aws_route53_zone.zone.zone_id}');
  });

  it('the domain is an A and AAAA alias of the distribution, and no failover record is at the domain', () => {
    const records = res['aws_route53_record'] as Json;
    const atDomain = Object.entries(records).filter(([, r]) => (r as Json)['name'] === 'api.example.com');
    expect(atDomain.map(([name]) => name).sort()).toEqual(['front_door_a', 'front_door_aaaa']);
    for (const [, r] of atDomain) {
      expect((r as Json)['alias']).toMatchObject({ name: '${aws_cloudfront_distribution.cdn.domain_name}', zone_id: '${aws_cloudfront_distribution.cdn.hosted_zone_id}' });
    }
    expect(Object.values(records).some((r) => (r as Json)['failover_routing_policy'] !== undefined)).toBe(false);
    expect(Object.keys(res['aws_route53_health_check']).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });
});

describe('front door rules', () => {
  const validate = (text: string) => {
    const dir = synthDir(text);
    return topoform(['validate', 'topology.yaml'], { cwd: dir });
  };

  it('TOPO3080: accelerator and cdn together are refused at routing.cdn', () => {
    const r = validate(topology('active-active', ['us-east-1', 'us-east-2'], '  accelerator: {}\n  cdn: {}'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/:\d+:3: error TOPO3080 routing sets both accelerator and cdn/);
    expect(r.stderr).toContain('CloudFront in front of Global Accelerator is not compiled; choose one');
  });

  it('TOPO3081: accelerator without a load balancer ARN is refused at the endpoint', () => {
    const r = validate(topology('active-active', ['us-east-1', 'us-east-2'], '  accelerator: {}').replace(/\n\s+arn: \S+front-0\/\S+/, ''));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error TOPO3081 routing.accelerator needs the ARN of us-east-1's load balancer/);
    expect(r.stderr).not.toMatch(/us-east-2's load balancer/);
  });

  it('TOPO3024: a policy and its map behind a front door are reported as having no effect', () => {
    const text = topology('active-active', ['us-east-1', 'us-east-2'], '  policy: weighted\n  weights: { us-east-1: 1, us-east-2: 1 }\n  cdn: {}');
    const r = validate(text);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning TOPO3024 routing.policy has no effect: with routing.cdn, api.example.com is an alias of CloudFront/);
    expect(r.stderr).toMatch(/warning TOPO3024 routing.weights has no effect/);
    expect(validate(text.replace('  cdn: {}\n', '')).stderr).not.toContain('TOPO3024');
  });

  it('the examples are compiled, not refused', () => {
    for (const e of ['active-active-accelerator', 'active-passive-cdn']) {
      const r = topoform(['validate', join('examples', e, 'topology.yaml')]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('TOPO4001');
    }
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/routing\.accelerator.*\| compiled \|/);
  });
});

function synthDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'topoform-front-rule-'));
  writeFileSync(join(dir, 'topology.yaml'), text);
  return dir;
}
