// Route 53 Application Recovery Controller: a cluster, a control panel, one routing control per region and a safety
// rule that keeps at least one region on. Each region's records carry a calculated health check that is healthy only
// while both its endpoint check and its routing control are: an operator moves traffic through ARC's data plane
// (five regional cluster endpoints), with no Terraform and no Route 53 control-plane call.
import { TerraformOutput } from 'cdktf';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53RecoverycontrolconfigCluster } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-cluster';
import { Route53RecoverycontrolconfigControlPanel } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-control-panel';
import { Route53RecoverycontrolconfigRoutingControl } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-routing-control';
import { Route53RecoverycontrolconfigSafetyRule } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-safety-rule';
import { names } from '../../model/naming';
import type { Region } from '../../model/types';
import type { BuildContext } from '../context';
import { named } from '../ids';
import type { RoutingBuilder } from './builder';

/** ARC's configuration API is served from us-west-2 only (the clusters' data plane is in five regions). */
export const ARC_API_REGION = 'us-west-2';
/** How long the safety rule waits after a change before it evaluates again, in ms (the AWS console's default). */
const SAFETY_WAIT_MS = 5000;

export interface RecoveryControls {
  cluster: Route53RecoverycontrolconfigCluster;
  controls: Map<string, Route53RecoverycontrolconfigRoutingControl>;
  /** The RECOVERY_CONTROL health check of each region's routing control. */
  checks: Map<string, Route53HealthCheck>;
}

const built = new WeakMap<BuildContext, RecoveryControls>();

/** The ARC pieces of a topology, created once on first use (records ask for them in any order). */
export function recoveryControls(ctx: BuildContext): RecoveryControls {
  let arc = built.get(ctx);
  if (arc) return arc;
  const stack = ctx.global.stack;
  const provider = ctx.global.edge.providerFor(ARC_API_REGION);
  const name = ctx.topology.name;
  const cluster = named(new Route53RecoverycontrolconfigCluster(stack, 'recovery', { provider, name: names.recoveryCluster(name) }), 'recovery');
  const panel = named(
    new Route53RecoverycontrolconfigControlPanel(stack, 'recovery_panel', { provider, name: names.recoveryPanel(name), clusterArn: cluster.arn }),
    'recovery',
  );
  const controls = new Map<string, Route53RecoverycontrolconfigRoutingControl>();
  const checks = new Map<string, Route53HealthCheck>();
  for (const region of ctx.topology.regions) {
    const control = named(
      new Route53RecoverycontrolconfigRoutingControl(stack, `control_${region.name}`, {
        provider,
        name: names.routingControl(name, region.name),
        clusterArn: cluster.arn,
        controlPanelArn: panel.arn,
      }),
      region.name,
    );
    controls.set(region.name, control);
    checks.set(
      region.name,
      named(
        new Route53HealthCheck(stack, `control_check_${region.name}`, {
          type: 'RECOVERY_CONTROL',
          routingControlArn: control.arn,
          tags: { Name: `${names.routingControl(name, region.name)}-control` },
        }),
        `control_${region.name}`,
      ),
    );
  }
  // An operator can never turn every region off: ARC refuses a state change that leaves fewer than one control on.
  named(
    new Route53RecoverycontrolconfigSafetyRule(stack, 'recovery_at_least_one', {
      provider,
      name: 'at-least-one-region-on',
      controlPanelArn: panel.arn,
      assertedControls: [...controls.values()].map((c) => c.arn),
      waitPeriodMs: SAFETY_WAIT_MS,
      ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
    }),
    'at_least_one_region_on',
  );
  // ARC creates routing controls Off; turning them on (and every later flip) is a data-plane call against one of
  // these endpoints, which the runbook and the synth summary give with these ARNs.
  new TerraformOutput(stack, 'routing_control_arns', {
    description: 'Routing control ARN per region: turn each On after the first apply (ARC creates them Off).',
    value: Object.fromEntries([...controls].map(([region, c]) => [region, c.arn])),
  });
  new TerraformOutput(stack, 'recovery_cluster_endpoints', {
    description: 'ARC cluster endpoints (region and URL) for update-routing-control-state; try another when one fails.',
    value: cluster.clusterEndpoints,
  });
  arc = { cluster, controls, checks };
  built.set(ctx, arc);
  return arc;
}

/** The health check a region's records carry under ARC: its endpoint check AND its routing control. */
export function gatedCheck(ctx: BuildContext, region: Region, endpointCheck: Route53HealthCheck): Route53HealthCheck {
  const arc = recoveryControls(ctx);
  return named(
    new Route53HealthCheck(ctx.global.stack, `gate_${region.name}`, {
      type: 'CALCULATED',
      childHealthchecks: [endpointCheck.id, arc.checks.get(region.name)!.id],
      childHealthThreshold: 2,
      tags: { Name: `${names.healthCheck(ctx.topology.name, region.name)}-gate` },
    }),
    `gate_${region.name}`,
  );
}

export const recoveryControl: RoutingBuilder = {
  global(_edge, ctx) {
    recoveryControls(ctx);
  },
};
