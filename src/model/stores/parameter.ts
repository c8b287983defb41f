// SSM Parameter Store has no replication: the same parameter is written in every region.
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface ParameterInput extends StoreBase {
  type: 'parameter';
  value: string;
  secure?: boolean;
}

export interface ParameterStore extends StoreCommon {
  type: 'parameter';
  value: string;
  /** SecureString with the region's KMS key. */
  secure: boolean;
  /** Standard holds values up to 4096 bytes; Advanced up to 8192 (and costs per parameter). */
  tier: 'Standard' | 'Advanced';
}

/** The largest value of each SSM tier, in bytes of UTF-8. */
export const PARAMETER_LIMITS = { Standard: 4096, Advanced: 8192 } as const;

/** The value's size as SSM counts it: bytes of UTF-8. */
export function valueBytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

export const parameter: StoreKind<'parameter'> = {
  label: 'SSM parameters in every region',
  normalize: (s, common) => ({
    ...common,
    type: 'parameter',
    value: s.value,
    secure: s.secure ?? false,
    // Decided on the value as written: the build sees it escaped for Terraform, which is longer.
    tier: valueBytes(s.value) > PARAMETER_LIMITS.Standard ? 'Advanced' : 'Standard',
  }),
  // At the topology's name: it starts the parameter name, so it is what a reserved prefix comes from.
  names: (store, t) => [{ kind: 'parameter', name: names.parameter(t.name, store.name), regions: store.groups.flat(), rule: NAME_RULES.parameter, path: ['name'] }],
  needsNetwork: false,
  accounts: {
    crosses: 'yes: written in each region by its own workspace, in that region\'s account',
    source: "the Systems Manager User Guide, \"AWS Systems Manager Parameter Store\"",
    page: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html',
    refuse: () => undefined,
  },
};
