// Suppressions: `suppress: [{ rule, reason }]` in the topology accepts the findings of one lint code, with a reason
// that is reported wherever the findings would have been.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { SourceFile } from '../load/load';
import type { Topology } from '../model/types';
import { pointerOf } from '../validate/schema';

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
  /**
   * Suppressions that accept no finding (warnings). A blank reason, a code that names no lint and a code suppressed
   * twice are errors of validate (rule suppress-names-a-lint, TOPO6901): check never gets that far with them.
   */
  problems: Diagnostic[];
}

/**
 * Applies the topology's suppressions to lint findings. `known` is every code a suppression may name; validate
 * errors are not in it (they cannot be accepted: the topology does not compile). The topology has passed validate,
 * so each suppression names one lint, once, with a reason.
 */
export function applySuppressions(model: Topology, findings: readonly Diagnostic[], known: ReadonlySet<string>, source: SourceFile): Suppressed {
  const problems: Diagnostic[] = [];
  const at = (i: number, field: 'rule' | 'reason') => {
    const path = ['suppress', i, field];
    return { pointer: pointerOf(path), range: source.rangeOf(path) };
  };
  const suppressions: Suppression[] = model.suppress.map((s) => ({ rule: s.rule, reason: s.reason, matched: 0 }));
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
