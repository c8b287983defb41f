// What every data-store entry has, as written in topology.yaml.

export interface StoreBase {
  name: string;
  /** Its data must never leave its jurisdiction. */
  regulated?: boolean;
}

/**
 * A witness named among the topology's regions holds the witness and no copy of the store: the store lives in the
 * other regions of its group.
 */
export function withoutWitness(groups: string[][], witness: string | undefined): string[][] {
  if (witness === undefined) return groups;
  return groups.map((g) => g.filter((r) => r !== witness)).filter((g) => g.length > 0);
}
