// The estimate of `topoform check` meets objectives.rto and objectives.rpo in its worst case, not only typically: a tail
// that misses them is a finding at the objective's line, naming the phase or store that sets it, so a CI gate sees it.
import { estimate, type Comparison, type Figure, type Tail } from '../../check/estimate';
import { humanDuration, humanFigure } from '../../check/render';
import type { Lint } from './lint';

/** What shortens a tail, by the phase or store type that sets it. */
function remedy(tail: Tail): string {
  if (tail.kind === 'phase') {
    switch (tail.name) {
      case 'detection':
        return 'detect sooner: routing.healthCheck interval 10 and a lower failureThreshold';
      case 'traffic shift':
        return "the DNS tail is resolvers and clients that ignore the record's TTL: routing.accelerator moves traffic without DNS";
      case 'data promotion':
        return 'promotion is a managed failover of the single-writer store: keep instances in its secondaries, and rehearse it with a database-failover drill';
      case 'app capacity':
        return "keep more capacity running in the region that takes over (regions[].capacity), or choose a pattern whose standby runs at full capacity";
    }
  }
  switch (tail.type) {
    case 's3':
      return 'S3 replication has no tighter bound than Replication Time Control\'s 15 minutes (set replication.rtc if it is off): keep what needs a tighter RPO in a store that loses nothing (dynamodb with consistency: strong, dsql)';
    case 'dynamodb':
      return 'consistency: strong (a write is stored in a second region before it succeeds)';
    default:
      return 'keep what needs a tighter RPO in a store whose replication fits it (dynamodb with consistency: strong, dsql)';
  }
}

/** Seconds as a duration of the format, rounded up: `45s`, `37m`. */
function asDuration(seconds: number): string {
  return seconds < 60 ? `${Math.ceil(seconds)}s` : `${Math.ceil(seconds / 60)}m`;
}

function finding(c: Comparison, total: Figure): { message: string; hint: string } | undefined {
  const tail = c.tail;
  if (!tail || c.target === undefined || (c.status !== 'met-typical' && c.status !== 'not-met')) return undefined;
  const what = c.objective === 'rto' ? 'RTO' : 'RPO';
  const where = tail.kind === 'phase' ? `phase ${tail.name}` : `${tail.type} store ${tail.name}`;
  const missed = c.status === 'not-met' ? 'typically and in the worst case' : 'in the worst case';
  const message =
    `objectives.${c.objective} ${c.target} is missed ${missed}: the estimate's ${what} is ${humanFigure(total)} (best / typical / worst), ` +
    `and ${where} sets the worst in scenario ${tail.scenario}, ${tail.title} (${humanDuration(tail.figure.worst)}: ${tail.assumption})`;
  const relax = Number.isFinite(total.worst) ? `relax objectives.${c.objective} to ${asDuration(total.worst)}` : `relax objectives.${c.objective}`;
  return { message, hint: `${remedy(tail)}; or ${relax}; or, if the tail is acceptable, accept it with suppress and the reason` };
}

export const objectivesMetWorstCase: Lint = {
  id: 'objectives-met-worst-case',
  code: 'TOPO6016',
  severity: 'warning',
  summary: "The RTO/RPO estimate of topoform check meets objectives.rto and objectives.rpo in its worst case, not only typically.",
  hint: 'shorten the phase or store that sets the tail (the finding names it and its scenario), relax the objective to what the design gives, or accept the tail with suppress and the reason',
  check({ model }, report) {
    const e = estimate(model);
    for (const c of e.objectives) {
      if (c.objective === 'availability' || c.target === undefined) continue;
      const f = finding(c, c.objective === 'rto' ? e.rto : e.rpo);
      if (f) report(['objectives', c.objective], f.message, f.hint);
    }
  },
};
