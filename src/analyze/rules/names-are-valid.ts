// Every AWS name the topology produces is valid for its service.
import { nameProblem, RESERVED_BUCKET_PREFIX } from '../../model/naming';
import { plannedNames } from '../../model/planned-names';
import type { Rule } from '../rule';

export const namesAreValid: Rule = {
  id: 'names-are-valid',
  code: 'TOPO3008',
  severity: 'error',
  summary: 'Every AWS name the topology produces is valid for its service.',
  check({ input, model }, report) {
    if (input.name.endsWith('-') || input.name.includes('--')) {
      report(['name'], `name ${JSON.stringify(input.name)} ends with a hyphen or has two in a row`, 'resource names are built as <name>-<store>-<region>; Aurora and ElastiCache identifiers refuse such hyphens');
    }
    const reserved = model.data.some((d) => d.type === 's3') ? RESERVED_BUCKET_PREFIX.exec(`${input.name}-`) : null;
    if (reserved) {
      report(['name'], `name ${JSON.stringify(input.name)} starts with ${reserved[1]}, a prefix S3 reserves for its own bucket names`, 'bucket names start with the topology name; choose another name');
    }
    // One finding per entry and kind of problem, not one per region.
    const seen = new Set<string>();
    for (const p of plannedNames(model)) {
      const problem = nameProblem(p);
      if (!problem) continue;
      const kind = problem.startsWith('would be') ? 'length' : 'form';
      if (reserved && kind === 'form') continue;
      const key = `${p.rule.what}|${JSON.stringify(p.path)}|${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(p.path, `the ${p.rule.what} ${p.name} ${problem}`, kind === 'length' ? 'shorten the topology or entry name' : 'rename the topology or the entry');
    }
  },
};
