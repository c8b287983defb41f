// Secrets Manager: a secret in the home region of each replication group, replicated to the group's other regions.
// topoform manages the secret's metadata, keys, replicas and rotation; never its value (the team writes that).
import { NAME_RULES, names } from '../naming';
import { groupHome } from '../ownership';
import type { StoreBase } from './common';
import { accountsInWords, type StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface SecretInput extends StoreBase {
  type: 'secret';
  rotationDays?: number;
  rotationLambda?: string;
}

export interface SecretStore extends StoreCommon {
  type: 'secret';
  /** Days between rotations; absent: no rotation (a secret `topoform check` can flag, Checkov CKV2_AWS_57). */
  rotationDays?: number;
  /** ARN template of the rotation function, `{region}` still in it (each group's home region replaces it). */
  rotationLambda?: string;
}

/** Days between rotations when a rotation function is given without `rotationDays`. */
export const DEFAULT_ROTATION_DAYS = 30;

export const secret: StoreKind<'secret'> = {
  label: 'replicated Secrets Manager secrets',
  normalize: (s, common) => {
    const store: SecretStore = { ...common, type: 'secret' };
    // A rotation function says rotation is wanted; rotationDays without one is refused (rule secret-rotation-has-lambda).
    const days = s.rotationDays ?? (s.rotationLambda !== undefined ? DEFAULT_ROTATION_DAYS : undefined);
    if (days !== undefined) store.rotationDays = days;
    if (s.rotationLambda !== undefined) store.rotationLambda = s.rotationLambda;
    return store;
  },
  // A replica is a secret of the same name in the replica's region.
  names: (store, t) => store.groups.map((g) => ({ kind: 'secret', name: names.secret(t.name, store, groupHome(t, g)), regions: g, rule: NAME_RULES.secret })),
  needsNetwork: false,
  accounts: {
    crosses: 'no',
    source: "the Secrets Manager User Guide, \"Replicate AWS Secrets Manager secrets across Regions\"",
    page: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html',
    // ReplicateSecretToRegions takes Regions, never accounts: a replica is in the primary secret's account.
    refuse: (_s, regions) => `a Secrets Manager replica is in its primary secret's account (a secret replicates to Regions, not to accounts), and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account, or one secret store per account`,
  },
};
