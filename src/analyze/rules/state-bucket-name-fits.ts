// Every state bucket name, with its region filled in, fits S3's 63 characters.
import type { Rule } from '../rule';

export const stateBucketNameFits: Rule = {
  id: 'state-bucket-name-fits',
  code: 'TOPO3008',
  severity: 'error',
  summary: "Every state bucket name, with its region filled in, fits S3's 63 characters.",
  check({ input, model }, report) {
    const bucket = input.state?.bucket;
    if (model.state.backend !== 's3' || bucket === undefined || !bucket.includes('{region}')) return;
    const longest = Math.max(...[...input.regions.map((r) => r.name), model.state.globalRegion].map((r) => bucket.replaceAll('{region}', r).length));
    if (longest > 63) report(['state', 'bucket'], `state.bucket would be ${longest} characters with a region filled in; S3 allows 63`, 'shorten the bucket name');
  },
};
