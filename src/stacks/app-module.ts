// app.module: the team's own Terraform module, one instance in every region's workspace, scaled by the region's
// capacity, and its load balancer's outputs declared as the workspace's outputs.
import { TerraformHclModule, TerraformOutput } from 'cdktf';
import { MODULE_COPY_SOURCE, moduleInputs, moduleSourceKind } from '../model/app';
import type { App } from '../model/types';
import type { RegionScope } from './context';
import { named } from './ids';

/** The outputs each region's workspace declares, by the endpoint field they carry. */
export const ENDPOINT_OUTPUTS = { dnsName: 'endpoint_dns_name', zoneId: 'endpoint_zone_id', arn: 'endpoint_arn' } as const;

export function buildAppModule(scope: RegionScope, app: App): TerraformHclModule {
  const kind = moduleSourceKind(app.module);
  // A local module is copied into the workspace by the emit stage (src/emit/synth.ts), so the workspace is
  // self-contained; cdktf's own asset copy is skipped (it resolves the path from the current directory).
  const module = named(
    new TerraformHclModule(scope.stack, 'app', {
      source: kind === 'local' ? MODULE_COPY_SOURCE : app.module,
      ...(kind === 'registry' && app.version !== undefined ? { version: app.version } : {}),
      variables: moduleInputs(app, scope.region),
      skipAssetCreationFromLocalModules: true,
    }),
    'app',
  );
  for (const field of ['dnsName', 'zoneId', 'arn'] as const) {
    const output = app.outputs[field];
    if (output === undefined) continue;
    const name = ENDPOINT_OUTPUTS[field];
    named(new TerraformOutput(scope.stack, name, { value: module.getString(output), description: `app.module output ${output}: the region's load balancer, for routing` }), name);
  }
  return module;
}
