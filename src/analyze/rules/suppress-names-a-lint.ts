// A suppression accepts the findings of one lint of `topoform check`, once, with a reason. validate refuses one that
// does not, so a CI gate on validate is not green on a topology that check and synth refuse.
import { LINTS } from '../lints';
import type { Rule } from '../rule';

/** The least a reason must say: ten characters that are not blank (the schema counts blanks too). */
export const MIN_REASON = 10;

export const suppressNamesALint: Rule = {
  id: 'suppress-names-a-lint',
  code: 'TOPO6901',
  severity: 'error',
  summary: 'Every suppress entry names a lint of topoform check, once, with a reason of at least ten characters that are not blank.',
  check({ model }, report) {
    const lints = new Set<string>(LINTS.map((l) => l.code));
    model.suppress.forEach((s, i) => {
      if (s.reason.replace(/\s/g, '').length < MIN_REASON) {
        report(
          ['suppress', i, 'reason'],
          `the suppression of ${s.rule} gives no reason: "${s.reason.trim()}" has fewer than ${MIN_REASON} characters that are not blank`,
          'say why the finding is accepted and by whom, e.g. "accepted by the architecture review of 2026-10-01"',
        );
      }
      const first = model.suppress.findIndex((x) => x.rule === s.rule);
      if (first !== i) {
        report(['suppress', i, 'rule'], `${s.rule} is suppressed twice (also at suppress[${first}])`, 'keep one suppression per lint, with the reason that covers every finding it accepts');
      }
      if (!lints.has(s.rule)) {
        report(['suppress', i, 'rule'], `suppress names ${s.rule}, which is not a lint of topoform check`, 'name a lint code from RULES.md (TOPO6xxx, e.g. TOPO6011); errors of validate cannot be suppressed');
      }
    });
  },
};
