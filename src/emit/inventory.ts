// What a change of topology does to the resources that hold data. An output's stateful inventory (every key, table,
// cluster, bucket, secret, parameter, cache, DSQL cluster, queue, backup vault and event archive, by workspace and address, with the arguments the
// AWS provider replaces the resource on) is recorded in topoform.json; two inventories compare into the resources a
// plan of the new output would destroy, replace or move. Plain JSON in and out: no cdktf, so `topoform diff` and the
// synth guard share it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StatefulKind = 'key' | 'table' | 'cluster' | 'bucket' | 'secret' | 'parameter' | 'cache' | 'queue' | 'vault' | 'archive';

export interface StatefulResource {
  workspace: string;
  /** Terraform address in the workspace, `<type>.<name>`. */
  address: string;
  kind: StatefulKind;
  /** The data store it belongs to; absent for the topology's own (the key family, job queues, flow logs). */
  store?: string;
  /** The AWS region the resource lives in (its provider's region). */
  region: string;
  /** The account it lives in, where its provider is pinned to one (allowed_account_ids). */
  account?: string;
  /** Values of the arguments the provider replaces the resource on (as written: literals or references). */
  identity: Record<string, unknown>;
  /** Its name in AWS where it has one, a literal. */
  name?: string;
}

interface StatefulType {
  kind: StatefulKind;
  /** The argument that names the resource in AWS, by which a move to another workspace or address is recognised. */
  name?: string;
  /**
   * Arguments whose change forces a new resource ("Changing this forces a new resource" / ForceNew in the AWS
   * provider's schema; registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>).
   * `test/transitions.test.ts` plans real changes with the provider and checks these against its own verdict.
   */
  replaceOn: readonly string[];
}

/** Every resource type topoform emits that holds data, or whose loss loses data (a key: everything it encrypts). */
export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  // kms_key: multi_region, key_usage, customer_master_key_spec force a new key; deleting one schedules its deletion.
  aws_kms_key: { kind: 'key', replaceOn: ['multi_region', 'key_usage', 'customer_master_key_spec'] },
  aws_kms_replica_key: { kind: 'key', replaceOn: ['primary_key_arn'] },
  aws_rds_global_cluster: { kind: 'cluster', name: 'global_cluster_identifier', replaceOn: ['global_cluster_identifier', 'engine', 'storage_encrypted', 'database_name', 'source_db_cluster_identifier'] },
  aws_rds_cluster: { kind: 'cluster', name: 'cluster_identifier', replaceOn: ['cluster_identifier', 'engine', 'storage_encrypted', 'kms_key_id', 'master_username', 'database_name', 'db_subnet_group_name', 'availability_zones', 'engine_mode'] },
  aws_dynamodb_table: { kind: 'table', name: 'name', replaceOn: ['name', 'hash_key', 'range_key'] },
  aws_dynamodb_table_replica: { kind: 'table', replaceOn: ['global_table_arn', 'kms_key_arn'] },
  aws_s3_bucket: { kind: 'bucket', name: 'bucket', replaceOn: ['bucket', 'bucket_prefix', 'object_lock_enabled'] },
  aws_secretsmanager_secret: { kind: 'secret', name: 'name', replaceOn: ['name', 'name_prefix'] },
  aws_ssm_parameter: { kind: 'parameter', name: 'name', replaceOn: ['name'] },
  aws_elasticache_replication_group: { kind: 'cache', name: 'replication_group_id', replaceOn: ['replication_group_id', 'at_rest_encryption_enabled', 'kms_key_id', 'subnet_group_name', 'global_replication_group_id', 'port'] },
  aws_elasticache_global_replication_group: { kind: 'cache', name: 'global_replication_group_id_suffix', replaceOn: ['global_replication_group_id_suffix', 'primary_replication_group_id'] },
  // DSQL clusters have no name; topoform tags each with one.
  aws_dsql_cluster: { kind: 'cluster', name: 'tags.Name', replaceOn: [] },
  aws_sqs_queue: { kind: 'queue', name: 'name', replaceOn: ['name', 'fifo_queue'] },
  // A vault holds the recovery points: deleting one needs it empty, and a locked one cannot be emptied early.
  aws_backup_vault: { kind: 'vault', name: 'name', replaceOn: ['name', 'kms_key_arn'] },
  // An archive holds the events it kept, to replay.
  aws_cloudwatch_event_archive: { kind: 'archive', name: 'name', replaceOn: ['name', 'event_source_arn'] },
};

type Block = Record<string, unknown>;
/** A workspace's cdk.tf.json, as far as the inventory reads it. */
export interface StackJson {
  provider?: { aws?: { alias?: string; region?: string; allowed_account_ids?: unknown }[] };
  resource?: Record<string, Record<string, Block>>;
  removed?: { from: string; lifecycle?: { destroy?: boolean } }[];
  import?: { to: string; id: unknown }[];
}

function valueAt(block: Block, path: string): unknown {
  let v: unknown = block;
  for (const part of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Block)[part] : undefined;
  return v;
}

/**
 * The stateful resources of one workspace. `stores`: the topology's store names; a resource belongs to the store its
 * construct id starts with (`<store>` or `<store>_…`: store names have no underscore, src/model/naming.ts).
 */
export function inventory(workspace: string, stack: StackJson, stores: readonly string[]): StatefulResource[] {
  const providers = stack.provider?.aws ?? [];
  const providerOf = (provider: unknown) => {
    const alias = typeof provider === 'string' ? provider.replace(/^aws\./, '') : undefined;
    return providers.find((x) => (alias === undefined ? x.alias === undefined : x.alias === alias));
  };
  const regionOf = (provider: unknown): string => providerOf(provider)?.region ?? workspace;
  const accountOf = (provider: unknown): string | undefined => {
    const pinned = providerOf(provider)?.allowed_account_ids;
    return Array.isArray(pinned) && pinned.length === 1 && typeof pinned[0] === 'string' && /^[0-9]{12}$/.test(pinned[0]) ? pinned[0] : undefined;
  };
  const byLength = [...stores].sort((a, b) => b.length - a.length);
  const out: StatefulResource[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    const spec = STATEFUL_TYPES[type];
    if (!spec) continue;
    for (const [name, block] of Object.entries(byName)) {
      const ignored = new Set(((block['lifecycle'] as { ignore_changes?: unknown } | undefined)?.ignore_changes as string[] | undefined) ?? []);
      const identity: Record<string, unknown> = {};
      for (const arg of spec.replaceOn) {
        if (ignored.has(arg.split('.')[0]!)) continue;
        const v = valueAt(block, arg);
        if (v !== undefined) identity[arg] = v;
      }
      const store = spec.kind === 'key' ? undefined : byLength.find((s) => name === s || name.startsWith(`${s}_`));
      const r: StatefulResource = { workspace, address: `${type}.${name}`, kind: spec.kind, region: regionOf(block['provider']), identity };
      if (store !== undefined) r.store = store;
      const account = accountOf(block['provider']);
      if (account !== undefined) r.account = account;
      const awsName = spec.name === undefined ? undefined : valueAt(block, spec.name);
      if (typeof awsName === 'string' && !awsName.includes('${')) r.name = awsName;
      out.push(r);
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

export type ChangeKind = 'destroy' | 'replace' | 'move';

export interface Finding {
  resource: StatefulResource;
  change: ChangeKind;
  /** Why, in words: the argument that changes, where it moves, or that it leaves the output. */
  reason: string;
  /** For a move: the workspace and address it would appear at. */
  to?: { workspace: string; address: string };
  /** Named by the user (`--allow-destroy`): reported, not refused. */
  allowed: boolean;
  /** For a move between accounts (same workspace and address): the account it was in and the one it would be in. */
  accounts?: { from: string; to: string };
}

/** Moves the new output performs through Terraform itself: `removed` (destroy = false) in one workspace, `import` in another. */
export interface Handovers {
  forgotten: Set<string>;
  imported: Set<string>;
}

export function handovers(stacks: ReadonlyMap<string, StackJson>): Handovers {
  const forgotten = new Set<string>();
  const imported = new Set<string>();
  for (const [workspace, stack] of stacks) {
    for (const r of stack.removed ?? []) if (r.lifecycle?.destroy === false) forgotten.add(`${workspace}/${r.from}`);
    for (const i of stack.import ?? []) imported.add(`${workspace}/${i.to}`);
  }
  return { forgotten, imported };
}

function show(v: unknown): string {
  return v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * What planning `next` on the state of `previous` does to each stateful resource: destroyed (no longer in the output),
 * replaced (an argument it is replaced on changes) or moved (it leaves its workspace and appears in another, which
 * Terraform does as a destroy there and a create here unless the output hands it over with removed/import).
 * `allow`: store names, region codes or workspace names the user accepts losing.
 */
export function compareInventories(
  previous: readonly StatefulResource[],
  next: readonly StatefulResource[],
  opts: { allow: ReadonlySet<string>; workspaces: ReadonlySet<string>; given?: Handovers },
): Finding[] {
  const { allow, workspaces } = opts;
  const given = opts.given ?? { forgotten: new Set<string>(), imported: new Set<string>() };
  const key = (r: Pick<StatefulResource, 'workspace' | 'address'>) => `${r.workspace}/${r.address}`;
  const now = new Map(next.map((r) => [key(r), r]));
  const before = new Set(previous.map(key));
  const arrivals = next.filter((r) => !before.has(key(r)));
  const findings: Finding[] = [];
  for (const old of previous) {
    const allowed = (old.store !== undefined && allow.has(old.store)) || allow.has(old.region) || allow.has(old.workspace);
    const same = now.get(key(old));
    if (same) {
      // Another account (a region's or routing's account changed): Terraform reads the resource with the new account's
      // credentials, finds nothing, and creates it empty there; the old one stays in its account, no longer managed.
      if (old.account !== undefined && same.account !== undefined && old.account !== same.account) {
        findings.push({
          resource: old,
          change: 'move',
          reason: `moves from account ${old.account} to account ${same.account}: created empty there, the one in ${old.account} no longer managed`,
          to: { workspace: same.workspace, address: same.address },
          allowed,
          accounts: { from: old.account, to: same.account },
        });
        continue;
      }
      const changed = Object.keys({ ...old.identity, ...same.identity }).filter((a) => JSON.stringify(old.identity[a]) !== JSON.stringify(same.identity[a]));
      if (changed.length > 0) {
        const reason = changed.map((a) => `${a} changes from ${show(old.identity[a])} to ${show(same.identity[a])}`).join('; ');
        findings.push({ resource: old, change: 'replace', reason: `replaced: ${reason}`, allowed });
      }
      continue;
    }
    if (given.forgotten.has(key(old))) continue; // handed over by Terraform's removed block: stays in AWS
    const type = old.address.split('.')[0]!;
    const target = arrivals.find((r) => r.address.split('.')[0] === type && (r.address === old.address || (old.name !== undefined && r.name === old.name)));
    if (target && !given.imported.has(key(target))) {
      findings.push({
        resource: old,
        change: 'move',
        reason: target.workspace === old.workspace
          ? `moves to ${target.address}: destroyed and created empty (a new address is a new resource to Terraform)`
          : `moves to workspace ${target.workspace} (${target.address}) without a removed/import pair: destroyed here, created empty there`,
        to: { workspace: target.workspace, address: target.address },
        allowed,
      });
      continue;
    }
    if (target) continue;
    findings.push({ resource: old, change: 'destroy', reason: workspaces.has(old.workspace) ? 'destroyed: no longer in the output' : `destroyed: its workspace ${old.workspace} is no longer in the output`, allowed });
  }
  return findings.sort((a, b) => key(a.resource).localeCompare(key(b.resource)));
}

/** The inventory an earlier output recorded, if the folder holds one of this topology (else undefined: nothing to guard). */
export function recordedInventory(outdir: string, topology: string, stores: readonly string[]): StatefulResource[] | undefined {
  const record = readRecord(outdir); // none: no earlier output (or not ours: the ownership check in swap.ts says so)
  if (!record || record.topology !== topology) return undefined;
  return inventoryOf(record, () => readStacks(outdir, record), stores);
}

interface OutputRecord {
  topology?: unknown;
  stateful?: unknown;
  applyOrder?: { workspace: string }[];
}

function readRecord(outdir: string): OutputRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(outdir, 'topoform.json'), 'utf8')) as OutputRecord;
  } catch {
    return undefined;
  }
}

/** The workspaces the record lists, in its apply order; a workspace folder someone deleted holds nothing to compare. */
function readStacks(outdir: string, record: OutputRecord): Map<string, StackJson> {
  const stacks = new Map<string, StackJson>();
  for (const { workspace } of record.applyOrder ?? []) {
    if (!/^[a-z0-9-]+$/.test(workspace)) continue;
    try {
      stacks.set(workspace, JSON.parse(readFileSync(join(outdir, 'stacks', workspace, 'cdk.tf.json'), 'utf8')) as StackJson);
    } catch {
      // deleted: nothing to compare
    }
  }
  return stacks;
}

/** The recorded inventory; an output of a topoform that did not record one yet is read from its workspaces. */
function inventoryOf(record: OutputRecord, stacks: () => ReadonlyMap<string, StackJson>, stores: readonly string[]): StatefulResource[] {
  if (Array.isArray(record.stateful)) return record.stateful as StatefulResource[];
  return [...stacks()].flatMap(([workspace, stack]) => inventory(workspace, stack, stores));
}

/** A synth refused because its output would destroy, replace or move stateful resources nobody named. */
export class DestructionRefused extends Error {
  override readonly name = 'DestructionRefused';
  constructor(readonly findings: Finding[]) {
    super(`synth would destroy, replace or move ${findings.filter((f) => !f.allowed).length} stateful resources`);
  }
}

/** By name, not instanceof: the bundle's synth chunk carries its own copy of this module. */
export function isDestructionRefused(err: unknown): err is DestructionRefused {
  return err instanceof Error && err.name === 'DestructionRefused' && 'findings' in err;
}

/** An output folder's workspaces (in apply order) and its recorded inventory; undefined when it is no topoform output. */
export function readOutput(outdir: string): { topology: string; stacks: Map<string, StackJson>; stateful: StatefulResource[] } | undefined {
  const record = readRecord(outdir);
  if (!record || typeof record.topology !== 'string') return undefined;
  const stacks = readStacks(outdir, record);
  return { topology: record.topology, stacks, stateful: inventoryOf(record, () => stacks, []) };
}
