// S3 replication without Replication Time Control has no time bound; an RPO under 15 minutes needs RTC.
import { formatDuration, parseDuration } from '../../model/duration';
import { type Lint, replicatedGroups, storeField } from './lint';

/** RTC's SLA: 99.99 % of objects replicated within 15 minutes. */
export const RTC_SLA_MS = 15 * 60_000;

export const s3RtcFitsRpo: Lint = {
  id: 's3-rtc-fits-rpo',
  code: 'TOPO6012',
  severity: 'warning',
  summary: 'Under an RPO of less than 15 minutes, replicated S3 stores use Replication Time Control.',
  hint: 'set replication: { rtc: true }: 99.99 % of objects within 15 minutes, with latency metrics to alarm on',
  check({ input, model }, report) {
    const rpo = parseDuration(model.objectives.rpo);
    if (rpo === undefined || rpo >= RTC_SLA_MS) return;
    model.data.forEach((store, i) => {
      if (store.type !== 's3' || store.rtc || replicatedGroups(store).length === 0) return;
      report(
        storeField(input, i, 'replication', 'rtc'),
        `s3 store ${store.name} replicates without Replication Time Control: S3 bounds the time of such replication by nothing, and objectives.rpo is ${formatDuration(rpo)}`,
        s3RtcFitsRpo.hint,
      );
    });
  },
};
