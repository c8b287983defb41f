// Suppressions: `suppress: [{ rule, reason }]` in the topology accepts the findings of one lint code, with a reason
// that is reported wherever the findings would have been.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { SourceFile } from '../load/load';
import type { Topology } from '../model/types';
import { pointerOf } from '../validate/schema';

/** The least a reason must say: ten characters that are not blank (the schema counts blanks too). */
export const MIN_REASON = 10;

export interface Suppression {
  rule: string;
  reason: string;
  /** How many findings it accepted in this run. */
  matched: number;
}

export interface Suppressed {
  /** Findings still reported. */
  findings: Diagnostic[];
  /** Findings accepted, each with the suppression's reason. */
  accepted: { finding: Diagnostic; reason: string }[];
  suppressions: Suppression[];
  /** Problems with the suppressions themselves: a blank reason (error), a code that names no lint (error), unused (warning). */
  problems: Diagnostic[];
}

/**
 * Applies the topology's suppressions to lint findings. `known` is every code a suppression may name; validate
 * errors are not in it (they cannot be accepted: the topology does not compile).
 */
export function applySuppressions(model: Topology, findings: readonly Diagnostic[], known: ReadonlySet<string>, source: SourceFile): Suppressed {
  const problems: Diagnostic[] = [];
  const at = (i: number, field: 'rule' | 'reason') => {
    const path = ['suppress', i, field];
    return { pointer: pointerOf(path), range: source.rangeOf(path) };
  };
  const suppressions: Suppression[] = model.suppress.map((s) => ({ rule: s.rule, reason: s.reason, matched: 0 }));
  suppressions.forEach((s, i) => {
    if (s.reason.replace(/\s/g, '').length < MIN_REASON) {
      problems.push(diagnostic('TOPO6901', 'error', `the suppression of ${s.rule} gives no reason: "${s.reason.trim()}" has fewer than ${MIN_REASON} characters that are not blank`, {
        hint: 'say why the finding is accepted and by whom, e.g. "accepted by the architecture review of 2026-10-01"',
        ...at(i, 'reason'),
      }));
    }
    const first = suppressions.findIndex((x) => x.rule === s.rule);
    if (first !== i) {
      problems.push(diagnostic('TOPO6901', 'error', `${s.rule} is suppressed twice (also at suppress[${first}])`, {
        hint: 'keep one suppression per lint, with the reason that covers every finding it accepts',
        ...at(i, 'rule'),
      }));
    }
    if (!known.has(s.rule)) {
      problems.push(diagnostic('TOPO6901', 'error', `suppress names ${s.rule}, which is not a lint of topoform check`, {
        hint: 'name a lint code from RULES.md (TOPO6xxx); errors of validate cannot be suppressed',
        ...at(i, 'rule'),
      }));
    }
  });
  const byRule = new Map(suppressions.map((s) => [s.rule, s]));
  const findingsOut: Diagnostic[] = [];
  const accepted: Suppressed['accepted'] = [];
  for (const f of findings) {
    const s = byRule.get(f.code);
    if (s && f.severity !== 'error') {
      s.matched++;
      accepted.push({ finding: f, reason: s.reason });
    } else {
      findingsOut.push(f);
    }
  }
  suppressions.forEach((s, i) => {
    if (s.matched === 0 && known.has(s.rule)) {
      problems.push(diagnostic('TOPO6902', 'warning', `the suppression of ${s.rule} accepts no finding`, {
        hint: 'the topology no longer has what it accepted: remove the suppression so it cannot hide a new finding later',
        ...at(i, 'rule'),
      }));
    }
  });
  return { findings: findingsOut, accepted, suppressions, problems };
}
