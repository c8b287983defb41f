// Renders an Estimate as plain ASCII text (tables per scenario) or as a JSON-able object. Deterministic.
import type { Comparison, Estimate, Figure, Scenario } from './estimate';

/** A duration for people: `0s`, `45s`, `3m 20s`, `1h 5m`, `2d 3h`, `unbounded`; under a second in ms. */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds <= 0) return '0s';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const s = Math.round(seconds);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) => (small > 0 ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`);
  if (s < 60) return `${s}s`;
  if (s < 3600) return two(Math.floor(s / 60), 'm', s % 60, 's');
  if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** `best / typical / worst` in human durations. */
export function humanFigure(f: Figure): string {
  return `${humanDuration(f.best)} / ${humanDuration(f.typical)} / ${humanDuration(f.worst)}`;
}

/** Only printable ASCII: anything else (control, bidi, non-ASCII) becomes `?`. Names are schema-checked already. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

function table(header: string[], rows: string[][], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  const rule = indent + widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.max(w, 10) : w)).join('-+-');
  return [line(header), rule, ...rows.map(line)];
}

/** A figure as three table cells: best, typical, worst. */
export const figureCells = (f: Figure) => [humanDuration(f.best), humanDuration(f.typical), humanDuration(f.worst)];

function scenarioText(s: Scenario): string[] {
  const out = [`Scenario ${s.id}: ${s.title}${s.compared ? '' : ' (not compared with objectives)'}`];
  out.push(
    ...table(
      ['phase', 'best', 'typical', 'worst', 'assumption'],
      [...s.phases.map((p) => [p.name, ...figureCells(p.figure), p.assumption]), ['RTO (sum)', ...figureCells(s.rto), 'phases run one after the other']],
    ),
  );
  if (s.rpo.length > 0) {
    out.push('');
    out.push(
      ...table(
        ['store', 'type', 'best', 'typical', 'worst', 'assumption'],
        [...s.rpo.map((r) => [r.store, r.type, ...figureCells(r.figure), r.counted ? r.assumption : `${r.assumption} [not counted]`]), ['RPO', '(worst store)', ...figureCells(s.worstRpo), 'the worst counted store, column by column']],
      ),
    );
  }
  for (const n of s.notes) out.push(`  note: ${n}`);
  return out;
}

const STATUS_WORDS: Record<Comparison['status'], string> = { met: 'met', 'met-typical': 'met typically', 'not-met': 'NOT MET', 'no-target': 'no target' };

/** The estimate as text for a terminal: plain ASCII, one table per scenario, then objectives, availability and cost. */
export function renderEstimateText(e: Estimate): string {
  const out: string[] = [];
  out.push(`Estimate for ${e.topology} (${e.pattern}; ${e.regions.join(', ')}). Figures are best / typical / worst.`);
  out.push(`RTO ${humanFigure(e.rto)}   RPO ${humanFigure(e.rpo)}   (worst of the region-loss scenarios)`);
  out.push(`AWS's guidance for this strategy (${e.awsStrategy.strategy}): ${e.awsStrategy.range}.`);
  for (const s of e.scenarios) out.push('', ...scenarioText(s));
  out.push('', 'Objectives');
  out.push(
    ...table(
      ['objective', 'target', 'estimate', 'status'],
      e.objectives.map((c) => [
        c.objective,
        c.target ?? '-',
        c.objective === 'rto' ? humanFigure(e.rto) : c.objective === 'rpo' ? humanFigure(e.rpo) : `${e.availability.supported}%`,
        `${STATUS_WORDS[c.status]}: ${c.text}`,
      ]),
    ),
  );
  out.push('', `Availability: the design supports ${e.availability.supported}% (${e.availability.assumption})`);
  if (e.availability.budgetSeconds !== undefined) {
    const fits = e.availability.failoversInBudget;
    out.push(`  ${e.availability.target}% allows ${humanDuration(e.availability.budgetSeconds)} of downtime a year${fits !== undefined ? `: ${fits} failovers at the typical RTO` : ''}`);
  }
  out.push('', 'Cost (global pieces, fixed monthly fees)');
  if (e.cost.items.length > 0) {
    out.push(...table(['item', 'USD/month', 'basis'], [...e.cost.items.map((i) => [i.item, i.usdMonth.toFixed(2), i.basis]), ['total', e.cost.totalUsdMonth.toFixed(2), '']]));
  } else {
    out.push('  none');
  }
  for (const n of e.cost.notes) out.push(`  ${n}`);
  out.push(`  data tier: ${e.cost.dataCopies.map((d) => `${d.store} x${d.copies}${d.note ? ` (${d.note})` : ''}`).join(', ') || 'no stores'}`);
  return out.map(ascii).join('\n') + '\n';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The estimate as a JSON-able object: seconds as numbers, `"unbounded"` for no bound, key order as in the types. */
export function estimateJson(e: Estimate): Json {
  const walk = (v: unknown): Json => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : 'unbounded';
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== undefined) {
      const out: { [key: string]: Json } = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = walk(x);
      return out;
    }
    return null;
  };
  return walk(e);
}

/** One row of the README table comparing the estimate with AWS's guidance for the strategy. */
export function readmeComparisonRow(example: string, e: Estimate): string {
  return `| \`${example}\` | ${e.pattern} | ${humanFigure(e.rto)} | ${humanFigure(e.rpo)} | ${e.awsStrategy.strategy}: ${e.awsStrategy.range} |`;
}
