// Every name the topology will produce with the limits AWS puts on it (rule names-are-valid): the store kinds' names
// that carry a rule, the jobs' schedules and the drills' documents. Apart from naming.ts, which the store kinds import:
// reading the kinds' registry from there made an import cycle (a kind loaded first found the registry half-built).
import { groupWriter } from './ownership';
import { NAME_RULES, names, type PlannedName } from './naming';
import { kindOf } from './stores';
import type { Topology } from './types';

/** Every name the topology will produce, with the rule it must satisfy. */
export function plannedNames(t: Topology): PlannedName[] {
  const out: PlannedName[] = [];
  for (const store of t.data) {
    for (const n of kindOf(store.type).names(store as never, t)) if (n.rule) out.push({ name: n.name, rule: n.rule, path: n.path ?? [...store.path, 'name'] });
  }
  for (const job of t.jobs) out.push({ name: names.schedule(t.name, job.name), rule: NAME_RULES.schedule, path: [...job.path, 'name'] });
  // A database-failover drill's SSM document, for each Aurora store written in its target region (src/model/drills.ts).
  for (const drill of t.drills) {
    if (drill.scenario !== 'database-failover') continue;
    for (const store of t.data) {
      if (store.type !== 'aurora' || !store.groups.some((g) => g.length > 1 && groupWriter(t, g) === drill.target)) continue;
      out.push({ name: names.drillDocument(t.name, drill.name, store.name), rule: NAME_RULES.ssmDocument, path: [...drill.path, 'name'] });
    }
  }
  return out;
}

