// What a regional outage demands of the generated workspaces, checked on the synthesized JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli';
import { EXAMPLES, synthExample } from './helpers/examples';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function stacks(outdir: string): Map<string, Json> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')) as Json]));
}

describe('outage readiness', () => {
  it('some example keeps its state in S3, so the state-region checks below check something', () => {
    expect(EXAMPLES.some((e) => /backend: s3/.test(readFileSync(join(ROOT, 'examples', e, 'topology.yaml'), 'utf8')))).toBe(true);
  });

  for (const example of EXAMPLES) {
    it(`${example}: no workspace reads another's state, each keeps its state in its own region`, () => {
      const out = stacks(synthExample(example));
      // The primary as the topology says it (the first region), not as any generated file orders things.
      const topology = parse(readFileSync(join(ROOT, 'examples', example, 'topology.yaml'), 'utf8')) as { regions: { name: string; endpoint?: unknown }[]; app?: unknown; routing?: unknown };
      const primary = topology.regions[0]!.name;
      // The one exception: global reads the endpoint outputs of each region whose load balancer app.module makes.
      const moduleEndpoints = topology.app && topology.routing ? topology.regions.filter((r) => !r.endpoint).map((r) => r.name).sort() : [];
      for (const [name, stack] of out) {
        const reads = stack['data']?.['terraform_remote_state'] as Record<string, { backend: string; config: Record<string, unknown> }> | undefined;
        if (name !== 'global' || moduleEndpoints.length === 0) {
          expect(reads, `${name} reads remote state`).toBeUndefined();
        } else {
          expect(Object.keys(reads ?? {}).sort(), 'global reads exactly the module regions').toEqual(moduleEndpoints);
          const backend = (topology as { state?: { backend?: string } }).state?.backend ?? 'local';
          for (const [region, read] of Object.entries(reads!)) {
            // HCP Terraform state is read with the remote backend; its settings are the region's cloud block.
            expect(read.backend).toBe(backend === 'cloud' ? 'remote' : backend);
            // The region workspace's own state: its backend block, nothing else.
            const own = (backend === 'cloud' ? out.get(region)!['terraform']['cloud'] : out.get(region)!['terraform']['backend'][backend]) as Record<string, unknown>;
            if (backend === 'cloud') expect(read.config).toEqual({ organization: own['organization'], hostname: own['hostname'], workspaces: { name: (own['workspaces'] as { name: string }).name } });
            else for (const [k, v] of Object.entries(read.config)) expect(own[k], `${region} remote state ${k}`).toEqual(v);
          }
        }
        // 1.10 for S3 native locking; 1.11 where write-only arguments keep a password out of the state (aurora).
        expect(['>= 1.10', '>= 1.11']).toContain(stack['terraform']['required_version']);
        const kind = (topology as { state?: { backend?: string } }).state?.backend ?? 'local';
        if (kind === 'cloud') {
          // HCP Terraform is outside every AWS region: a workspace of its own per generated workspace, and no backend block.
          expect(stack['terraform']['backend'], `${name} backend`).toBeUndefined();
          expect(stack['terraform']['cloud']['workspaces']['name'], `${name} HCP workspace`).toMatch(new RegExp(`-${name}$`));
          continue;
        }
        const backend = stack['terraform']['backend'] as Record<string, unknown>;
        // The backend the topology asks for, and no other: the checks below must not pass by a backend going missing.
        expect(Object.keys(backend), `${name} backend`).toEqual([kind]);
        const s3 = backend['s3'] as { region: string } | undefined;
        if (s3 && name !== 'global') expect(s3.region).toBe(name);
        if (s3 && name === 'global') expect(s3.region, 'global state outside the primary region').not.toBe(primary);
      }
    });
  }

  it('global reads remote state only in examples with app.module endpoints, and some example does', () => {
    const readers = EXAMPLES.filter((e) => {
      const global = stacks(synthExample(e)).get('global')!;
      return global['data']?.['terraform_remote_state'] !== undefined;
    });
    expect(readers).toEqual(['pilot-light-app', 'warm-standby-app']);
  });

  it('chains failover through every region, each chain record after the records it aliases', () => {
    const global = stacks(synthExample('warm-standby-three-regions')).get('global')!;
    const records = global['resource']['aws_route53_record'] as Json;
    const byName = (n: string) => Object.entries(records).filter(([, r]) => r.name === n);
    const top = byName('ledger.example.org');
    const next = byName('failover-1.ledger.example.org');
    expect(top.map(([id, r]) => [id, r.failover_routing_policy.type, r.set_identifier])).toEqual([
      ['eu-west-1', 'PRIMARY', 'eu-west-1'],
      ['failover-1', 'SECONDARY', 'after-eu-west-1'],
    ]);
    expect(next.map(([id, r]) => [id, r.failover_routing_policy.type])).toEqual([
      ['eu-central-1', 'PRIMARY'],
      ['eu-north-1', 'SECONDARY'],
    ]);
    expect(records['failover-1'].alias).toEqual({ evaluate_target_health: true, name: 'failover-1.ledger.example.org', zone_id: 'Z0123456789ABCDEFGHIJ' });
    expect(records['failover-1'].depends_on).toEqual(['aws_route53_record.eu-central-1', 'aws_route53_record.eu-north-1']);
    for (const [id, r] of [...top, ...next]) {
      if (id.startsWith('failover-')) continue;
      // The example gates its records on ARC routing controls: the check is the region's calculated gate.
      expect(r.health_check_id, id).toBe(`\${aws_route53_health_check.gate_${id}.id}`);
      expect(r.alias.evaluate_target_health).toBe(true);
    }
  });
});
