// A pattern that writes in several regions does not rest on a store with one writer.
import { type Lint, multiWriter, replicatedGroups, storeField } from './lint';

export const singleWriterFitsPattern: Lint = {
  id: 'single-writer-fits-pattern',
  code: 'TOPO6004',
  severity: 'warning',
  summary: 'A pattern that takes writes in several regions does not write to a single-writer store (Aurora) without write forwarding.',
  hint: 'for writes in every region use dynamodb or dsql; keep Aurora under hybrid with writeForwarding: true, or route every write to the writer region',
  check({ input, model }, report) {
    const allActive = multiWriter(model.pattern);
    if (!allActive && model.pattern !== 'hybrid') return;
    model.data.forEach((store, i) => {
      if (store.type !== 'aurora') return;
      if (!allActive && store.writeForwarding) return;
      for (const group of replicatedGroups(store)) {
        const [writer, ...others] = group;
        const what = store.writeForwarding
          ? `write forwarding sends every write from ${others.join(', ')} to the one writer in ${writer}: when ${writer} fails, no region can write until a secondary is promoted`
          : `writes in ${others.join(', ')} fail: Aurora has one writer (${writer}) and writeForwarding is off`;
        report(storeField(input, i, 'writeForwarding'), `pattern ${model.pattern} takes writes in every region, but aurora store ${store.name} is a single-writer store: ${what}`, singleWriterFitsPattern.hint);
      }
    });
  },
};
