// SSM Parameter Store has no replication: the same parameter is written in every region.
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
}

export const parameter: StoreKind<'parameter'> = {
  label: 'SSM parameters in every region',
  normalize: (s, common) => ({ ...common, type: 'parameter', value: s.value, secure: s.secure ?? false }),
  names: () => [], // 2048 characters: far above what the name patterns allow
  needsNetwork: false,
  notCompiled: 'SSM parameters in every region',
};
