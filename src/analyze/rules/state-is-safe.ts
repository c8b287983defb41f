// Each workspace keeps its state where an outage of another region cannot lock it out.
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const stateIsSafe: Rule = {
  id: 'state-is-safe',
  code: 'TOPO3014',
  severity: 'error',
  summary: 'State is complete for its backend, per region, and the global state is not in the primary region.',
  check({ input, model }, report) {
    const s = input.state;
    if (!s) return;
    if (model.state.backend === 's3') {
      if (s.bucket === undefined) report(['state', 'backend'], 'state.backend s3 needs state.bucket', 'e.g. bucket: acme-tfstate-{region}, one bucket per region');
      else if (!s.bucket.includes('{region}')) {
        report(['state', 'bucket'], `state.bucket ${s.bucket} has no {region}: every workspace's state would live in one region`, 'put {region} in the name (acme-tfstate-{region}) so each workspace keeps its state in its own region and an outage never locks you out of the survivors');
      } else if (/[{}]/.test(s.bucket.replaceAll('{region}', ''))) {
        report(['state', 'bucket'], 'state.bucket has braces other than {region}', 'the only placeholder is {region}');
      }
    } else if (model.state.backend === 'local') {
      if (s.bucket !== undefined) report(['state', 'bucket'], 'state.bucket is set but the backend is local', 'set backend: s3 to keep state in S3');
      if (s.lock !== undefined) report(['state', 'lock'], 'state.lock is set but the backend is local', 'locking applies to backend s3');
    }
    // With backend cloud, state-fits-backend refuses globalRegion: HCP Terraform is outside every AWS region.
    if (model.state.backend !== 'cloud' && s.globalRegion !== undefined && PATTERNS[input.pattern].needsPrimary && s.globalRegion === model.primary.name) {
      report(['state', 'globalRegion'], `the global workspace's state would live in the primary region ${s.globalRegion}`, 'choose another region: during a primary outage you must still be able to change global routing');
    }
  },
};
