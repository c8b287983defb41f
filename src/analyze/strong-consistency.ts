// The replica groups of strongly consistent stores (DynamoDB MRSC, Aurora DSQL), shared by the rules that check them.
import { commonRegionSet, STRONG_REGION_SETS } from '../model/regions';
import type { DataStore, Topology } from '../model/types';

export interface StrongGroup {
  store: DataStore;
  index: number;
  kind: keyof typeof STRONG_REGION_SETS;
  label: string;
  group: string[];
  witness?: string;
  /** Three regions, or two and a witness. */
  shapeOk: boolean;
  /** Every region and the witness are in one AWS region set. */
  inOneSet: boolean;
}

export function strongGroups(model: Topology): StrongGroup[] {
  const out: StrongGroup[] = [];
  model.data.forEach((store, index) => {
    const kind = store.type === 'dsql' ? 'dsql' : store.type === 'dynamodb' && store.consistency === 'strong' ? 'dynamodb' : undefined;
    if (!kind) return;
    const witness = store.type === 'dsql' || store.type === 'dynamodb' ? store.witness : undefined;
    const label = kind === 'dsql' ? `Aurora DSQL store ${store.name}` : `strongly consistent table ${store.name}`;
    for (const group of store.groups) {
      const members = witness !== undefined ? [...group, witness] : group;
      const g: StrongGroup = {
        store,
        index,
        kind,
        label,
        group,
        shapeOk: witness !== undefined ? group.length === 2 : group.length === 3,
        inOneSet: commonRegionSet(kind, members) !== undefined,
      };
      if (witness !== undefined) g.witness = witness;
      out.push(g);
    }
  });
  return out;
}
