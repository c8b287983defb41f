// Facts from AWS's documentation that no mock and no `terraform validate` can check, as a table: each row cites its
// page and is checked against every example's output. A new fact is a new row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers/examples';
import type { Json } from './helpers/synth';
import { ROOT } from './helpers/cli';

/** How an FIS action may select its targets: by ARN (resource_arns), by tags (resource_tag), or either. */
type TargetModes = 'arns' | 'tags' | 'either';

const FIS_TARGET_MODES: { action: string; modes: TargetModes; page: string }[] = [
  {
    action: 'aws:s3:bucket-pause-replication',
    modes: 'tags',
    // "Targets ... This action only supports targeting by tags."
    page: 'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#bucket-pause-replication',
  },
];

/** Every example's committed output (test/examples.test.ts keeps it equal to a fresh synth). */
function workspaces(example: string): [string, Json][] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'test/golden', example, 'manifest.json'), 'utf8')) as { stacks: Record<string, { workingDirectory: string }> };
  return Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(ROOT, 'test/golden', example, s.workingDirectory, 'cdk.tf.json'), 'utf8')) as Json]);
}

describe('FIS actions select their targets as the FIS actions reference allows', () => {
  for (const fact of FIS_TARGET_MODES) {
    it(`${fact.action}: ${fact.modes === 'tags' ? 'by tags only' : fact.modes === 'arns' ? 'by ARN only' : 'by ARN or tags'} (${fact.page})`, () => {
      let seen = 0;
      for (const example of EXAMPLES) {
        for (const [name, stack] of workspaces(example)) {
          for (const [id, template] of Object.entries((stack['resource']?.['aws_fis_experiment_template'] ?? {}) as Record<string, Json>)) {
            const targets = new Map(((template['target'] ?? []) as Json[]).map((t) => [t['name'] as string, t]));
            for (const action of (template['action'] as Json[]).filter((a) => a['action_id'] === fact.action)) {
              seen++;
              const target = targets.get(action['target']['value'] as string)!;
              const where = `${example}/${name} ${id} ${action['name']}`;
              if (fact.modes === 'tags') {
                expect(target['resource_arns'], where).toBeUndefined();
                expect(target['resource_tag'], where).toEqual([{ key: 'topoform:s3-replication-source', value: expect.any(String) }]);
              }
              if (fact.modes === 'arns') expect(target['resource_tag'], where).toBeUndefined();
            }
          }
        }
      }
      expect(seen, 'the examples use the action').toBeGreaterThan(0);
    });
  }
});

describe('the S3 buckets a replication-pausing drill selects by tag', () => {
  it('are exactly its region\'s buckets that send replication, as its pause actions name their destinations', () => {
    for (const example of EXAMPLES) {
      for (const [name, stack] of workspaces(example)) {
        const buckets = (stack['resource']?.['aws_s3_bucket'] ?? {}) as Record<string, Json>;
        const tagged = Object.values(buckets).filter((b) => b['tags']?.['topoform:s3-replication-source'] !== undefined);
        for (const b of tagged) expect(b['tags']['topoform:s3-replication-source'], `${example}/${name}`).toBe(stack['provider']['aws'][0]['default_tags'][0]['tags']['topoform:topology']);
        // Each pause action's destinations are the other regions' buckets of the tagged stores: every tagged bucket
        // is a source, and every source a drill pauses is tagged.
        for (const template of Object.values((stack['resource']?.['aws_fis_experiment_template'] ?? {}) as Record<string, Json>)) {
          const pauses = (template['action'] as Json[]).filter((a) => a['action_id'] === 'aws:s3:bucket-pause-replication');
          if (pauses.length === 0) continue;
          const stores = new Set(
            pauses.flatMap((a) => String((a['parameter'] as Json[]).find((p) => p['key'] === 'destinationBuckets')!['value']).split(',')).map((d) => d.replace(/-[a-z]{2}(-gov)?-[a-z]+-\d$/, '')),
          );
          expect(new Set(tagged.map((b) => String(b['bucket']).replace(/-[a-z]{2}(-gov)?-[a-z]+-\d$/, ''))), `${example}/${name}`).toEqual(stores);
        }
      }
    }
  });
});

/** Values each API accepts, by pattern: every such value in every example's output must match. */
const VALUE_PATTERNS: { type: string; attribute: string; pattern: RegExp; page: string }[] = [
  {
    type: 'aws_globalaccelerator_endpoint_group',
    attribute: 'health_check_path',
    pattern: /^\/[-a-zA-Z0-9@:%_\\+.~#?&/=]{0,254}$/,
    page: 'https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html',
  },
  {
    type: 'aws_route53_health_check',
    attribute: 'resource_path',
    pattern: /^.{0,255}$/s,
    page: 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html',
  },
];

describe('values in the output match the patterns of the APIs that receive them', () => {
  for (const fact of VALUE_PATTERNS) {
    it(`${fact.type}.${fact.attribute} matches ${fact.pattern} (${fact.page})`, () => {
      let seen = 0;
      for (const example of EXAMPLES) {
        for (const [name, stack] of workspaces(example)) {
          for (const [id, resource] of Object.entries((stack['resource']?.[fact.type] ?? {}) as Record<string, Json>)) {
            if (resource[fact.attribute] === undefined) continue;
            seen++;
            expect(resource[fact.attribute], `${example}/${name} ${fact.type}.${id}`).toMatch(fact.pattern);
          }
        }
      }
      expect(seen, 'the examples set it').toBeGreaterThan(0);
    });
  }
});
