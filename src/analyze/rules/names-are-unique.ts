// Data stores, jobs and drills each have a unique name: names become resource names and Terraform addresses.
import type { Rule } from '../rule';

export const namesAreUnique: Rule = {
  id: 'names-are-unique',
  code: 'TOPO3013',
  severity: 'error',
  summary: 'Data stores, jobs and drills each have a unique name.',
  check({ input }, report) {
    for (const list of ['data', 'jobs', 'drills'] as const) {
      const seen = new Map<string, number>();
      (input[list] ?? []).forEach((entry, i) => {
        const first = seen.get(entry.name);
        if (first !== undefined) report([list, i, 'name'], `${list}[${i}] has the name ${entry.name}, as ${list}[${first}] does`, 'names become resource names and Terraform addresses: make them unique');
        else seen.set(entry.name, i);
      });
    }
  },
};
