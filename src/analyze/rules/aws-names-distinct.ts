// Two things topoform would create, or one it creates and one it relies on, must not share an AWS name within the
// name's scope: S3 bucket names are unique in the partition (a topology is in one, TOPO3020), DynamoDB table names
// per account and region, IAM role names per account. Names come from src/model/naming.ts, as the builders take them.
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html ("unique within a partition")
import { names } from '../../model/naming';
import type { SourcePath, Topology } from '../../model/types';
import type { Rule } from '../rule';

interface Claim {
  /** What holds the name, in words: "s3 store logs", "the Global Accelerator's flow-log bucket". */
  owner: string;
  path: SourcePath;
}

/** Every scoped name the output creates or uses: key "<kind>|<scope>|<name>". */
function claims(t: Topology, input: { state?: { bucket?: string } }): Map<string, Claim[]> {
  const out = new Map<string, Claim[]>();
  const claim = (kind: string, scope: string, name: string, c: Claim) => {
    const key = `${kind}|${scope}|${name}`;
    const list = out.get(key) ?? [];
    // One entry claims a name once (an s3 store has one bucket per region, all distinct).
    if (!list.some((l) => l.owner === c.owner)) list.push(c);
    out.set(key, list);
  };
  const accountOf = (region: string) => t.regions.find((r) => r.name === region)?.account ?? '';
  for (const store of t.data) {
    if (store.type === 's3') {
      for (const r of store.groups.flat()) {
        claim('S3 bucket', '', names.bucket(t.name, store.name, r), { owner: `s3 store ${store.name}`, path: [...store.path, 'name'] });
        claim('IAM role', accountOf(r), names.replicationRole(t.name, store.name, r), { owner: `s3 store ${store.name}'s replication role`, path: [...store.path, 'name'] });
      }
    }
    if (store.type === 'dynamodb') {
      for (const r of store.groups.flat()) claim('DynamoDB table', `${accountOf(r)}/${r}`, names.dynamodbTable(t.name, store.name), { owner: `dynamodb store ${store.name}`, path: [...store.path, 'name'] });
    }
  }
  if (t.routing?.accelerator) {
    // Global Accelerator's API lives in us-west-2; its flow-log bucket is made there.
    claim('S3 bucket', '', names.acceleratorFlowLogsBucket(t.name), { owner: "the Global Accelerator's flow-log bucket", path: ['routing', 'accelerator'] });
  }
  if (t.state.backend === 's3' && input.state?.bucket !== undefined) {
    for (const r of new Set([...t.regions.map((x) => x.name), t.state.globalRegion])) {
      claim('S3 bucket', '', input.state.bucket.replaceAll('{region}', r), { owner: 'the state bucket', path: ['state', 'bucket'] });
    }
  }
  if (t.state.backend === 's3' && t.state.lock.kind === 'dynamodb') {
    for (const r of new Set([...t.regions.map((x) => x.name), t.state.globalRegion])) {
      claim('DynamoDB table', `${accountOf(r)}/${r}`, t.state.lock.table, { owner: 'the state lock table', path: ['state', 'lock', 'dynamodb'] });
    }
  }
  for (const job of t.jobs) {
    for (const r of t.regions) claim('IAM role', r.account ?? '', names.scheduleRole(t.name, job.name, r.name), { owner: `job ${job.name}'s scheduler role`, path: [...job.path, 'name'] });
  }
  for (const drill of t.drills) {
    claim('IAM role', accountOf(drill.target), names.drillRole(t.name, drill.name, drill.target), { owner: `drill ${drill.name}'s FIS role`, path: [...drill.path, 'name'] });
  }
  return out;
}

export const awsNamesDistinct: Rule = {
  id: 'aws-names-distinct',
  code: 'TOPO3019',
  severity: 'error',
  summary: 'No two things the output creates or uses share an AWS name in its scope: S3 buckets (stores, the accelerator flow-log bucket, the state bucket) in the partition, DynamoDB tables per account and region, IAM roles per account.',
  check({ model, input }, report) {
    for (const [key, list] of claims(model, input as { state?: { bucket?: string } })) {
      if (list.length < 2) continue;
      const [kind, , name] = key.split('|') as [string, string, string];
      // At the entry the user can rename: a store, job or drill before topoform's own and the state settings.
      const [first, ...others] = [...list].sort((a, b) => Number(a.path[0] !== 'data') - Number(b.path[0] !== 'data'));
      report(first!.path, `the ${kind} name ${name} of ${first!.owner} is also that of ${others.map((o) => o.owner).join(' and ')}`, `${kind === 'S3 bucket' ? 'S3 bucket names are unique in the whole partition' : `${kind} names are unique per account${kind === 'IAM role' ? '' : ' and region'}`}: rename the entry`);
    }
  },
};
