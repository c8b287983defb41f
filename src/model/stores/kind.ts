// The shape of a data-store kind: everything specific to one `data[].type`, in one module per type.
// The kind is cdktf-free (validate and check use it) and knows nothing of its builder: src/stacks/stores/index.ts holds
// the builders, a map typed to be complete over DataStoreType, so src/model never imports src/stacks.
import type { AwsNameKindId } from '../aws-names';
import type { PatternName } from '../input';
import type { NameRule } from '../naming';
import type { SourcePath, Topology } from '../types';
import type { DataStoreType, StoreCommon, StoreInputOf, StoreOf } from './index';

/**
 * An AWS name a store's builder gives a resource, stated once: its kind (which says where AWS keeps it unique,
 * src/model/aws-names.ts, checked by rule aws-names-distinct), the regions it is made in, and the limits AWS puts on
 * its length and form (checked by rule names-are-valid).
 */
export interface StoreName {
  kind: AwsNameKindId;
  name: string;
  /** The regions it is made in; for a name unique per account or partition, the region of the API that makes it. */
  regions: readonly string[];
  /** What holds it, in words, when not the store itself: "'s replication role" follows the store's entry. */
  owner?: string;
  /** AWS's length and form limits; absent where topoform fits the name itself or AWS's limit is out of reach. */
  rule?: NameRule;
  /** The line to shorten, when not the store's name (a parameter's name starts with the topology's). */
  path?: SourcePath;
}

export interface AccountsFact<K extends DataStoreType> {
  /** In a word or two, for the docs' table: yes, no, or how. */
  crosses: string;
  /** The AWS page that says so. */
  page: string;
  /** That page by its title, for the docs (which link nothing outside the repo). */
  source: string;
  /**
   * Why this store cannot span the accounts its regions deploy to (a group's regions, each with the account it
   * declares), naming what the team can do instead; undefined when it can, or when this version compiles it.
   */
  refuse(store: StoreOf<K>, regions: readonly RegionAccount[]): string | undefined;
}

/** A region of a store and the account it deploys to (undefined: the credentials' account). */
export interface RegionAccount {
  region: string;
  account: string | undefined;
}

/** The regions and their accounts in words: `us-east-1 (111111111111), us-west-2 (222222222222)`. */
export function accountsInWords(regions: readonly RegionAccount[]): string {
  return regions.map((r) => `${r.region} (${r.account ?? "the credentials' account"})`).join(', ');
}

export interface StoreKind<K extends DataStoreType> {
  /** What the kind is, for messages: "S3 buckets with cross-region replication". */
  label: string;
  /** The pattern's defaults filled into a schema-valid entry. */
  normalize(input: StoreInputOf<K>, common: StoreCommon, pattern: PatternName): StoreOf<K>;
  /** Every AWS name the store's builder gives a resource, where, and the limits AWS puts on it. */
  names(store: StoreOf<K>, t: Topology): StoreName[];
  /** The store attaches to a VPC: every region it lives in needs `network` (rule store-network-present). */
  needsNetwork: boolean;
  /**
   * Whether a store of this kind can live in regions of different AWS accounts, from AWS's documentation (rule
   * store-accounts-fit refuses one that cannot, at the store's line; docs/topology-format.md's table of what crosses
   * accounts is held to these).
   */
  accounts: AccountsFact<K>;
  /**
   * The builder makes CloudWatch Logs groups (under `names.logGroup`) encrypted with the topology key: the key
   * policy then lets CloudWatch Logs use the key for them.
   */
  logsToCloudWatch?: boolean;
  /**
   * Set while this version does not compile the kind (src/stacks/stores/index.ts then maps it to no builder):
   * `validate` warns and `synth` refuses the store, giving this reason.
   */
  notCompiled?: string;
}
