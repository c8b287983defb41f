// The lints of `topoform check`: judgement calls about a topology that validates. They run in `check` and synth,
// never in `validate` (whose pack is src/analyze/pack.ts RULES). RULES.md is generated from this file.
import type { Code } from '../../diagnostics/codes';
import { auroraPromotionRehearsed } from './aurora-promotion-rehearsed';
import { availabilityFitsRegions } from './availability-fits-regions';
import { cacheWarmFitsRto } from './cache-warm-fits-rto';
import { controlPlaneIndependent } from './control-plane-independent';
import { detectionFitsRto } from './detection-fits-rto';
import { alarmsWithinQuota } from './alarms-within-quota';
import { backupVaultLocked } from './backup-vault-locked';
import { stateAccountApart } from './state-account-apart';
import { dnsAccountApart } from './dns-account-apart';
import { drillRouteQuotaRaised } from './drill-route-quota-raised';
import { dynamodbConflictsResolved } from './dynamodb-conflicts-resolved';
import { failoverDrilled } from './failover-drilled';
import { geolocationFallbackStaysHome } from './geolocation-fallback-stays-home';
import { jobsFailOver } from './jobs-fail-over';
import type { Lint } from './lint';
import { objectivesMetWorstCase } from './objectives-met-worst-case';
import { replicationIsNotBackup } from './replication-is-not-backup';
import { replicationLagAlarmed } from './replication-lag-alarmed';
import { s3RtcFitsRpo } from './s3-rtc-fits-rpo';
import { singleWriterFitsPattern } from './single-writer-fits-pattern';
import { stateIsShared } from './state-is-shared';
import { storesFollowTraffic } from './stores-follow-traffic';

export type { Lint } from './lint';

/** Every lint, in code order. */
export const LINTS: readonly Lint[] = [
  detectionFitsRto,
  storesFollowTraffic,
  auroraPromotionRehearsed,
  singleWriterFitsPattern,
  dynamodbConflictsResolved,
  stateIsShared,
  controlPlaneIndependent,
  jobsFailOver,
  replicationIsNotBackup,
  replicationLagAlarmed,
  failoverDrilled,
  s3RtcFitsRpo,
  cacheWarmFitsRto,
  availabilityFitsRegions,
  geolocationFallbackStaysHome,
  objectivesMetWorstCase,
  drillRouteQuotaRaised,
  alarmsWithinQuota,
  backupVaultLocked,
  stateAccountApart,
  dnsAccountApart,
];

/**
 * Checks the analysis asks for that are no lint: validate refuses the topology already (`code`), or what topoform
 * generates makes the condition impossible (`guarantee`, naming where). Listed in RULES.md so nothing is silently missing.
 */
export const COVERED: readonly { check: string; by: { code: Code; id: string } | { guarantee: string } }[] = [
  {
    check: 'TTL above 60 s on records that fail over (every record topoform writes is an alias, which takes its target\'s TTL: routing.ttl has no effect and is warned about whenever it is set)',
    by: { code: 'TOPO3024', id: 'ttl-has-effect' },
  },
  {
    check: 'failover records without health checks',
    by: { guarantee: 'every Route 53 record topoform writes (failover, latency, geolocation, weighted) carries its region\'s health check and evaluates the target\'s health (src/stacks/routing/failover.ts, records.ts); routing.healthCheck only tunes it' },
  },
  {
    check: 'state of a workspace stored in the region it must survive',
    by: { code: 'TOPO3014', id: 'state-is-safe' },
  },
  {
    check: 'a regulated store that replicates across jurisdictions',
    by: { code: 'TOPO3011', id: 'regulated-stays-home' },
  },
  {
    check: 'partitioned regions without a jurisdiction',
    by: { code: 'TOPO3016', id: 'partitioned-declares-jurisdictions' },
  },
  {
    check: 'an S3 store without versioning (replication treated as backup)',
    by: { guarantee: 'every bucket topoform creates is versioned (src/stacks/stores/s3.ts): an overwrite or delete that replicates leaves the earlier version' },
  },
  {
    check: 'an Aurora store without backups (replication treated as backup)',
    by: { guarantee: 'every Aurora cluster keeps automated backups in its own region: backupRetentionDays is at least 1 (schema), 7 by default' },
  },
];
