// Terraform version constraints (`~> 6.25`, `>= 1.10, < 2.0`): what a workspace's `required_version` and its
// hashicorp/aws constraint admit, what the output needs of each, and the same range in node-semver's syntax for the
// pipelines' setup-terraform. No cdktf: validate, check and the pipelines read this.
import type { Topology } from './types';

/** Major, minor, patch. */
export type Version = readonly [number, number, number];

interface Term {
  op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  version: Version;
  /** How many parts were written (`~> 6` is 1, `~> 6.25` is 2, `~> 6.25.0` is 3). */
  parts: number;
  /** As written (`6.25`), for the semver form. */
  text: string;
}

/** The grammar the schema admits (schema/topology.schema.json, terraform.*): Terraform's, without prereleases. */
const TERM = /^\s*(=|!=|>=|<=|>|<|~>)?\s*([0-9]+(?:\.[0-9]+){0,2})\s*$/;

/** The terms of a constraint, or undefined when it is not one (the schema refuses those first). */
export function parseConstraint(text: string): Term[] | undefined {
  const terms: Term[] = [];
  for (const part of text.split(',')) {
    const m = TERM.exec(part);
    if (!m) return undefined;
    const nums = m[2]!.split('.').map(Number);
    terms.push({ op: (m[1] ?? '=') as Term['op'], version: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length, text: m[2]! });
  }
  return terms;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: Version): string {
  return v.join('.');
}

const next = (v: Version): Version => [v[0], v[1], v[2] + 1];

/** `~> 6` and `~> 6.25` admit every later 6.x; `~> 6.25.1` every later 6.25.x. The first version it no longer admits. */
function pessimisticLimit(t: Term): Version {
  return t.parts === 3 ? [t.version[0], t.version[1] + 1, 0] : [t.version[0] + 1, 0, 0];
}

/**
 * The lowest version a constraint admits, or undefined when it admits none (`>= 6.3, < 6.0`). Terraform picks the
 * newest admitted version, but a lock file, a mirror or an older CI image can hold the lowest: what it lacks decides.
 */
export function lowestAdmitted(text: string): Version | undefined {
  const terms = parseConstraint(text);
  if (!terms) return undefined;
  let low: Version = [0, 0, 0];
  let limit: Version | undefined; // the first version not admitted from above
  const raise = (v: Version) => (low = compareVersions(v, low) > 0 ? v : low);
  const cap = (v: Version) => (limit = limit === undefined || compareVersions(v, limit) < 0 ? v : limit);
  for (const t of terms) {
    if (t.op === '>=' || t.op === '=') raise(t.version);
    if (t.op === '>') raise(next(t.version));
    if (t.op === '~>') raise(t.version), cap(pessimisticLimit(t));
    if (t.op === '<') cap(t.version);
    if (t.op === '<=' || t.op === '=') cap(next(t.version));
  }
  const excluded = terms.filter((t) => t.op === '!=').map((t) => formatVersion(t.version));
  while (excluded.includes(formatVersion(low))) low = next(low);
  return limit !== undefined && compareVersions(low, limit) >= 0 ? undefined : low;
}

/**
 * The same range in node-semver's syntax, which setup-terraform reads (space-separated comparators, `~>` spelled out,
 * no `!=`: the runner may install an excluded version, which `terraform init` then refuses by name).
 */
export function semverRange(text: string): string {
  const terms = parseConstraint(text) ?? [];
  return terms
    .flatMap((t) => {
      if (t.op === '!=') return [];
      if (t.op === '~>') return [`>= ${t.text}`, `< ${formatVersion(pessimisticLimit(t))}`];
      return [t.op === '=' ? t.text : `${t.op} ${t.text}`];
    })
    .join(' ');
}

/** Something the output uses that older versions lack, and where that is said. */
export interface Need {
  /** The first version that has it. */
  since: Version;
  /** What needs it, in words (`for … (the store …)`). */
  what: string;
}

/**
 * What hashicorp/aws must have for this topology's output. The floor, 5.100.0, is the oldest release topoform supports:
 * the last 5.x, which test/terraform.test.ts validates and applies (with mocks) every example's workspaces with;
 * Aurora's write-only arguments (5.88.0) and the rest of the output are older than it. Later additions, each from the
 * provider's CHANGELOG.md (https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md):
 * - 6.3.0 (July 10, 2025): resource/aws_dynamodb_table `replica.consistency_mode` (#43236), multi-Region strong
 *   consistency;
 * - 6.22.0 (November 20, 2025): resource/aws_dynamodb_table `global_table_witness` (#43908), the witness of a
 *   strongly consistent table.
 */
export function awsProviderNeeds(t: Topology): Need[] {
  const needs: Need[] = [{ since: [5, 100, 0], what: 'for any output (the oldest release topoform supports and tests)' }];
  for (const store of t.data) {
    if (store.type !== 'dynamodb' || store.consistency !== 'strong') continue;
    needs.push({ since: [6, 3, 0], what: `for replica.consistency_mode of aws_dynamodb_table (the strongly consistent table ${store.name})` });
    if (store.witness !== undefined) needs.push({ since: [6, 22, 0], what: `for global_table_witness of aws_dynamodb_table (the witness of ${store.name})` });
  }
  return needs;
}

/**
 * What Terraform itself must have. 1.10 is the floor every workspace declares by default (REQUIREMENTS.terraform):
 * the S3 backend's `use_lockfile` and ephemeral resources are 1.10's; write-only arguments are 1.11's
 * (https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only: "you must use Terraform v1.11 or
 * later").
 */
export function terraformNeeds(t: Topology): Need[] {
  const needs: Need[] = [{ since: [1, 10, 0], what: 'for any output (the oldest Terraform topoform supports)' }];
  if (t.state.backend === 's3' && t.state.lock.kind === 'lockfile') needs.push({ since: [1, 10, 0], what: "for the S3 backend's use_lockfile (state.lock: lockfile)" });
  for (const store of t.data) {
    if (store.type === 'aurora') needs.push({ since: [1, 11, 0], what: `for the write-only arguments that set the master password of Aurora store ${store.name}` });
  }
  return needs;
}
