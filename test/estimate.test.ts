// The RTO/RPO estimate of `topoform check`: figures per example, the front doors, the stores' RPO, the objectives,
// the README's comparison table, and that every default in src/check/constants.ts is used.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as C from '../src/check/constants';
import { estimate, estimateJson, humanDuration, readmeComparisonRow, renderEstimateText, type Estimate, type Scenario } from '../src/check';
import type { TopologyInput } from '../src/model/input';
import { normalize } from '../src/model/normalize';
import { validateFile } from '../src/validate';
import { ROOT } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';

/** An example's model, loaded as `validate` loads it (schema, normalize, rules). */
function exampleEstimate(name: string): Estimate {
  const r = validateFile(join(ROOT, 'examples', name, 'topology.yaml'));
  if (!r.value) throw new Error(`example ${name} does not validate`);
  return estimate(r.value.topology);
}

const scenario = (e: Estimate, id: string): Scenario => {
  const s = e.scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id} in ${e.scenarios.map((x) => x.id).join(', ')}`);
  return s;
};
const phase = (s: Scenario, name: string) => s.phases.find((p) => p.name === name)!;

const base = (extra: Partial<TopologyInput> = {}): TopologyInput => ({
  version: 1,
  name: 'shop',
  pattern: 'active-passive',
  regions: [
    { name: 'us-east-1', endpoint: { dnsName: 'a.us-east-1.elb.amazonaws.com', zoneId: 'Z35SXDOTRQ7X7K' } },
    { name: 'us-west-2', endpoint: { dnsName: 'b.us-west-2.elb.amazonaws.com', zoneId: 'Z1H1FL5HABSF5' } },
  ],
  routing: { domain: 'api.example.com', zone: 'example.com' },
  ...extra,
});

describe('estimate per example', () => {
  it('warm standby: detection is interval x threshold (10s x 3) typical, a scale-up phase, three regions chained', () => {
    const e = exampleEstimate('warm-standby-three-regions');
    const s = scenario(e, 'primary-lost');
    expect(phase(s, 'detection').figure).toEqual({ best: 26, typical: 30, worst: 40 });
    expect(phase(s, 'traffic shift').figure).toEqual({ best: 0, typical: C.ELB_ALIAS_TTL_S, worst: C.ELB_ALIAS_TTL_S + C.DNS_STALE_CLIENT_TAIL_S });
    expect(phase(s, 'app capacity').figure).toEqual(C.SCALE_UP);
    expect(s.rto.typical).toBe(30 + 60 + C.SCALE_UP.typical);
    expect(s.notes.join('\n')).toContain('failover chain: traffic goes to eu-central-1');
    // The secondaries carried no traffic: losing one moves nothing.
    expect(scenario(e, 'region-lost:eu-north-1').rto).toEqual({ best: 0, typical: 0, worst: 0 });
    // S3 without RTC has no bound; the per-region cache is shown but not counted.
    expect(e.rpo.worst).toBe(Infinity);
    expect(s.rpo.find((r) => r.store === 'rates')).toMatchObject({ counted: false });
  });

  it('warm standby with ARC: the operator path is given too, with the default decision time', () => {
    const s = scenario(exampleEstimate('warm-standby-three-regions'), 'primary-lost:operator');
    expect(s.compared).toBe(false);
    expect(phase(s, 'detection').figure.typical).toBe(C.DECISION_TIME_DEFAULT_S + C.ARC_FLIP.typical);
  });

  it('active-passive: threshold 2 detection, hot standby needs no scale-up, RTC bounds the RPO at 15 minutes', () => {
    const e = exampleEstimate('active-passive');
    const s = scenario(e, 'primary-lost');
    expect(phase(s, 'detection').figure.typical).toBe(20);
    expect(phase(s, 'app capacity').figure).toEqual({ best: 0, typical: 0, worst: 0 });
    expect(e.rpo).toEqual(C.S3_RTC_LAG);
    expect(e.cost.appMultiplier).toBe(2);
  });

  it('pilot light: a start-from-zero phase and a headless Aurora that needs an instance before promotion', () => {
    const s = scenario(exampleEstimate('pilot-light'), 'primary-lost');
    expect(phase(s, 'app capacity').figure).toEqual(C.START_FROM_ZERO);
    expect(phase(s, 'data promotion').figure.typical).toBe(C.AURORA_ADD_INSTANCE.typical + C.AURORA_FAILOVER.typical);
    expect(s.rto.typical).toBeGreaterThanOrEqual(20 * 60);
  });

  it('active-active: one scenario per region, no promotion; hybrid: the Aurora writer fails over with the primary', () => {
    const aa = exampleEstimate('active-active');
    expect(aa.scenarios.map((s) => s.id)).toEqual(['region-lost:us-east-1', 'region-lost:us-east-2', 'link-cut']);
    expect(phase(scenario(aa, 'region-lost:us-east-2'), 'data promotion').figure).toEqual({ best: 0, typical: 0, worst: 0 });
    expect(aa.availability.supported).toBe(C.AVAILABILITY_MULTI_REGION_STANDBY); // two regions only
    const hy = scenario(exampleEstimate('hybrid'), 'primary-lost');
    expect(phase(hy, 'data promotion').figure).toEqual(C.AURORA_FAILOVER);
  });

  it('DSQL and a link cut: RPO 0 for DSQL, grows with the cut for asynchronous stores', () => {
    const cut = scenario(exampleEstimate('active-active'), 'link-cut');
    expect(cut.compared).toBe(false);
    expect(cut.rpo.find((r) => r.store === 'ledger')!.figure).toEqual({ best: 0, typical: 0, worst: 0 });
    expect(cut.rpo.find((r) => r.store === 'carts')!.figure.typical).toBe(Infinity);
    expect(cut.notes.join('\n')).toContain('ledger: a region cut off from the quorum cannot write');
    const hybridCut = scenario(exampleEstimate('hybrid'), 'link-cut');
    expect(hybridCut.notes.join('\n')).toContain('products: writes forwarded from the other regions to eu-west-1 fail');
  });

  it('partitioned: availability is bounded by the smallest jurisdiction holding regulated data', () => {
    expect(exampleEstimate('partitioned').availability.supported).toBe(C.AVAILABILITY_MULTI_REGION_STANDBY);
    const t = normalize({
      version: 1,
      name: 'health',
      pattern: 'partitioned',
      regions: [
        { name: 'eu-west-1', jurisdiction: 'eu' },
        { name: 'us-east-1', jurisdiction: 'us' },
        { name: 'us-west-2', jurisdiction: 'us' },
      ],
      data: [{ name: 'records', type: 's3', regulated: true }],
    });
    const e = estimate(t);
    expect(e.availability.supported).toBe(C.AVAILABILITY_SINGLE_REGION);
    // The EU copy has nowhere to go: losing eu-west-1 loses access to its regulated data until it returns.
    expect(scenario(e, 'region-lost:eu-west-1').rpo.find((r) => r.store === 'records')!.figure.worst).toBe(Infinity);
  });
});

describe('front doors and stores', () => {
  it('Global Accelerator: detection by its health checks, a shift of seconds that does not depend on DNS', () => {
    const e = estimate(normalize(base({ routing: { domain: 'api.example.com', zone: 'example.com', accelerator: {} } })));
    const s = scenario(e, 'primary-lost');
    expect(phase(s, 'detection').figure).toEqual(C.GA_DETECTION);
    expect(phase(s, 'traffic shift').figure).toEqual(C.GA_SHIFT);
    expect(phase(s, 'traffic shift').figure.worst).toBeLessThan(60);
    expect(e.cost.items.map((i) => i.item)).toEqual(['Global Accelerator']);
  });

  it("Global Accelerator: the load balancers' target health decides, not routing.healthCheck (ignored for load balancer endpoints)", () => {
    const slow = { protocol: 'HTTPS' as const, interval: 30 as const, failureThreshold: 10 };
    const accelerated = scenario(estimate(normalize(base({ routing: { domain: 'api.example.com', zone: 'example.com', accelerator: {}, healthCheck: slow } }))), 'primary-lost');
    expect(phase(accelerated, 'detection').figure).toEqual(C.GA_DETECTION);
    expect(phase(accelerated, 'detection').assumption).toContain('target health');
    // Behind DNS the same settings are Route 53's and do count.
    const dns = scenario(estimate(normalize(base({ routing: { domain: 'api.example.com', zone: 'example.com', healthCheck: slow } }))), 'primary-lost');
    expect(phase(dns, 'detection').figure.typical).toBe(300);
  });

  it('CloudFront: per-request failover, no DNS shift', () => {
    const s = scenario(estimate(normalize(base({ routing: { domain: 'api.example.com', zone: 'example.com', cdn: {} } }))), 'primary-lost');
    expect(phase(s, 'detection').figure).toEqual(C.CDN_DETECTION);
    expect(phase(s, 'traffic shift').figure).toEqual(C.CDN_SHIFT);
  });

  it('DynamoDB MRSC has RPO 0, MREC about a second; S3 without RTC is unbounded', () => {
    const t = normalize(
      base({
        data: [
          { name: 'strong', type: 'dynamodb', hashKey: { name: 'pk', type: 'S' }, consistency: 'strong', witness: 'us-east-2' },
          { name: 'eventual', type: 'dynamodb', hashKey: { name: 'pk', type: 'S' } },
          { name: 'media', type: 's3' },
        ],
        regions: [
          { name: 'us-east-1', endpoint: { dnsName: 'a.us-east-1.elb.amazonaws.com', zoneId: 'Z35SXDOTRQ7X7K' } },
          { name: 'us-west-2', endpoint: { dnsName: 'b.us-west-2.elb.amazonaws.com', zoneId: 'Z1H1FL5HABSF5' } },
        ],
      }),
    );
    const rpo = scenario(estimate(t), 'primary-lost').rpo;
    expect(rpo.find((r) => r.store === 'strong')!.figure).toEqual({ best: 0, typical: 0, worst: 0 });
    expect(rpo.find((r) => r.store === 'eventual')!.figure).toEqual(C.DYNAMODB_MREC_LAG);
    expect(rpo.find((r) => r.store === 'media')!.figure.worst).toBe(Infinity);
    expect(renderEstimateText(estimate(t))).toContain('unbounded');
  });
});

describe('objectives', () => {
  const withObjectives = (objectives: NonNullable<TopologyInput['objectives']>) =>
    estimate(normalize(base({ objectives, data: [{ name: 'media', type: 's3', replication: { rtc: true } }] })));

  it('met, met typically, not met, no target', () => {
    // active-passive default check: 10s x 3 -> RTO 26s / 1m 30s / 16m 40s; RPO 0 / 10s / 15m.
    const byObjective = (e: Estimate) => Object.fromEntries(e.objectives.map((c) => [c.objective, c.status]));
    expect(byObjective(withObjectives({ rto: '1h', rpo: '15m', availability: 99.99 }))).toEqual({ rto: 'met', rpo: 'met', availability: 'met' });
    expect(byObjective(withObjectives({ rto: '5m', rpo: '1m' }))).toEqual({ rto: 'met-typical', rpo: 'met-typical', availability: 'no-target' });
    expect(byObjective(withObjectives({ rto: '30s', rpo: '1s', availability: 99.999 }))).toEqual({ rto: 'not-met', rpo: 'not-met', availability: 'not-met' });
  });

  it('each comparison says why without repeating its status, and names what sets the tail', () => {
    const e = withObjectives({ rto: '1h', rpo: '30s' });
    const [rto, rpo, avail] = e.objectives;
    expect(rto).toMatchObject({ status: 'met', text: 'even the worst figure is within 1h' });
    expect(rpo).toMatchObject({ status: 'met-typical', text: 'the worst figure exceeds 30s, set by store media (primary-lost)' });
    expect(rpo!.tail).toMatchObject({ kind: 'store', name: 'media', type: 's3', scenario: 'primary-lost', figure: C.S3_RTC_LAG });
    expect(avail).toMatchObject({ status: 'no-target', text: 'objectives.availability is not set' });
    const slow = withObjectives({ rto: '30s' }).objectives[0]!;
    expect(slow.text).toBe('the typical figure exceeds 30s; the worst is set by phase traffic shift (primary-lost)');
    for (const c of [...e.objectives, slow]) expect(c.text).not.toMatch(/^(met|not met|no target)\b/);
  });

  it('objectives.decisionTime overrides the operator decision time (ARC)', () => {
    const t = normalize(base({ objectives: { decisionTime: '10m' }, routing: { domain: 'api.example.com', zone: 'example.com', recoveryControl: true } }));
    const d = phase(scenario(estimate(t), 'primary-lost:operator'), 'detection');
    expect(d.figure.typical).toBe(600 + C.ARC_FLIP.typical);
    expect(d.assumption).toContain('objectives.decisionTime 10m');
  });

  it('availability: the downtime budget and failovers that fit in it', () => {
    const e = withObjectives({ availability: 99.99 });
    expect(e.availability.budgetSeconds).toBe(3154);
    expect(e.availability.failoversInBudget).toBe(Math.floor((3154 / e.rto.typical) * 10) / 10);
  });
});

describe('rendering', () => {
  it('human durations', () => {
    expect([0, 0.5, 45, 200, 3900, 90000, Infinity].map(humanDuration)).toEqual(['0s', '500ms', '45s', '3m 20s', '1h 5m', '1d 1h', 'unbounded']);
  });

  it('text is plain printable ASCII and deterministic; JSON marks no bound as "unbounded"', () => {
    for (const name of EXAMPLES) {
      const e = exampleEstimate(name);
      const text = renderEstimateText(e);
      expect(text).toMatch(/^[\x20-\x7e\n]*$/);
      expect(renderEstimateText(exampleEstimate(name))).toBe(text);
      const json = JSON.parse(JSON.stringify(estimateJson(e))) as { rpo: { worst: unknown } };
      expect(json.rpo.worst).toBe(Number.isFinite(e.rpo.worst) ? e.rpo.worst : 'unbounded');
    }
  });

  it('the README table matches the estimate of every example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const expected = EXAMPLES.map((name) => readmeComparisonRow(name, exampleEstimate(name))).join('\n');
    expect(readme, `README.md must contain, in this order:\n${expected}\n`).toContain(expected);
  });
});

describe('sources', () => {
  it('every default in src/check/constants.ts is used by the estimate', () => {
    const code = readFileSync(join(ROOT, 'src/check/estimate.ts'), 'utf8') + readFileSync(join(ROOT, 'src/check/render.ts'), 'utf8');
    const unused = Object.keys(C).filter((k) => !new RegExp(`\\bC\\.${k}\\b`).test(code));
    expect(unused).toEqual([]);
  });

  it('the estimate loads no cdktf: src/check imports only the model', () => {
    for (const f of readdirSync(join(ROOT, 'src/check'))) {
      const text = readFileSync(join(ROOT, 'src/check', f), 'utf8');
      for (const m of text.matchAll(/(?:from|require\()\s*'([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\.?\/(?!.*stacks|.*emit)/);
    }
  });
});

describe('the backup path', () => {
  it('takes the longest gap between two runs of the schedule as its worst RPO', async () => {
    const { cronLongestGapSeconds: gap } = await import('../src/model/schedule');
    expect(gap('cron(0 5 * * ? *)')).toBe(86_400);
    expect(gap('cron(0 */4 * * ? *)')).toBe(4 * 3600);
    expect(gap('cron(15,45 * * * ? *)')).toBe(30 * 60);
    expect(gap('cron(0 5 ? * SAT *)')).toBe(7 * 86_400);
    expect(gap('cron(0 5 ? * MON-FRI *)')).toBe(3 * 86_400); // Friday to Monday
    expect(gap('cron(0 5 1 * ? *)')).toBe(31 * 86_400); // January to February
    expect(gap('cron(0 5 L * ? *)')).toBe(31 * 86_400); // a form it does not follow: monthly
  });
});
