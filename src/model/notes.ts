// What synth tells the user about the topology beyond the workspaces: standing costs and one-time steps.
import { regionsNeedingRouteQuota, ROUTE_QUOTA, routeQuotaFloor, routeQuotaRequest } from './drills';
import { names } from './naming';
import { groupHome } from './ownership';
import type { Topology } from './types';

/** ARC bills each cluster by the hour (AWS pricing page for Route 53 ARC: $2.50 per cluster-hour). */
export const ARC_CLUSTER_USD_PER_HOUR = 2.5;
/** Global Accelerator's fixed fee per accelerator (AWS pricing: $0.025 per hour), before data transfer premiums. */
export const ACCELERATOR_USD_PER_HOUR = 0.025;
const HOURS_PER_MONTH = 730;

const usd = (perHour: number) => `$${perHour.toFixed(perHour < 1 ? 3 : 2)} an hour, about $${Math.round(perHour * HOURS_PER_MONTH).toLocaleString('en-US')} a month`;

export function deploymentNotes(t: Topology): string[] {
  const notes: string[] = [];
  if (t.routing?.recoveryControl) {
    notes.push(
      `Route 53 ARC: the cluster costs ${usd(ARC_CLUSTER_USD_PER_HOUR)}, whether or not it is used.`,
      'Route 53 ARC creates routing controls Off: after the first apply of global, turn every region On with ' +
        '`aws route53-recovery-cluster update-routing-control-states` against one of the output recovery_cluster_endpoints ' +
        '(the ARNs are the output routing_control_arns); until then every region\'s records count as unhealthy.',
    );
  }
  if (t.routing?.cdn) {
    notes.push(
      'CloudFront origin failover serves GET, HEAD and OPTIONS only (CloudFront allows no other methods on an origin group): ' +
        'POST, PUT, PATCH and DELETE to the domain get 403, so send writes to the regions\' own names.',
    );
  }
  if (t.routing?.accelerator) {
    notes.push(
      `Global Accelerator: ${usd(ACCELERATOR_USD_PER_HOUR)} for the accelerator, plus a data transfer premium per GB.`,
      "Global Accelerator takes a region out when its load balancer has no healthy target: routing.healthCheck does not apply to load balancer endpoints (the endpoint groups keep it, ignored), so the target groups' own health checks set how fast a region is detected (topoform check assumes their defaults: every 30s, unhealthy after 2 failures).",
    );
  }
  const quota = regionsNeedingRouteQuota(t);
  if (quota.length > 0) {
    notes.push(
      `Drills cutting a region off (AWS FIS) need its VPC quota "${ROUTE_QUOTA.name}" raised to ${quota.map((r) => `${routeQuotaFloor(r)} in ${r}`).join(', ')} ` +
        `plus the routes its tables hold, before the first run: ${quota.map((r) => `\`${routeQuotaRequest(r)}\``).join(', ')}.`,
    );
  }
  const secrets = t.data.flatMap((store) =>
    store.type !== 'secret' ? [] : store.groups.map((group) => ({ name: names.secret(t.name, store, groupHome(t, group)), region: groupHome(t, group) })),
  );
  if (secrets.length > 0) {
    // The workspace whose apply creates them: the home's, or the first region of a store that does not live there.
    const workspace = [...new Set(t.data.filter((s) => s.type === 'secret').map((s) => (s.groups.flat().includes(t.home.name) ? t.home.name : s.groups[0]![0]!)))].join(' and ');
    notes.push(
      `Secrets Manager: topoform creates ${secrets.length === 1 ? 'the secret' : 'each secret'} without a value and never holds one: after the first apply of ${workspace}, ` +
        `write ${secrets.length === 1 ? 'its value' : 'each value'} where the secret lives (${secrets.map((x) => `\`aws secretsmanager put-secret-value --region ${x.region} --secret-id ${x.name} --secret-string file://<file>\``).join(', ')}); ` +
        'the replicas follow on their own, and until then every read of the secret fails.',
    );
  }
  for (const store of t.data) {
    if (store.type !== 'backup') continue;
    const vault = names.backupVault(t.name, store.name);
    const backedUp = t.data.filter((s) => store.stores.includes(s.name));
    if (store.copyToAccount !== undefined) {
      notes.push(
        `AWS Backup: ${store.name} copies every recovery point to vault \`${vault}\` of account ${store.copyToAccount} in the same region, which that account must create beforehand ` +
          `(a logically air-gapped vault, shared with this account), with an access policy admitting backup:CopyIntoBackupVault from this account; until it does, every copy job to it fails.`,
      );
    }
    if (store.lock !== false && store.lock.mode === 'compliance') {
      notes.push(
        `AWS Backup: the vaults of ${store.name} are locked in compliance mode: 3 days after the first apply the lock can no longer be removed or shortened, by anyone (AWS included), and a vault cannot be deleted while it holds recovery points (each kept ${store.lock.minRetentionDays} days at least).`,
      );
    }
    if (store.coldAfterDays !== undefined) {
      notes.push(`AWS Backup: ${store.name} moves recovery points to cold storage where the resource supports it: DynamoDB with advanced features; Aurora and S3 recovery points stay warm (and are billed so) for the whole retention.`);
    }
    if (backedUp.some((s) => s.type === 'dynamodb')) {
      notes.push(
        `AWS Backup: ${store.name} copies DynamoDB tables to another region${store.coldAfterDays !== undefined ? ' and moves them to cold storage' : ''}, which needs AWS Backup's advanced features for DynamoDB, an account setting of each region ` +
          '(on by default for accounts created since November 2021): `aws backup update-region-settings --resource-type-management-preference DynamoDB=true` where it is off.',
      );
    }
  }
  if (t.alarms) {
    const topics = t.routing ? `each region's \`${t.name}-alarms\` topic and global's \`${t.name}-alarms-global\` (us-east-1)` : `each region's \`${t.name}-alarms\` topic`;
    notes.push(
      `Alarms: AWS emails every address in alarms.email a confirmation for ${topics}; each address must confirm it ` +
        '(Terraform cannot, and SNS delivers nothing to a pending subscription). Check with `aws sns list-subscriptions-by-topic`.',
    );
  }
  return notes;
}
