// The rule pack every topology is checked against, and the runner that turns findings into diagnostics.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { SourceFile } from '../load/load';
import { pointerOf } from '../validate/schema';
import type { Rule, RuleContext } from './rule';
import { acceleratorEndpointsHaveArn } from './rules/accelerator-endpoints-have-arn';
import { accountsAgree } from './rules/accounts-agree';
import { appInputNames } from './rules/app-input-names';
import { appInputNumbersLiteral } from './rules/app-input-numbers-literal';
import { appModuleSource } from './rules/app-module-source';
import { appVersionRegistryOnly } from './rules/app-version-registry-only';
import { cacheGlobalNodeType } from './rules/cache-global-node-type';
import { auroraHeadlessOnlyPilotLight } from './rules/aurora-headless-only-pilot-light';
import { awsNamesDistinct } from './rules/aws-names-distinct';
import { backupCopiesStayHome } from './rules/backup-copies-stay-home';
import { backupSettingsFit } from './rules/backup-settings-fit';
import { backupStoresKnown } from './rules/backup-stores-known';
import { eventsEndpointTwoRegions } from './rules/events-endpoint-two-regions';
import { queueSettingsFit } from './rules/queue-settings-fit';
import { storeAccountsFit } from './rules/store-accounts-fit';
import { auroraVersionAndClass } from './rules/aurora-version-and-class';
import { cdnDomainFitsCertificate } from './rules/cdn-domain-fits-certificate';
import { capacityFitsPattern } from './rules/capacity-fits-pattern';
import { drillDurationFits } from './rules/drill-duration-fits';
import { drillHasTargets } from './rules/drill-has-targets';
import { drillFailoverHasReader } from './rules/drill-failover-has-reader';
import { drillStopsOnAlarms } from './rules/drill-stops-on-alarms';
import { dsqlTwoClustersAndWitness } from './rules/dsql-two-clusters-and-witness';
import { dynamodbKeysDistinct } from './rules/dynamodb-keys-distinct';
import { endpointsDistinct } from './rules/endpoints-distinct';
import { inputsNeedApp } from './rules/inputs-need-app';
import { healthCheckPathFitsServices } from './rules/health-check-path-fits-services';
import { healthCheckPathHasEffect } from './rules/health-check-path-has-effect';
import { jobPlacementKnownRegion } from './rules/job-placement-known-region';
import { jobScheduleValid } from './rules/job-schedule-valid';
import { jobTargetSupported } from './rules/job-target-supported';
import { namesAreUnique } from './rules/names-are-unique';
import { namesAreValid } from './rules/names-are-valid';
import { notCompiled } from './rules/not-compiled';
import { onePartition } from './rules/one-partition';
import { onePrimary } from './rules/one-primary';
import { parameterSecureInPlainText } from './rules/parameter-secure-in-plain-text';
import { parameterValueFits } from './rules/parameter-value-fits';
import { partitionedDeclaresJurisdictions } from './rules/partitioned-declares-jurisdictions';
import { policyBehindFrontDoor } from './rules/policy-behind-front-door';
import { primaryFirst } from './rules/primary-first';
import { primaryPresent } from './rules/primary-present';
import { recoveryControlGatesRecords } from './rules/recovery-control-gates-records';
import { referencesListedRegions } from './rules/references-listed-regions';
import { regionsDeclareAccounts } from './rules/regions-declare-accounts';
import { regionsHaveEndpoints } from './rules/regions-have-endpoints';
import { regionsListedOnce } from './rules/regions-listed-once';
import { regulatedStaysHome } from './rules/regulated-stays-home';
import { replicaLimits } from './rules/replica-limits';
import { rolesAllowedByPattern } from './rules/roles-allowed-by-pattern';
import { routingDomainInZone } from './rules/routing-domain-in-zone';
import { routingMapsComplete } from './rules/routing-maps-complete';
import { routingOneFrontDoor } from './rules/routing-one-front-door';
import { routingOneZone } from './rules/routing-one-zone';
import { routingPolicyFitsPattern } from './rules/routing-policy-fits-pattern';
import { secretNameUnambiguous } from './rules/secret-name-unambiguous';
import { secretRotationHasLambda } from './rules/secret-rotation-has-lambda';
import { secretRotationLambdaFits } from './rules/secret-rotation-lambda-fits';
import { stateBucketNameFits } from './rules/state-bucket-name-fits';
import { stateFitsBackend } from './rules/state-fits-backend';
import { stateIsSafe } from './rules/state-is-safe';
import { storeNetworkPresent } from './rules/store-network-present';
import { suppressNamesALint } from './rules/suppress-names-a-lint';
import { strongConsistencyRegionSet } from './rules/strong-consistency-region-set';
import { strongConsistencyShape } from './rules/strong-consistency-shape';
import { terraformVersionsFit } from './rules/terraform-versions-fit';
import { ttlHasEffect } from './rules/ttl-has-effect';

/** The contract's "What is invalid" and the checks of what synth can compile, in no particular order (output is sorted). */
export const RULES: readonly Rule[] = [
  acceleratorEndpointsHaveArn,
  accountsAgree,
  appInputNames,
  appInputNumbersLiteral,
  appModuleSource,
  appVersionRegistryOnly,
  awsNamesDistinct,
  auroraHeadlessOnlyPilotLight,
  backupCopiesStayHome,
  backupSettingsFit,
  backupStoresKnown,
  eventsEndpointTwoRegions,
  queueSettingsFit,
  auroraVersionAndClass,
  cacheGlobalNodeType,
  capacityFitsPattern,
  cdnDomainFitsCertificate,
  drillDurationFits,
  drillHasTargets,
  drillFailoverHasReader,
  drillStopsOnAlarms,
  dsqlTwoClustersAndWitness,
  dynamodbKeysDistinct,
  endpointsDistinct,
  healthCheckPathHasEffect,
  healthCheckPathFitsServices,
  inputsNeedApp,
  jobPlacementKnownRegion,
  jobScheduleValid,
  jobTargetSupported,
  namesAreUnique,
  namesAreValid,
  notCompiled,
  onePartition,
  onePrimary,
  parameterSecureInPlainText,
  parameterValueFits,
  partitionedDeclaresJurisdictions,
  policyBehindFrontDoor,
  primaryFirst,
  primaryPresent,
  recoveryControlGatesRecords,
  referencesListedRegions,
  regionsDeclareAccounts,
  regionsHaveEndpoints,
  regionsListedOnce,
  regulatedStaysHome,
  replicaLimits,
  rolesAllowedByPattern,
  routingDomainInZone,
  routingMapsComplete,
  routingOneFrontDoor,
  routingOneZone,
  routingPolicyFitsPattern,
  secretNameUnambiguous,
  secretRotationHasLambda,
  secretRotationLambdaFits,
  stateBucketNameFits,
  stateFitsBackend,
  stateIsSafe,
  storeNetworkPresent,
  suppressNamesALint,
  strongConsistencyRegionSet,
  strongConsistencyShape,
  terraformVersionsFit,
  ttlHasEffect,
  storeAccountsFit,
];

/** Runs every rule; a rule that throws becomes a diagnostic naming it, never a crash. */
export function runRules(rules: readonly Rule[], source: SourceFile, ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    try {
      rule.check(ctx, (path, message, hint, opts) => {
        out.push(diagnostic(rule.code, rule.severity, message, { hint, pointer: pointerOf(path), range: source.rangeOf(path, opts) }));
      });
    } catch (err) {
      out.push(diagnostic('TOPO9001', 'error', `internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}`, {
        hint: 'the other rules ran; please report this with the topology',
      }));
    }
  }
  return out;
}
