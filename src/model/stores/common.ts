// What every data-store entry has, as written in topology.yaml.

export interface StoreBase {
  name: string;
  /** Its data must never leave its jurisdiction. */
  regulated?: boolean;
}
