// Secrets Manager: a secret in the primary region, replicated to every other region.
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface SecretInput extends StoreBase {
  type: 'secret';
  rotationDays?: number;
  rotationLambda?: string;
}

export interface SecretStore extends StoreCommon {
  type: 'secret';
  rotationDays?: number;
  /** ARN template of the rotation function, `{region}` still in it. */
  rotationLambda?: string;
}

export const secret: StoreKind<'secret'> = {
  label: 'replicated Secrets Manager secrets',
  normalize: (s, common) => {
    const store: SecretStore = { ...common, type: 'secret' };
    if (s.rotationDays !== undefined) store.rotationDays = s.rotationDays;
    if (s.rotationLambda !== undefined) store.rotationLambda = s.rotationLambda;
    return store;
  },
  names: () => [], // 512 characters: far above what the name patterns allow
  needsNetwork: false,
  notCompiled: 'replicated Secrets Manager secrets',
};
