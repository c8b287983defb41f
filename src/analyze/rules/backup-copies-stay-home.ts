// A backup that holds regulated data copies it only within the jurisdiction.
import { copyTarget } from '../../model/stores/backup';
import type { Rule } from '../rule';

export const backupCopiesStayHome: Rule = {
  id: 'backup-copies-stay-home',
  code: 'TOPO3144',
  severity: 'error',
  summary: "A backup store that backs up a regulated store is regulated itself, and copies only within each region's jurisdiction: a cross-jurisdiction copy action is refused like a cross-jurisdiction replica.",
  check({ model }, report) {
    model.data.forEach((s, i) => {
      if (s.type !== 'backup') return;
      const regulated = model.data.filter((d) => d.regulated && s.stores.includes(d.name));
      if (regulated.length > 0 && !s.regulated) {
        const crossing = s.groups.flatMap((g) =>
          g.flatMap((r) => {
            const to = copyTarget(s, r);
            const a = model.regions.find((x) => x.name === r)?.jurisdiction;
            const b = model.regions.find((x) => x.name === to)?.jurisdiction;
            return to !== undefined && a !== b ? [`${r} (${a ?? 'no jurisdiction'}) to ${to} (${b ?? 'no jurisdiction'})`] : [];
          }),
        );
        if (crossing.length > 0) {
          report(['data', i, 'stores'], `backup store ${s.name} backs up regulated ${regulated.map((d) => d.name).join(', ')} and would copy recovery points across jurisdictions: ${crossing.join('; ')}`, 'mark the backup store regulated: true, so it copies within each jurisdiction only');
        }
      }
      if (s.regulated && s.copyTo !== 'next') {
        const outside = s.groups.filter((g) => g.length > 1 && !g.includes(s.copyTo));
        if (outside.length > 0) {
          report(['data', i, 'copyTo'], `regulated backup store ${s.name} copies to ${s.copyTo}, outside the jurisdiction of ${outside.flat().join(', ')}`, 'use copyTo: next, which copies to the next region of the same jurisdiction');
        }
      }
    });
  },
};
