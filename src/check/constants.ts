// Every figure the RTO/RPO estimate of `topoform check` assumes, in seconds (or USD), each with where it comes from.
// A figure marked "topoform assumption" has no AWS number behind it: it is a stated, conservative reading that a team
// should replace with what its own drills measure. Pages are named by title (AWS documentation), not linked.
import { ACCELERATOR_USD_PER_HOUR, ARC_CLUSTER_USD_PER_HOUR } from '../model/notes';

/** A best / typical / worst figure in seconds (or a fraction, for RPO). `Infinity` means no bound. */
export interface Figure {
  best: number;
  typical: number;
  worst: number;
}

const MINUTE = 60;

// ---- detection ------------------------------------------------------------------------------------------------

/**
 * Time one Route 53 health checker waits for an HTTP(S) answer: a TCP connection within 4 s, then a status code
 * within 2 s ("How Amazon Route 53 determines whether a health check is healthy", Route 53 Developer Guide).
 * The best case: the region fails just before a round of checks, which fail after this timeout.
 */
export const R53_HTTP_CHECK_TIMEOUT_S = 6;
/** Same page: a TCP health check must connect within 10 s. */
export const R53_TCP_CHECK_TIMEOUT_S = 10;
/**
 * Extra delay in the worst case: checkers in different locations do not coordinate and Route 53 needs more than 82 %
 * of them to report unhealthy (same page: "healthy if more than 18 % of health checkers report healthy"), so their
 * agreement can lag one more request interval behind `interval x failureThreshold`. In request intervals.
 */
export const R53_CHECKER_AGREEMENT_INTERVALS = 1;

/**
 * Behind Global Accelerator a region is taken out when its load balancer reports no healthy target: for ALB and NLB
 * endpoints (the only ones topoform makes) the endpoint group's own health check settings are ignored and the load
 * balancer's target health decides ("Health check options", AWS Global Accelerator Developer Guide:
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html). Assumed:
 * a target group at its defaults, a check every 30 s timing out after 5 s, unhealthy after 2 failures ("Health checks
 * for Application Load Balancer target groups": https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 * Best: one interval and a timeout; typical: 30 s x 2; worst: one more interval.
 */
export const GA_DETECTION: Figure = { best: 35, typical: 60, worst: 90 };

/**
 * CloudFront origin failover is per request: on a configured status code it retries the secondary origin at once;
 * on an unreachable origin after the connection timeout (default 10 s) times the connection attempts (default 3)
 * ("Optimize high availability with CloudFront origin failover" and "Origin settings", CloudFront Developer Guide).
 */
export const CDN_DETECTION: Figure = { best: 0, typical: 10, worst: 30 };

/**
 * How long an operator takes to decide on a manual failover (flipping a Route 53 ARC routing control). AWS gives no
 * figure: topoform assumption, the typical overridable by `objectives.decisionTime`. "Route 53 ARC routing control"
 * docs recommend a human decision for region evacuation, so the decision, not the flip, is the long phase.
 */
export const DECISION_TIME_DEFAULT_S = 5 * MINUTE;
/** Best and worst of the decision time as factors of its typical (topoform assumption: a page at night is slow). */
export const DECISION_TIME_BEST_FACTOR = 0.5;
export const DECISION_TIME_WORST_FACTOR = 3;

/**
 * A routing control state change reaches Route 53's data plane in seconds ("Routing control in Amazon Route 53
 * Application Recovery Controller": changes are made on a highly available five-Region cluster data plane and act
 * through Route 53 health checks). Best / typical / worst: topoform's reading of "seconds".
 */
export const ARC_FLIP: Figure = { best: 1, typical: 5, worst: 30 };

// ---- traffic shift --------------------------------------------------------------------------------------------

/**
 * An alias record to an Elastic Load Balancing load balancer answers with the load balancer's 60-second TTL
 * ("Choosing between alias and non-alias records", Route 53 Developer Guide: "the TTL is 60 seconds" for ELB).
 * Every record topoform makes points at a load balancer alias.
 */
export const ELB_ALIAS_TTL_S = 60;
/**
 * Resolvers and clients that keep an answer beyond its TTL (some ISP resolvers clamp TTLs; JVMs and connection pools
 * cache addresses, and keep-alive connections stay on the old region). Route 53's own guidance on failover notes
 * that clients may cache answers; the 15-minute tail is a topoform assumption from outages where part of the traffic
 * trailed the DNS change by that long.
 */
export const DNS_STALE_CLIENT_TAIL_S = 15 * MINUTE;
/**
 * AWS Global Accelerator moves traffic without DNS: its two static anycast addresses stay the same, and traffic goes
 * to the next healthy endpoint group "within seconds" ("How AWS Global Accelerator works"). Worst: topoform's
 * reading of "seconds" for connections that must be re-established.
 */
export const GA_SHIFT: Figure = { best: 0, typical: 1, worst: 10 };
/** CloudFront fails over within the same request: no shift phase beyond detection (same page as CDN_DETECTION). */
export const CDN_SHIFT: Figure = { best: 0, typical: 0, worst: 0 };

// ---- data promotion -------------------------------------------------------------------------------------------

/**
 * Aurora Global Database managed failover / switchover: "RTO typically under a minute" and "RPO of 1 second"
 * (Amazon Aurora features: "Amazon Aurora Global Database"; Aurora User Guide, "Using switchover or failover in an
 * Amazon Aurora global database"). Worst: topoform assumption (failover of a large cluster, plus clients reconnecting).
 */
export const AURORA_FAILOVER: Figure = { best: 30, typical: 60, worst: 5 * MINUTE };
/**
 * A headless secondary cluster (no instances, pilot light) needs a DB instance added before it can be promoted:
 * creating an Aurora instance takes minutes (topoform assumption: 5 / 10 / 20 minutes, as drills usually show).
 */
export const AURORA_ADD_INSTANCE: Figure = { best: 5 * MINUTE, typical: 10 * MINUTE, worst: 20 * MINUTE };
/**
 * ElastiCache Global Datastore: promoting a secondary cluster to primary "takes less than a minute"
 * ("Replication across AWS Regions using global datastores", ElastiCache User Guide).
 */
export const CACHE_GLOBAL_PROMOTION: Figure = { best: 20, typical: 60, worst: 2 * MINUTE };

// ---- app capacity ---------------------------------------------------------------------------------------------

/**
 * Warm standby: scale the standby from its running capacity to full. "Scale up" is minutes for Auto Scaling or ECS
 * service scaling ("Disaster Recovery of Workloads on AWS", warm standby). Topoform assumption: 3 / 5 / 15 minutes.
 */
export const SCALE_UP: Figure = { best: 3 * MINUTE, typical: 5 * MINUTE, worst: 15 * MINUTE };
/**
 * Pilot light: start the application from nothing (launch or deploy, warm up, pass health checks). The whitepaper
 * "Disaster Recovery of Workloads on AWS" puts pilot light in "tens of minutes". Topoform assumption: 10 / 20 / 45.
 */
export const START_FROM_ZERO: Figure = { best: 10 * MINUTE, typical: 20 * MINUTE, worst: 45 * MINUTE };

// ---- RPO per store --------------------------------------------------------------------------------------------

/** Aurora Global Database replicates "typically with latency under a second" (Aurora User Guide, "Overview of Amazon
 * Aurora Global Database"). Worst: topoform assumption, lag spikes under write bursts or a regional impairment; set
 * `rds.global_db_rpo` to bound it at the cost of pausing writes. */
export const AURORA_LAG: Figure = { best: 0, typical: 1, worst: MINUTE };
/** DynamoDB global tables, multi-Region eventual consistency (MREC): replication "typically within a second", last
 * writer wins ("How DynamoDB global tables work", DynamoDB Developer Guide). Worst: topoform assumption as for Aurora. */
export const DYNAMODB_MREC_LAG: Figure = { best: 0, typical: 1, worst: MINUTE };
/** DynamoDB multi-Region strong consistency (MRSC): a write succeeds once stored in a second Region: RPO zero
 * (same guide, "Multi-Region strong consistency"). */
export const DYNAMODB_MRSC_LAG: Figure = { best: 0, typical: 0, worst: 0 };
/** Aurora DSQL multi-Region clusters commit synchronously across the peered Regions: RPO zero ("Resilience in
 * Amazon Aurora DSQL", Aurora DSQL User Guide). */
export const DSQL_LAG: Figure = { best: 0, typical: 0, worst: 0 };
/** S3 Replication Time Control: "replicates most objects in seconds and 99.99 percent of them within 15 minutes"
 * (S3 User Guide, "Meeting compliance requirements with S3 Replication Time Control"). Typical: topoform's reading
 * of "seconds"; the remaining 0.01 % has no bound. */
export const S3_RTC_LAG: Figure = { best: 0, typical: 10, worst: 15 * MINUTE };
/** S3 replication without RTC: "most objects replicate within 15 minutes, but sometimes replication can take a couple
 * of hours or more" with no SLA (S3 User Guide, "Replicating objects"): no bound. */
export const S3_LAG: Figure = { best: 0, typical: 15 * MINUTE, worst: Infinity };
/** Secrets Manager replicates a secret's versions to its replicas asynchronously ("Replicate AWS Secrets Manager
 * secrets across Regions"). No latency figure is published: topoform assumption, as other asynchronous replication. */
export const SECRET_LAG: Figure = { best: 0, typical: 1, worst: MINUTE };
/** SSM parameters are written by each region's own workspace from the topology: nothing to replicate, nothing lost. */
export const PARAMETER_LAG: Figure = { best: 0, typical: 0, worst: 0 };
/**
 * EventBridge delivers to a target, another region's bus included, typically within a second, and retries a failed
 * delivery for up to 24 hours (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html).
 * Worst: topoform's assumption, as for the other asynchronous paths.
 */
export const EVENTS_LAG: Figure = { best: 0, typical: 1, worst: MINUTE };
/** ElastiCache Global Datastore replicates "with latency typically under one second" (ElastiCache User Guide, global
 * datastores). Worst: topoform assumption as for Aurora. */
export const CACHE_GLOBAL_LAG: Figure = { best: 0, typical: 1, worst: MINUTE };

// ---- availability ---------------------------------------------------------------------------------------------

/**
 * Availability a design can support, from the AWS Well-Architected Framework, Reliability Pillar, "Appendix A:
 * Designed-for availability" and its example implementations: a multi-AZ workload in one Region 99.95 %, a
 * two-Region active/standby design 99.99 %, a multi-Region active/active design with three or more Regions 99.999 %.
 * The model is deliberately coarse: it states what the shape can support, not what the application achieves.
 */
export const AVAILABILITY_SINGLE_REGION = 99.95;
export const AVAILABILITY_MULTI_REGION_STANDBY = 99.99;
export const AVAILABILITY_MULTI_REGION_ACTIVE_3 = 99.999;

// ---- cost -----------------------------------------------------------------------------------------------------

/** Hours in a month, as AWS pricing pages compute monthly figures (730). */
export const HOURS_PER_MONTH = 730;
/** Route 53 pricing ("Amazon Route 53 pricing", health checks): a basic health check of an AWS endpoint. */
export const R53_HEALTH_CHECK_USD_MONTH = 0.5;
/** Same page: each optional feature (HTTPS, string matching, fast 10-second interval, latency measurement) of a
 * health check of an AWS endpoint. */
export const R53_HEALTH_CHECK_OPTION_USD_MONTH = 1;
/** AWS Global Accelerator pricing: a fixed fee per accelerator-hour, before the data transfer premium. */
export const GA_USD_PER_HOUR = ACCELERATOR_USD_PER_HOUR;
/** Route 53 ARC pricing: a cluster costs per hour, used or not (about $1,825 a month). */
export const ARC_USD_PER_HOUR = ARC_CLUSTER_USD_PER_HOUR;

// ---- AWS's ranges for the strategies (for the README comparison) ----------------------------------------------

/** RTO ranges the whitepaper "Disaster Recovery of Workloads on AWS" gives per strategy, as it words them. */
export const AWS_STRATEGY_RANGES = {
  'backup-restore': 'hours',
  'pilot-light': 'tens of minutes',
  'warm-standby': 'minutes',
  'multi-site': 'near zero (real time)',
} as const;
