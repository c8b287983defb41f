// Facts from AWS's documentation that no mock and no `terraform validate` can check, as a table: each row cites its
// page and is checked against every example's output. A new fact is a new row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers/examples';
import type { Json } from './helpers/synth';
import { ROOT } from './helpers/cli';
import { FIS_ACTIONS, S3_REPLICATION_SOURCE_TAG } from '../src/model/drills';

/** How an FIS action may select its targets: by ARN (resource_arns), by tags (resource_tag), either, or none at all. */
type TargetModes = 'arns' | 'tags' | 'either' | 'none';

const FIS_ACTIONS_REFERENCE = 'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html';
/** The Cross-Region: Connectivity scenario's template names each action's target key (Subnets, Tables, Buckets). */
const CROSS_REGION_SCENARIO = 'https://docs.aws.amazon.com/fis/latest/userguide/cross-region-scenario.html';
/** Targets: one resource type each; not both ARNs and tags (or filters); selection modes. */
const FIS_TARGETS = 'https://docs.aws.amazon.com/fis/latest/userguide/targets.html';

/**
 * Every FIS action the drills use, as the FIS actions reference describes it: the resource type its target must be
 * (`undefined`: "Resource type: None", so the action takes no target), the key the action names its target by, how the
 * target may select, and its parameters. An action in the output without a row fails the test below.
 */
const FIS_ACTION_FACTS: {
  action: string;
  resourceType: string | undefined;
  targetKey?: string;
  modes: TargetModes;
  required: string[];
  optional: string[];
  /** Parameters that are ISO 8601 durations FIS takes from one minute to 12 hours. */
  durations: string[];
  page: string;
  quote: string;
}[] = [
  {
    action: 'aws:network:route-table-disrupt-cross-region-connectivity',
    resourceType: 'aws:ec2:subnet',
    targetKey: 'Subnets',
    modes: 'either',
    required: ['region', 'duration'],
    optional: [],
    durations: ['duration'],
    page: `${FIS_ACTIONS_REFERENCE}#route-table-disrupt-cross-region-connectivity`,
    quote: 'Resource type: aws:ec2:subnet. Parameters: region – The code of the Region to isolate (for example, eu-west-1). duration – The length of time the action lasts.',
  },
  {
    action: 'aws:dynamodb:global-table-pause-replication',
    resourceType: 'aws:dynamodb:global-table',
    targetKey: 'Tables',
    modes: 'either',
    required: ['duration'],
    optional: [],
    durations: ['duration'],
    page: `${FIS_ACTIONS_REFERENCE}#dynamodb-actions-reference`,
    quote: 'Resource type: aws:dynamodb:global-table. Parameters: duration – In the AWS FIS API, the value is a string in ISO 8601 format.',
  },
  {
    action: 'aws:s3:bucket-pause-replication',
    resourceType: 'aws:s3:bucket',
    targetKey: 'Buckets',
    modes: 'tags',
    required: ['duration', 'region'],
    optional: ['destinationBuckets', 'prefixes'],
    durations: ['duration'],
    page: `${FIS_ACTIONS_REFERENCE}#bucket-pause-replication`,
    quote: 'This action only supports targeting by tags. Resource type: aws:s3:bucket. Parameters: duration, region – The AWS region where destination buckets are located, destinationBuckets – Optional, prefixes – Optional.',
  },
  {
    action: 'aws:ssm:start-automation-execution',
    resourceType: undefined,
    modes: 'none',
    required: ['documentArn', 'maxDuration'],
    // documentParameters is "Conditional": required when the document has required parameters (ours: its role).
    optional: ['documentVersion', 'documentParameters'],
    durations: ['maxDuration'],
    page: `${FIS_ACTIONS_REFERENCE}#ssm-start-automation-execution`,
    quote: 'Resource type: None. Parameters: documentArn, documentVersion – Optional, documentParameters – Conditional, maxDuration – from one minute to 12 hours.',
  },
];

/**
 * The resource types the drills target (targets page, "Resource types"): the ARN of one in the experiment's region
 * (FIS acts on resources of the region the experiment runs in: "This action targets subnets in the experiment
 * Region", cross-region-scenario page), and the Terraform type that creates one here when topoform does (subnets are
 * the user's).
 */
const FIS_RESOURCE_TYPES: Record<string, { arn: (region: string) => RegExp; terraform?: string }> = {
  'aws:ec2:subnet': { arn: (r) => new RegExp(`^arn:aws(-[a-z]+)*:ec2:${r}:(\\d{12}|\\$\\{[^}]+\\}):subnet/subnet-[0-9a-z]+$`) },
  'aws:dynamodb:global-table': { arn: (r) => new RegExp(`^arn:aws(-[a-z]+)*:dynamodb:${r}:(\\d{12}|\\$\\{[^}]+\\}):table/[a-zA-Z0-9_.-]{3,255}$`), terraform: 'aws_dynamodb_table' },
  'aws:s3:bucket': { arn: () => /^arn:aws(-[a-z]+)*:s3:::[a-z0-9.-]{3,63}$/, terraform: 'aws_s3_bucket' },
};

/** `ALL`, `COUNT(n)` or `PERCENT(n)` (targets page, "Selection mode"). */
const SELECTION_MODE = /^(ALL|COUNT\([1-9]\d*\)|PERCENT\(([1-9]\d?|100)\))$/;

/** An ISO 8601 duration as FIS takes it (PT1M to PT12H), in seconds; NaN when it is not one. */
function isoSeconds(text: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(text);
  if (!m || text === 'PT') return Number.NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Every example's committed output (test/examples.test.ts keeps it equal to a fresh synth). */
function workspaces(example: string): [string, Json][] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'test/golden', example, 'manifest.json'), 'utf8')) as { stacks: Record<string, { workingDirectory: string }> };
  return Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(ROOT, 'test/golden', example, s.workingDirectory, 'cdk.tf.json'), 'utf8')) as Json]);
}

/** Every FIS experiment template of every example's output, with the workspace's region and default tags. */
function experimentTemplates(): { where: string; region: string; stack: Json; template: Json }[] {
  const out: { where: string; region: string; stack: Json; template: Json }[] = [];
  for (const example of EXAMPLES) {
    for (const [name, stack] of workspaces(example)) {
      for (const [id, template] of Object.entries((stack['resource']?.['aws_fis_experiment_template'] ?? {}) as Record<string, Json>)) {
        out.push({ where: `${example}/${name} ${id}`, region: stack['provider']['aws'][0]['region'] as string, stack, template });
      }
    }
  }
  return out;
}

describe('FIS actions take the targets and parameters the FIS actions reference gives them', () => {
  const templates = experimentTemplates();

  it(`every action the output uses has a row in FIS_ACTION_FACTS (${FIS_ACTIONS_REFERENCE})`, () => {
    expect(templates.length, 'the examples define drills').toBeGreaterThan(0);
    const used = new Set(templates.flatMap((t) => (t.template['action'] as Json[]).map((a) => a['action_id'] as string)));
    expect([...used].filter((a) => !FIS_ACTION_FACTS.some((f) => f.action === a))).toEqual([]);
    // And every action the drills builder can emit (src/model/drills.ts), whether an example uses it or not.
    expect(Object.values(FIS_ACTIONS).filter((a) => !FIS_ACTION_FACTS.some((f) => f.action === a))).toEqual([]);
  });

  for (const fact of FIS_ACTION_FACTS) {
    const how = { tags: 'by tags only', arns: 'by ARN only', either: 'by ARN or tags', none: 'with no target' }[fact.modes];
    it(`${fact.action}: targets ${fact.resourceType ?? 'nothing'} ${how}; parameters ${fact.required.join(', ')} (${fact.page})`, () => {
      let seen = 0;
      for (const { where: at, region, template } of templates) {
        const targets = new Map(((template['target'] ?? []) as Json[]).map((t) => [t['name'] as string, t]));
        for (const action of (template['action'] as Json[]).filter((a) => a['action_id'] === fact.action)) {
          seen++;
          const where = `${at} ${action['name']}`;
          const parameters = new Map(((action['parameter'] ?? []) as Json[]).map((p) => [p['key'] as string, p['value'] as string]));
          for (const key of fact.required) expect(parameters.has(key), `${where}: required parameter ${key}`).toBe(true);
          for (const key of parameters.keys()) expect([...fact.required, ...fact.optional], `${where}: parameter ${key}`).toContain(key);
          for (const key of fact.durations) {
            const seconds = isoSeconds(parameters.get(key)!);
            expect(seconds >= 60 && seconds <= 12 * 3600, `${where}: ${key} ${parameters.get(key)} is from PT1M to PT12H`).toBe(true);
          }
          // "The code of the Region to isolate" / "where destination buckets are located": another region.
          if (parameters.has('region')) {
            expect(parameters.get('region'), where).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
            expect(parameters.get('region'), where).not.toBe(region);
          }
          if (fact.resourceType === undefined) {
            expect(action['target'], `${where}: "Resource type: None"`).toBeUndefined();
            continue;
          }
          expect(action['target']?.['key'], `${where}: the target key of ${CROSS_REGION_SCENARIO}'s template`).toBe(fact.targetKey);
          const target = targets.get(action['target']['value'] as string);
          expect(target, `${where}: its target is defined`).toBeDefined();
          expect(target!['resource_type'], where).toBe(fact.resourceType);
          if (fact.modes === 'tags') {
            expect(target!['resource_arns'], where).toBeUndefined();
            expect(target!['resource_tag'], where).toEqual(expect.arrayContaining([{ key: expect.any(String), value: expect.any(String) }]));
          }
          if (fact.modes === 'arns') expect(target!['resource_tag'], where).toBeUndefined();
        }
      }
      expect(seen, 'the examples use the action').toBeGreaterThan(0);
    });
  }
});

describe(`FIS targets are as the targets page defines them (${FIS_TARGETS})`, () => {
  it('one resource type each, a selection mode of ALL, COUNT(n) or PERCENT(n), and ARNs or tags, never both (nor ARNs with filters)', () => {
    let seen = 0;
    for (const { where, template } of experimentTemplates()) {
      for (const target of (template['target'] ?? []) as Json[]) {
        seen++;
        const at = `${where} target ${target['name']}`;
        expect(Object.keys(FIS_RESOURCE_TYPES), at).toContain(target['resource_type']);
        expect(target['selection_mode'], at).toMatch(SELECTION_MODE);
        const arns = (target['resource_arns'] ?? []) as string[];
        const tags = (target['resource_tag'] ?? []) as Json[];
        expect(arns.length > 0 !== tags.length > 0, `${at}: "You can't specify both a resource ID and a resource tag for the same target."`).toBe(true);
        if (arns.length > 0) expect(target['filter'], `${at}: "You can't specify both a resource ID and a resource filter"`).toBeUndefined();
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("a target's ARNs are resources of its type in the experiment's region", () => {
    let seen = 0;
    for (const { where, region, template } of experimentTemplates()) {
      for (const target of (template['target'] ?? []) as Json[]) {
        for (const arn of (target['resource_arns'] ?? []) as string[]) {
          seen++;
          expect(arn, `${where} target ${target['name']}`).toMatch(FIS_RESOURCE_TYPES[target['resource_type'] as string]!.arn(region));
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("a target's tags select at least one resource of its type that the same workspace creates (the templates fail on an empty target)", () => {
    let seen = 0;
    for (const { where, stack, template } of experimentTemplates()) {
      expect(template['experiment_options']?.['empty_target_resolution_mode'], where).toBe('fail');
      const defaults = (stack['provider']['aws'][0]['default_tags']?.[0]?.['tags'] ?? {}) as Record<string, string>;
      for (const target of (template['target'] ?? []) as Json[]) {
        const tags = (target['resource_tag'] ?? []) as { key: string; value: string }[];
        if (tags.length === 0) continue;
        seen++;
        const terraform = FIS_RESOURCE_TYPES[target['resource_type'] as string]!.terraform;
        expect(terraform, `${where}: topoform creates what ${target['name']} selects by tag`).toBeDefined();
        const resources = Object.values((stack['resource']?.[terraform!] ?? {}) as Record<string, Json>);
        const selected = resources.filter((r) => tags.every((t) => ({ ...defaults, ...(r['tags'] ?? {}) })[t.key] === t.value));
        expect(selected.length, `${where} target ${target['name']} selects by ${JSON.stringify(tags)}`).toBeGreaterThan(0);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('the S3 buckets a replication-pausing drill selects by tag', () => {
  it('are exactly its region\'s buckets that send replication, as its pause actions name their destinations', () => {
    for (const example of EXAMPLES) {
      for (const [name, stack] of workspaces(example)) {
        const buckets = (stack['resource']?.['aws_s3_bucket'] ?? {}) as Record<string, Json>;
        const tagged = Object.values(buckets).filter((b) => b['tags']?.[S3_REPLICATION_SOURCE_TAG] !== undefined);
        for (const b of tagged) expect(b['tags'][S3_REPLICATION_SOURCE_TAG], `${example}/${name}`).toBe(stack['provider']['aws'][0]['default_tags'][0]['tags']['topoform:topology']);
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

/**
 * Where each service publishes the replication metric an alarm watches: an alarm in any other region never sees a
 * datapoint, and with missing data not breaching it never fires, which no mock and no plan can show. Each row: the
 * metric, the dimension that names the bucket or region that must be the workspace's own, and the page.
 */
const METRIC_REGIONS: { namespace: string; metric: string; home: (dimensions: Record<string, string>, region: string) => boolean; page: string; says: string }[] = [
  {
    namespace: 'AWS/S3',
    metric: 'ReplicationLatency',
    home: (d, region) => d['DestinationBucket']!.endsWith(`-${region}`),
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html',
    says: 'This metric is published in the Region of the destination bucket.',
  },
  {
    namespace: 'AWS/S3',
    metric: 'OperationsPendingReplication',
    home: (d, region) => d['DestinationBucket']!.endsWith(`-${region}`),
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html',
    says: 'This metric is published in the Region of the destination bucket.',
  },
  {
    namespace: 'AWS/DynamoDB',
    metric: 'ReplicationLatency',
    // Published by the replica that sends, per ReceivingRegion: never the workspace's own region.
    home: (d, region) => d['ReceivingRegion'] === undefined || d['ReceivingRegion'] !== region,
    page: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_monitoring.html',
    says: 'ReplicationLatency: the elapsed time between an updated item appearing in the stream of one replica and in another (dimension ReceivingRegion)',
  },
];

describe('replication alarms live in the region where AWS publishes their metric', () => {
  for (const fact of METRIC_REGIONS) {
    it(`${fact.namespace} ${fact.metric}: "${fact.says}" (${fact.page})`, () => {
      let seen = 0;
      for (const example of EXAMPLES) {
        for (const [name, stack] of workspaces(example)) {
          const region = stack['provider']['aws'][0]['region'] as string;
          for (const [id, alarm] of Object.entries((stack['resource']?.['aws_cloudwatch_metric_alarm'] ?? {}) as Record<string, Json>)) {
            // A plain alarm names its dimensions; a Metrics Insights one its WHERE clause (`<dimension> = '<value>'`).
            const query = ((alarm['metric_query'] ?? []) as Json[]).map((q) => String(q['expression'] ?? '')).find((e) => e.startsWith('SELECT'));
            const plain = alarm['namespace'] === fact.namespace && alarm['metric_name'] === fact.metric;
            const queried = query !== undefined && query.includes(`MAX(${fact.metric}) FROM SCHEMA("${fact.namespace}"`);
            if (!plain && !queried) continue;
            seen++;
            const dimensions = plain ? (alarm['dimensions'] as Record<string, string>) : Object.fromEntries([/WHERE (\w+) = '([^']+)'$/.exec(query!)!.slice(1, 3) as [string, string]]);
            expect(fact.home(dimensions, region), `${example}/${name} ${id} in ${region}: ${JSON.stringify(dimensions)}`).toBe(true);
          }
        }
      }
      expect(seen, 'the examples alarm on the metric').toBeGreaterThan(0);
    });
  }
});
