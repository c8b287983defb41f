// The shape of a data-store kind: everything specific to one `data[].type`, in one module per type.
// The kind is cdktf-free (validate and check use it) and knows nothing of its builder: src/stacks/stores/index.ts holds
// the builders, a map typed to be complete over DataStoreType, so src/model never imports src/stacks.
import type { PatternName } from '../input';
import type { PlannedName } from '../naming';
import type { DataStoreType, StoreCommon, StoreInputOf, StoreOf } from './index';

export interface StoreKind<K extends DataStoreType> {
  /** What the kind is, for messages: "S3 buckets with cross-region replication". */
  label: string;
  /** The pattern's defaults filled into a schema-valid entry. */
  normalize(input: StoreInputOf<K>, common: StoreCommon, pattern: PatternName): StoreOf<K>;
  /** Every AWS name the store will produce, with the limit AWS puts on it (checked by rule names-are-valid). */
  names(store: StoreOf<K>, topology: string): PlannedName[];
  /** The store attaches to a VPC: every region it lives in needs `network` (rule store-network-present). */
  needsNetwork: boolean;
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
