// Parameter store: SSM Parameter Store has no replication, so the same parameter is written in every region's own
// workspace (the `regional` hook): config parity without any cross-region dependency, and each region's parameter
// can be planned and applied while any other region is down.
//
// SecureString takes the region's key as SSM keeps it as given, so the alias ARN (`scope.kmsKey`) needs no read of
// the primary's state. The value comes from the topology: it is in the generated JSON and (marked sensitive by the
// provider, so never shown in a plan) in each region's state; `secure` protects it at rest in AWS, not in the repo.
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { names } from '../../model/naming';
import type { ParameterStore } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import type { StoreBuilder } from './builder';

function regional(store: ParameterStore, scope: RegionScope, ctx: BuildContext): void {
  named(
    new SsmParameter(scope.stack, store.name, {
      name: names.parameter(ctx.topology.name, store.name),
      description: `topoform ${ctx.topology.name}: ${store.name}, the same in every region`,
      type: store.secure ? 'SecureString' : 'String',
      ...(store.secure ? { keyId: scope.kmsKey } : {}),
      value: store.value,
      tier: store.tier,
    }),
    store.name,
  );
}

export const parameter: StoreBuilder<'parameter'> = { regional };
