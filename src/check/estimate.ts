// The RTO/RPO estimate of `topoform check`: pure functions over the normalized model (no cdktf, no I/O).
// Every figure is best / typical / worst in seconds and carries the assumption it rests on (src/check/constants.ts).
import { durationSeconds, formatDuration, formatSeconds } from '../model/duration';
import { cronLongestGapSeconds } from '../model/schedule';
import type { BackupStore } from '../model/stores';
import { geolocationAnswers } from '../model/geolocation';
import { frontDoor } from '../model/routing';
import type { PatternName } from '../model/input';
import type { DataStore, DataStoreType, Region, Topology } from '../model/types';
import * as C from './constants';
import type { Figure } from './constants';

export type { Figure } from './constants';

export type PhaseName = 'detection' | 'traffic shift' | 'data promotion' | 'app capacity';

export interface Phase {
  name: PhaseName;
  figure: Figure;
  /** Where the figure comes from, in words (names only from the topology). */
  assumption: string;
}

export interface StoreRpo {
  store: string;
  type: DataStoreType;
  figure: Figure;
  /** False for what is not a source of truth (a per-region cache): shown, but not the topology's RPO. */
  counted: boolean;
  assumption: string;
}

export interface Scenario {
  /** `primary-lost`, `region-lost:<region>`, `<id>:operator` (ARC, manual), `link-cut`. */
  id: string;
  title: string;
  /** Whether the scenario sets the topology's RTO/RPO compared with `objectives` (region losses detected by health checks). */
  compared: boolean;
  phases: Phase[];
  /** Sum of the phases. */
  rto: Figure;
  rpo: StoreRpo[];
  /** The worst counted store, per column. */
  worstRpo: Figure;
  /** What is degraded, and anything the figures do not say. */
  notes: string[];
}

export type Status = 'met' | 'met-typical' | 'not-met' | 'no-target';

export interface Comparison {
  objective: 'rto' | 'rpo' | 'availability';
  /** As written in `objectives`. */
  target?: string;
  status: Status;
  /** Why, in words that do not repeat the status (renderers put the status before it). */
  text: string;
  /** What sets the worst figure: the phase (RTO) or store (RPO) of the worst scenario. Absent for availability. */
  tail?: Tail;
}

/** The phase or store that sets the worst figure of an objective, and the scenario it does so in. */
export interface Tail {
  scenario: string;
  /** The scenario's title: what is lost. */
  title: string;
  /** `phase` for RTO, `store` for RPO. */
  kind: 'phase' | 'store';
  /** The phase name, or the store's name. */
  name: string;
  /** The store's type (RPO only). */
  type?: DataStoreType;
  figure: Figure;
  assumption: string;
}

export interface Availability {
  /** Percent the pattern and region count can support. */
  supported: number;
  target?: number;
  assumption: string;
  /** Seconds of downtime a year the target allows (absent without a target). */
  budgetSeconds?: number;
  /** How many failovers at the typical RTO fit in that budget. */
  failoversInBudget?: number;
}

export interface CostItem {
  item: string;
  usdMonth: number;
  basis: string;
}

export interface Cost {
  items: CostItem[];
  /** Monthly USD of the global pieces (fixed fees only). */
  totalUsdMonth: number;
  /** App tier: 1 + the sum of the other regions' capacity / 100 (the primary's capacity counts as 1). */
  appMultiplier: number;
  dataCopies: { store: string; copies: number; note?: string }[];
  notes: string[];
}

export type AwsStrategy = keyof typeof C.AWS_STRATEGY_RANGES;

export interface Estimate {
  topology: string;
  pattern: PatternName;
  regions: string[];
  scenarios: Scenario[];
  /** Worst of the compared scenarios, column by column. */
  rto: Figure;
  rpo: Figure;
  objectives: Comparison[];
  availability: Availability;
  cost: Cost;
  /** The strategy of AWS's disaster-recovery whitepaper this pattern corresponds to, and its RTO range. */
  awsStrategy: { strategy: AwsStrategy; range: string };
}

const ZERO: Figure = { best: 0, typical: 0, worst: 0 };
const UNBOUNDED: Figure = { best: Infinity, typical: Infinity, worst: Infinity };

export function sum(...figures: Figure[]): Figure {
  return figures.reduce((a, f) => ({ best: a.best + f.best, typical: a.typical + f.typical, worst: a.worst + f.worst }), ZERO);
}

export function worst(...figures: Figure[]): Figure {
  return figures.reduce((a, f) => ({ best: Math.max(a.best, f.best), typical: Math.max(a.typical, f.typical), worst: Math.max(a.worst, f.worst) }), ZERO);
}

const ALL_ACTIVE: readonly PatternName[] = ['active-active', 'partitioned'];
const STANDBY: readonly PatternName[] = ['active-passive', 'warm-standby', 'pilot-light'];

/** Regions that answer traffic while all are healthy. */
export function trafficRegions(t: Topology): string[] {
  const names = t.regions.map((r) => r.name);
  const routing = t.routing;
  if (!routing) return STANDBY.includes(t.pattern) || t.pattern === 'hybrid' ? [t.primary.name] : names;
  if (frontDoor(routing) === 'accelerator') return STANDBY.includes(t.pattern) ? [t.primary.name] : names;
  if (frontDoor(routing) === 'cdn') return [t.primary.name];
  switch (routing.policy) {
    case 'failover':
      return [names[0]!];
    case 'weighted':
      return names.filter((n) => (routing.weights?.[n] ?? 0) > 0);
    case 'geolocation':
      return names.filter((n) => routing.geolocation?.[n] !== undefined);
    case 'latency':
      return names;
  }
}

/** The regions a lost region's traffic goes to. */
function takers(t: Topology, lost: string): Region[] {
  const carrying = trafficRegions(t).filter((n) => n !== lost);
  const survivors = t.regions.filter((r) => r.name !== lost);
  if (carrying.length > 0) return survivors.filter((r) => carrying.includes(r.name));
  // The sole carrier lost (failover): the next region in failover order.
  return survivors.slice(0, 1);
}

// ---- phases ---------------------------------------------------------------------------------------------------

function detectionByChecks(t: Topology): Phase {
  const routing = t.routing;
  if (!routing) return { name: 'detection', figure: operatorDecision(t), assumption: 'no routing in the topology: nothing detects the loss for you; an operator decides (objectives.decisionTime)' };
  const door = frontDoor(routing);
  if (door === 'accelerator') {
    return {
      name: 'detection',
      figure: C.GA_DETECTION,
      assumption: "Global Accelerator follows the load balancers' target health (routing.healthCheck does not apply to load balancer endpoints): target group defaults, a check every 30s, unhealthy after 2 failures; worst adds one interval",
    };
  }
  if (door === 'cdn') return { name: 'detection', figure: C.CDN_DETECTION, assumption: 'CloudFront origin failover per request: at once on a failover status code, else after the origin connection timeout (10s) x attempts (3)' };
  const hc = routing.healthCheck;
  const timeout = hc.protocol === 'TCP' ? C.R53_TCP_CHECK_TIMEOUT_S : C.R53_HTTP_CHECK_TIMEOUT_S;
  const figure: Figure = {
    best: hc.interval * (hc.failureThreshold - 1) + timeout,
    typical: hc.interval * hc.failureThreshold,
    worst: hc.interval * (hc.failureThreshold + C.R53_CHECKER_AGREEMENT_INTERVALS),
  };
  return {
    name: 'detection',
    figure,
    assumption: `Route 53 health checks: interval ${hc.interval}s x failureThreshold ${hc.failureThreshold}; best: failure just before a round (${timeout}s ${hc.protocol} timeout); worst: checkers agree one interval later`,
  };
}

function operatorDecision(t: Topology): Figure {
  const written = t.objectives.decisionTime;
  const typical = written !== undefined ? durationSeconds(written) : C.DECISION_TIME_DEFAULT_S;
  return { best: typical * C.DECISION_TIME_BEST_FACTOR, typical, worst: typical * C.DECISION_TIME_WORST_FACTOR };
}

function detectionByOperator(t: Topology): Phase {
  const written = t.objectives.decisionTime;
  const source = written !== undefined ? `objectives.decisionTime ${written}` : `default ${C.DECISION_TIME_DEFAULT_S / 60}m (set objectives.decisionTime)`;
  return {
    name: 'detection',
    figure: sum(operatorDecision(t), C.ARC_FLIP),
    assumption: `operator decides to fail over (${source}; best x${C.DECISION_TIME_BEST_FACTOR}, worst x${C.DECISION_TIME_WORST_FACTOR}), then flips the ARC routing controls (seconds in ARC's data plane)`,
  };
}

function trafficShift(t: Topology): Phase {
  const routing = t.routing;
  if (!routing) return { name: 'traffic shift', figure: UNBOUNDED, assumption: 'no routing in the topology: clients must be repointed outside topoform' };
  const door = frontDoor(routing);
  if (door === 'accelerator') return { name: 'traffic shift', figure: C.GA_SHIFT, assumption: 'Global Accelerator: same anycast addresses, traffic moves within seconds; no DNS caching involved' };
  if (door === 'cdn') return { name: 'traffic shift', figure: C.CDN_SHIFT, assumption: 'CloudFront retries the other origin within the same request (GET, HEAD, OPTIONS only: writes do not fail over)' };
  return {
    name: 'traffic shift',
    figure: { best: 0, typical: C.ELB_ALIAS_TTL_S, worst: C.ELB_ALIAS_TTL_S + C.DNS_STALE_CLIENT_TAIL_S },
    assumption: `DNS: alias records answer with the load balancer's ${C.ELB_ALIAS_TTL_S}s TTL; worst adds ${C.DNS_STALE_CLIENT_TAIL_S / 60}m for resolvers and clients that ignore the TTL`,
  };
}

/** The group of a store that holds a region, if any. */
function groupOf(store: DataStore, region: string): string[] | undefined {
  return store.groups.find((g) => g.includes(region));
}

function dataPromotion(t: Topology, lost: string, to: Region | undefined): Phase {
  const parts: { figure: Figure; text: string }[] = [];
  for (const store of t.data) {
    const group = groupOf(store, lost);
    if (!group || group[0] !== lost || group.length < 2) continue;
    const target = to && group.includes(to.name) ? to.name : group[1]!;
    if (store.type === 'aurora') {
      if (store.instances.secondary === 0) {
        parts.push({ figure: sum(C.AURORA_ADD_INSTANCE, C.AURORA_FAILOVER), text: `${store.name}: add an instance to the headless cluster in ${target}, then Aurora managed failover` });
      } else {
        parts.push({ figure: C.AURORA_FAILOVER, text: `${store.name}: Aurora managed failover to ${target} (typically under a minute)` });
      }
    } else if (store.type === 'cache' && store.mode === 'global') {
      parts.push({ figure: C.CACHE_GLOBAL_PROMOTION, text: `${store.name}: promote the Global Datastore member in ${target} (under a minute)` });
    }
  }
  if (parts.length === 0) {
    return { name: 'data promotion', figure: ZERO, assumption: `nothing to promote: no writer of a single-writer store (Aurora, global cache) was in ${lost}` };
  }
  // Promotions run in parallel: the slowest sets the phase.
  return { name: 'data promotion', figure: worst(...parts.map((p) => p.figure)), assumption: parts.map((p) => p.text).join('; ') + (parts.length > 1 ? ' (in parallel: the slowest counts)' : '') };
}

function appCapacity(takersOf: Region[]): Phase {
  if (takersOf.length === 0) return { name: 'app capacity', figure: UNBOUNDED, assumption: 'no region is left to take the traffic' };
  const least = takersOf.reduce((a, r) => (r.capacity < a.capacity ? r : a));
  if (least.capacity === 0) return { name: 'app capacity', figure: C.START_FROM_ZERO, assumption: `pilot light: start the app in ${least.name} from 0 (tens of minutes)` };
  if (least.capacity < 100) return { name: 'app capacity', figure: C.SCALE_UP, assumption: `warm standby: scale ${least.name} from ${least.capacity}% to full (minutes); it serves at reduced capacity meanwhile` };
  return { name: 'app capacity', figure: ZERO, assumption: takersOf.length > 1 ? `${takersOf.map((r) => r.name).join(', ')} already run at full capacity` : `${least.name} already runs at full capacity` };
}

// ---- RPO ------------------------------------------------------------------------------------------------------

/** Regions whose writes to the store are taken there first (and can be lost with that region). */
function writers(store: DataStore, group: string[]): string[] {
  switch (store.type) {
    case 'aurora':
    case 'secret':
      return [group[0]!];
    case 's3':
      return store.direction === 'two-way' ? group : [group[0]!];
    case 'cache':
      return store.mode === 'global' ? [group[0]!] : group;
    case 'dynamodb':
    case 'dsql':
    case 'parameter':
    case 'queue':
    case 'backup':
      return group;
    case 'events':
      // A global endpoint sends to the primary's bus; forwarding takes events in every region.
      return store.delivery === 'forward' ? group : [group[0]!];
  }
}

function lagOf(store: DataStore): { figure: Figure; text: string } {
  switch (store.type) {
    case 'aurora':
      return { figure: C.AURORA_LAG, text: 'Aurora Global Database async replication, typically under 1s; lag spikes under load' };
    case 'dynamodb':
      return store.consistency === 'strong'
        ? { figure: C.DYNAMODB_MRSC_LAG, text: 'DynamoDB MRSC: a write is stored in a second region before it succeeds' }
        : { figure: C.DYNAMODB_MREC_LAG, text: 'DynamoDB MREC: replication typically within 1s, last writer wins' };
    case 's3':
      return store.rtc
        ? { figure: C.S3_RTC_LAG, text: 'S3 replication with RTC: most objects in seconds, 99.99% within 15m' }
        : { figure: C.S3_LAG, text: 'S3 replication without RTC: no SLA, most within 15m, sometimes hours (set replication.rtc)' };
    case 'dsql':
      return { figure: C.DSQL_LAG, text: 'Aurora DSQL: synchronous commit across the peered regions' };
    case 'secret':
      return { figure: C.SECRET_LAG, text: 'Secrets Manager replica: async, a value or rotation of the last moments may be missing' };
    case 'parameter':
      return { figure: C.PARAMETER_LAG, text: 'SSM parameter: written in every region from the topology' };
    case 'cache':
      return store.mode === 'global'
        ? { figure: C.CACHE_GLOBAL_LAG, text: 'ElastiCache Global Datastore: async, typically under 1s' }
        : { figure: ZERO, text: 'per-region cache: lost with the region, the others are independent (cold for the moved traffic)' };
    case 'events':
      return store.delivery === 'forward'
        ? { figure: C.EVENTS_LAG, text: 'EventBridge forwarding: events put in the last seconds may not have reached the other buses; those still retrying arrive when the region returns' }
        : { figure: C.EVENTS_LAG, text: 'EventBridge global endpoint: events replicate to the secondary asynchronously; the last seconds may be missing there' };
    case 'queue':
      return { figure: ZERO, text: 'SQS does not replicate: messages in flight in the lost region stay in its queue' };
    case 'backup':
      return { figure: ZERO, text: 'backup copies in the other regions' };
  }
}

/** Stores whose figure is shown but not counted in the RPO: a per-region cache, a queue (held, not lost), a backup (another path). */
function counted(store: DataStore): boolean {
  return !(store.type === 'cache' && store.mode === 'per-region') && store.type !== 'queue' && store.type !== 'backup';
}

/**
 * The backup path's RPO: a logical corruption (a dropped table, encrypted objects) replicates everywhere within
 * seconds, so what is left is the last recovery point before it, up to the longest gap between two runs of the schedule.
 */
export function backupRpo(store: BackupStore): StoreRpo {
  const gap = cronLongestGapSeconds(store.schedule);
  return {
    store: store.name,
    type: 'backup',
    counted: false,
    figure: { best: 0, typical: gap / 2, worst: gap },
    assumption: `backup path, for a corruption that replication spreads: the last recovery point, up to ${formatDuration(gap * 1000)} old (${store.schedule}); ${recoveryPointsKept(store)} recovery points kept per region`,
  };
}

/** Recovery points a vault holds once the schedule has run for the whole retention (its own runs; copies add as many per sender). */
export function recoveryPointsKept(store: BackupStore): number {
  return Math.ceil((store.retentionDays * 86_400) / cronLongestGapSeconds(store.schedule));
}

function storeRpoOnLoss(store: DataStore, lost: string): StoreRpo {
  const base = { store: store.name, type: store.type, counted: counted(store) };
  const group = groupOf(store, lost);
  if (!group) return { ...base, figure: ZERO, assumption: `no copy in ${lost}` };
  if (store.type === 'backup') return backupRpo(store);
  if (store.type === 'queue') {
    return { ...base, figure: ZERO, assumption: `messages in flight in ${lost}: they stay in its queue until the region returns (deleted if the outage outlasts the retention of ${formatSeconds(store.retentionSeconds)}); not counted in the RPO` };
  }
  if (store.type === 'cache' && store.mode === 'per-region') {
    return { ...base, figure: ZERO, assumption: `the cache in ${lost} is lost; not counted in the RPO: it is rebuilt from the source of truth` };
  }
  if (group.length < 2) return { ...base, figure: UNBOUNDED, assumption: `no copy outside ${lost}: unavailable until the region returns` };
  if (!writers(store, group).includes(lost)) return { ...base, figure: ZERO, assumption: `writes go to ${writers(store, group)[0]}: ${lost} holds a replica only` };
  const lag = lagOf(store);
  return { ...base, figure: lag.figure, assumption: lag.text };
}

function storeRpoOnCut(store: DataStore): StoreRpo {
  const base = { store: store.name, type: store.type, counted: counted(store) };
  if (store.type === 'backup') return backupRpo(store);
  if (store.type === 'queue') return { ...base, figure: ZERO, assumption: 'a queue per region: nothing crosses the link' };
  if (store.groups.every((g) => g.length < 2)) return { ...base, figure: ZERO, assumption: 'not replicated: nothing crosses the link' };
  switch (store.type) {
    case 'dsql':
    case 'parameter':
      return { ...base, figure: ZERO, assumption: store.type === 'dsql' ? 'synchronous: a region cut off from the quorum cannot commit (no loss, no writes there)' : 'written per region: nothing crosses the link' };
    case 'dynamodb':
      if (store.consistency === 'strong') return { ...base, figure: ZERO, assumption: 'MRSC: a region cut off from the quorum refuses writes (no loss, no writes there)' };
      break;
    case 'cache':
      if (store.mode === 'per-region') return { ...base, figure: ZERO, assumption: 'per-region cache: nothing crosses the link' };
      break;
    default:
      break;
  }
  return { ...base, figure: UNBOUNDED, assumption: 'grows with the cut: everything written since it began is lost if the writing region is then lost' };
}

// ---- scenarios ------------------------------------------------------------------------------------------------

function worstCounted(rpo: StoreRpo[]): Figure {
  return worst(...rpo.filter((r) => r.counted).map((r) => r.figure));
}

function scenario(id: string, title: string, compared: boolean, phases: Phase[], rpo: StoreRpo[], notes: string[]): Scenario {
  return { id, title, compared, phases, rto: sum(...phases.map((p) => p.figure)), rpo, worstRpo: worstCounted(rpo), notes };
}

function lossNotes(t: Topology, lost: string, to: Region[]): string[] {
  const notes: string[] = [];
  if (t.routing && !frontDoor(t.routing)) notes.push('some clients and resolvers ignore DNS TTLs: the worst traffic-shift figure is that tail');
  for (const store of t.data) {
    const group = groupOf(store, lost);
    if (!group || group[0] !== lost || group.length < 2) continue;
    if (store.type === 'secret') notes.push(`${store.name}: replicas in ${group.slice(1).join(', ')} keep serving reads; to write or rotate, promote one outside Terraform`);
    if (store.type === 's3' && store.direction === 'one-way') notes.push(`${store.name}: the bucket in ${to[0]?.name ?? group[1]} is writable, but nothing replicates from it until replication is reversed`);
  }
  notes.push(...geolocationNotes(t, lost));
  if (t.routing?.policy === 'failover' && !frontDoor(t.routing) && t.regions.length > 2 && to[0]) {
    notes.push(`failover chain: traffic goes to ${to[0].name}, the next region in order`);
  }
  return notes;
}

/** Under geolocation routing: where Route 53 answers the lost region's clients from, and whether that leaves their jurisdiction. */
function geolocationNotes(t: Topology, lost: string): string[] {
  const map = t.routing?.geolocation;
  if (!t.routing || t.routing.policy !== 'geolocation' || !map || frontDoor(t.routing)) return [];
  const jurisdiction = new Map(t.regions.map((r) => [r.name, r.jurisdiction]));
  const own = jurisdiction.get(lost);
  const groups = new Map<string, string[]>();
  for (const location of map[lost] ?? []) {
    if (location === '*') continue;
    for (const answer of geolocationAnswers(map, location, new Set([lost]))) {
      let where: string;
      if (!answer) {
        where = `have no healthy record left (the "*" default is in ${lost} too)`;
      } else {
        const record = answer.location === '*' ? 'the "*" default record' : `the ${answer.location} record`;
        const theirs = jurisdiction.get(answer.region);
        const leaves = own !== undefined && theirs !== own ? `, jurisdiction ${theirs ?? 'none'}: out of ${own}` : '';
        where = `fall back to ${record} in ${answer.region}${leaves}`;
      }
      const list = groups.get(where) ?? [];
      if (!list.includes(location)) list.push(location);
      groups.set(where, list);
    }
  }
  return [...groups].map(([where, locations]) => `geolocation: the clients of ${locations.join(', ')} ${where}`);
}

function regionLost(t: Topology, region: Region): Scenario[] {
  const lost = region.name;
  const primaryRole = t.regions.some((r) => r.role === 'primary') && t.primary.name === lost;
  const id = primaryRole ? 'primary-lost' : `region-lost:${lost}`;
  const rpo = t.data.map((s) => storeRpoOnLoss(s, lost));
  const carries = trafficRegions(t).includes(lost);
  const to = takers(t, lost);
  const promotion = dataPromotion(t, lost, to[0]);
  if (!carries) {
    const notes = [`${lost} carried no traffic: nothing moves`, `degraded: one region fewer to fail over to; replication to ${lost} stops until it returns`];
    const phases: Phase[] = [{ name: 'detection', figure: ZERO, assumption: `${lost} carried no traffic: no failover` }];
    if (promotion.figure.worst > 0) phases.push(promotion);
    return [scenario(id, `${lost} lost (it carried no traffic)`, true, phases, rpo, notes)];
  }
  const title = `${lost} lost, traffic to ${to.map((r) => r.name).join(', ') || 'nowhere'}`;
  const notes = lossNotes(t, lost, to);
  const out = [scenario(id, title, true, [detectionByChecks(t), trafficShift(t), promotion, appCapacity(to)], rpo, notes)];
  if (t.routing?.recoveryControl) {
    out.push(
      scenario(`${id}:operator`, `${lost} impaired but passing health checks: an operator flips ARC routing controls`, false, [detectionByOperator(t), trafficShift(t), promotion, appCapacity(to)], rpo, [
        'a gray failure the health checks do not see; not compared with objectives (a region lost outright is caught by the health checks above)',
      ]),
    );
  }
  return out;
}

function linkCut(t: Topology): Scenario {
  const notes = ['no failover needed: every region keeps serving from its own copy; Route 53 health checkers are outside the regions, so no region turns unhealthy'];
  for (const s of t.data) {
    if (s.type === 'aurora' && s.writeForwarding) notes.push(`${s.name}: writes forwarded from the other regions to ${s.groups[0]![0]} fail while the link is cut`);
    if ((s.type === 'dynamodb' && s.consistency === 'strong') || s.type === 'dsql') notes.push(`${s.name}: a region cut off from the quorum cannot write`);
    if (s.type === 'dynamodb' && s.consistency === 'eventual' && t.regions.length > 1) notes.push(`${s.name}: both sides accept writes; when the link returns, the last writer wins per item`);
  }
  notes.push('RTO is not compared with objectives here; the RPO shows what a region loss during the cut would cost');
  const phases: Phase[] = [{ name: 'detection', figure: ZERO, assumption: 'no failover: replication pauses, traffic stays where it is' }];
  return scenario('link-cut', 'cross-region link cut (replication stops)', false, phases, t.data.map(storeRpoOnCut), notes);
}

export function scenarios(t: Topology): Scenario[] {
  return [...t.regions.flatMap((r) => regionLost(t, r)), linkCut(t)];
}

// ---- comparisons, availability, cost --------------------------------------------------------------------------

/** The phase (RTO) or counted store (RPO) with the largest worst figure, in the compared scenario whose worst is largest. */
export function tailOf(all: readonly Scenario[], objective: 'rto' | 'rpo'): Tail | undefined {
  const compared = all.filter((s) => s.compared);
  const worstOf = (s: Scenario) => (objective === 'rto' ? s.rto.worst : s.worstRpo.worst);
  const scenario = compared.reduce<Scenario | undefined>((a, s) => (a === undefined || worstOf(s) > worstOf(a) ? s : a), undefined);
  if (!scenario) return undefined;
  const base = { scenario: scenario.id, title: scenario.title };
  if (objective === 'rto') {
    const p = scenario.phases.reduce((a, x) => (x.figure.worst > a.figure.worst ? x : a));
    return { ...base, kind: 'phase', name: p.name, figure: p.figure, assumption: p.assumption };
  }
  const counted = scenario.rpo.filter((r) => r.counted);
  if (counted.length === 0) return undefined;
  const r = counted.reduce((a, x) => (x.figure.worst > a.figure.worst ? x : a));
  return { ...base, kind: 'store', name: r.store, type: r.type, figure: r.figure, assumption: r.assumption };
}

function compareDuration(objective: 'rto' | 'rpo', target: string | undefined, figure: Figure, tail: Tail | undefined): Comparison {
  if (target === undefined) return { objective, status: 'no-target', text: `objectives.${objective} is not set` };
  const t = durationSeconds(target);
  const setBy = (lead: string) => (tail ? `${lead} ${tail.kind === 'phase' ? `phase ${tail.name}` : `store ${tail.name}`} (${tail.scenario})` : '');
  if (figure.worst <= t) return { objective, target, status: 'met', text: `even the worst figure is within ${target}` };
  if (figure.typical <= t) return { objective, target, status: 'met-typical', text: `the worst figure exceeds ${target}${setBy(', set by')}`, ...(tail ? { tail } : {}) };
  return { objective, target, status: 'not-met', text: `the typical figure exceeds ${target}${setBy('; the worst is set by')}`, ...(tail ? { tail } : {}) };
}

const YEAR_S = 365 * 24 * 3600;

export function availability(t: Topology, rto: Figure): Availability {
  const byCount = (n: number, allActive: boolean) => (n < 2 ? C.AVAILABILITY_SINGLE_REGION : allActive && n >= 3 ? C.AVAILABILITY_MULTI_REGION_ACTIVE_3 : C.AVAILABILITY_MULTI_REGION_STANDBY);
  const allActive = ALL_ACTIVE.includes(t.pattern);
  let supported = byCount(t.regions.length, allActive);
  let why = `${t.regions.length} regions, ${allActive ? 'all active' : 'one writer region and standbys'}`;
  if (t.pattern === 'partitioned' && t.data.some((s) => s.regulated)) {
    const counts = new Map<string, number>();
    for (const r of t.regions) counts.set(r.jurisdiction ?? '', (counts.get(r.jurisdiction ?? '') ?? 0) + 1);
    const least = Math.min(...counts.values());
    supported = Math.min(supported, byCount(least, true));
    why = `regulated data stays in its jurisdiction: the smallest jurisdiction has ${least} region${least === 1 ? '' : 's'}`;
  }
  const out: Availability = {
    supported,
    assumption: `${why}; AWS Well-Architected Reliability Pillar: one region multi-AZ ${C.AVAILABILITY_SINGLE_REGION}%, multi-region with standby ${C.AVAILABILITY_MULTI_REGION_STANDBY}%, active in 3+ regions ${C.AVAILABILITY_MULTI_REGION_ACTIVE_3}%`,
  };
  const target = t.objectives.availability;
  if (target !== undefined) {
    out.target = target;
    out.budgetSeconds = Math.round(((100 - target) / 100) * YEAR_S);
    if (rto.typical > 0 && Number.isFinite(rto.typical)) out.failoversInBudget = Math.floor((out.budgetSeconds / rto.typical) * 10) / 10;
  }
  return out;
}

function compareAvailability(a: Availability): Comparison {
  if (a.target === undefined) return { objective: 'availability', status: 'no-target', text: 'objectives.availability is not set' };
  const target = `${a.target}%`;
  if (a.supported >= a.target) return { objective: 'availability', target, status: 'met', text: `the design supports ${a.supported}%` };
  return { objective: 'availability', target, status: 'not-met', text: `the design supports ${a.supported}%, below ${target}` };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function cost(t: Topology): Cost {
  const items: CostItem[] = [];
  const routing = t.routing;
  if (routing && !frontDoor(routing)) {
    const hc = routing.healthCheck;
    const options = [hc.protocol === 'HTTPS' ? 'HTTPS' : undefined, hc.interval === 10 ? 'fast interval' : undefined].filter((o): o is string => o !== undefined);
    const each = C.R53_HEALTH_CHECK_USD_MONTH + options.length * C.R53_HEALTH_CHECK_OPTION_USD_MONTH;
    items.push({
      item: `Route 53 health checks (${t.regions.length})`,
      usdMonth: round2(each * t.regions.length),
      basis: `$${C.R53_HEALTH_CHECK_USD_MONTH} each for an AWS endpoint${options.length ? ` + $${C.R53_HEALTH_CHECK_OPTION_USD_MONTH} per option (${options.join(', ')})` : ''}, before any free tier`,
    });
  }
  if (routing?.accelerator) items.push({ item: 'Global Accelerator', usdMonth: round2(C.GA_USD_PER_HOUR * C.HOURS_PER_MONTH), basis: `$${C.GA_USD_PER_HOUR}/hour fixed fee, plus a data transfer premium per GB` });
  if (routing?.cdn) items.push({ item: 'CloudFront', usdMonth: 0, basis: 'no fixed fee: per request and per GB' });
  if (routing?.recoveryControl) items.push({ item: 'Route 53 ARC cluster', usdMonth: round2(C.ARC_USD_PER_HOUR * C.HOURS_PER_MONTH), basis: `$${C.ARC_USD_PER_HOUR}/cluster-hour, used or not` });
  const others = t.regions.filter((r) => r.name !== t.primary.name);
  const appMultiplier = round2(1 + others.reduce((a, r) => a + r.capacity / 100, 0));
  const dataCopies = t.data.map((s) => {
    const copies = s.groups.reduce((a, g) => a + g.length, 0);
    const entry: Cost['dataCopies'][number] = { store: s.name, copies };
    if (s.type === 'aurora' && s.instances.secondary === 0) entry.note = 'standby clusters are headless: storage copies, no instances';
    if (s.type === 'aurora' && s.instances.secondary > 0) entry.note = `${s.instances.secondary} instance(s) per standby cluster`;
    if (s.groups.length > 1) entry.note = `${s.groups.length} independent groups (per jurisdiction)`;
    return entry;
  });
  return {
    items,
    totalUsdMonth: round2(items.reduce((a, i) => a + i.usdMonth, 0)),
    appMultiplier,
    dataCopies,
    notes: [`app tier: 1 + the other regions' capacity / 100 = x${appMultiplier} of one region's running cost`],
  };
}

export function awsStrategy(pattern: PatternName): AwsStrategy {
  switch (pattern) {
    case 'pilot-light':
      return 'pilot-light';
    case 'warm-standby':
    case 'active-passive':
      return 'warm-standby';
    case 'hybrid':
    case 'active-active':
    case 'partitioned':
      return 'multi-site';
  }
}

/** The estimate of a topology: scenarios, totals, the comparison with `objectives`, availability and cost. */
export function estimate(t: Topology): Estimate {
  const all = scenarios(t);
  const compared = all.filter((s) => s.compared);
  const rto = worst(...compared.map((s) => s.rto));
  const rpo = worst(...compared.map((s) => s.worstRpo));
  const avail = availability(t, rto);
  const strategy = awsStrategy(t.pattern);
  return {
    topology: t.name,
    pattern: t.pattern,
    regions: t.regions.map((r) => r.name),
    scenarios: all,
    rto,
    rpo,
    objectives: [compareDuration('rto', t.objectives.rto, rto, tailOf(all, 'rto')), compareDuration('rpo', t.objectives.rpo, rpo, tailOf(all, 'rpo')), compareAvailability(avail)],
    availability: avail,
    cost: cost(t),
    awsStrategy: { strategy, range: C.AWS_STRATEGY_RANGES[strategy] },
  };
}
