// Secret store: one Secrets Manager secret per replication group, encrypted with the topology's key, replicated to
// every other region of its group with that region's key, rotated by the team's Lambda function when asked.
//
// Where things live, and why: everything sits in the PRIMARY workspace (the `home` hook), in each group's home
// region through the primary's provider alias for it. Secrets Manager stores the KMS key ARN of the secret and of
// every replica (given an alias it would diff forever), and replica key ids are assigned by AWS: only the primary
// workspace holds the key family's ARNs (`keyFamilyArns`) without reading another workspace's state. A replica is
// a block of the secret, not a resource a region's workspace could own, so no other workspace has any part of it.
// During an outage of a region other than the primary, plan the primary workspace with -refresh=false, as for the
// key replica it already manages there.
//
// The secret's VALUE is never managed: no secret_string, no secret version, so nothing of it is in the output or in
// any state. The team writes it (put-secret-value) after the first apply; replicas follow on their own.
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { names } from '../../model/naming';
import type { SecretStore } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import type { StoreBuilder } from './builder';
import { groupHome } from '../../model/ownership';
import { keyArnIn } from '../kms';

/** The rotation function of a group: `{region}` becomes the group's home, where Secrets Manager invokes it. */
export function rotationLambdaIn(template: string, home: string): string {
  return template.replaceAll('{region}', home);
}

function home(store: SecretStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  // The key family's ARNs this workspace holds; a group in another account (whose family another workspace makes) by
  // its alias, resolved in that region as that region's account (rule store-accounts-fit keeps a group in one).
  const family = scope.keyFamilyArns;
  const keys = { get: (region: string): string => family?.get(region) ?? keyArnIn(scope, region, t) };
  for (const group of store.groups) {
    const home = groupHome(t, group);
    // Addresses follow the names: the store's name, and with several groups the group's home as well.
    const id = store.groups.length > 1 ? `${store.name}_${home}` : store.name;
    const provider = home === scope.region.name ? undefined : scope.providerFor(home);
    const secret = named(
      new SecretsmanagerSecret(scope.stack, id, {
        ...(provider ? { provider } : {}),
        name: names.secret(t.name, store, home),
        description: `topoform ${t.name}: ${store.name}; the value is written by its team, never by topoform`,
        kmsKeyId: keys.get(home),
        replica: group.filter((region) => region !== home).map((region) => ({ region, kmsKeyId: keys.get(region) })),
        // A secret of the same name already in a replica region is an error, never silently replaced.
        forceOverwriteReplicaSecret: false,
        // Deletion protection: a deleted secret can be restored for 30 days (the longest window).
        recoveryWindowInDays: 30,
      }),
      id,
    );
    if (store.rotationLambda === undefined || store.rotationDays === undefined) continue;
    named(
      new SecretsmanagerSecretRotation(scope.stack, `${id}_rotation`, {
        ...(provider ? { provider } : {}),
        secretId: secret.id,
        rotationLambdaArn: rotationLambdaIn(store.rotationLambda, home),
        rotationRules: { automaticallyAfterDays: store.rotationDays },
        // The secret has no value until its team writes one: the first rotation waits for the schedule.
        rotateImmediately: false,
      }),
      id,
    );
  }
}

export const secret: StoreBuilder<'secret'> = { home };
