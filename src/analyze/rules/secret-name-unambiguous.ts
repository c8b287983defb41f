// A secret's name does not end like the random suffix Secrets Manager appends to secret ARNs (a hyphen and six characters).
import { names } from '../../model/naming';
import { groupHome } from '../../model/ownership';
import type { Rule } from '../rule';

export const secretNameUnambiguous: Rule = {
  id: 'secret-name-unambiguous',
  code: 'TOPO3053',
  severity: 'warning',
  summary: 'A secret name does not end with a hyphen and six characters, the form of the suffix Secrets Manager adds to secret ARNs.',
  check({ model }, report) {
    for (const store of model.data) {
      if (store.type !== 'secret') continue;
      const name = store.groups.map((g) => names.secret(model.name, store, groupHome(model, g))).find((n) => /-[A-Za-z0-9]{6}$/.test(n));
      if (name === undefined) continue;
      report(
        [...store.path, 'name'],
        `the secret name ${name} ends with a hyphen and six characters, like the random suffix of a secret ARN: looked up by partial ARN it can be taken for another secret's`,
        'rename the store so that its last hyphen is not followed by exactly six characters',
      );
    }
  },
};
