// Two things topoform would create, or one it creates and one it relies on, must not share an AWS name within the
// name's scope. The names, their scopes and the AWS pages that give them are one list, src/model/aws-names.ts
// (plannedAwsNames): S3 buckets in the partition (a topology is in one, TOPO3020); IAM roles, Aurora global clusters,
// CloudFront policies per account; tables, secrets, parameters, topics, queues, aliases, alarms, log groups, schedules,
// RDS and ElastiCache identifiers per account and region; case-insensitively where AWS compares so.
import { AWS_NAME_KINDS, nameKey, plannedAwsNames, type PlannedAwsName } from '../../model/aws-names';
import type { Rule } from '../rule';

/** Where to report and what to rename: an entry the user names, then the state settings, then topoform's own. */
const rank = (n: PlannedAwsName) => (['data', 'jobs', 'drills'].includes(String(n.path[0])) ? 0 : n.path[0] === 'state' ? 1 : 2);

export const awsNamesDistinct: Rule = {
  id: 'aws-names-distinct',
  code: 'TOPO3019',
  severity: 'error',
  summary:
    'No two things the output creates or uses share an AWS name in its scope (src/model/aws-names.ts): S3 buckets in the partition; IAM roles, Aurora global clusters and CloudFront policies per account; DynamoDB tables, secrets, SSM parameters and documents, SNS topics, SQS queues, KMS aliases, CloudWatch alarms and log groups, schedules, RDS and ElastiCache identifiers per account and region.',
  check({ model, input }, report) {
    const byKey = new Map<string, PlannedAwsName[]>();
    for (const n of plannedAwsNames(model, input as { state?: { bucket?: string } })) {
      const key = nameKey(n);
      const list = byKey.get(key) ?? [];
      // One owner claims a name once (a store's bucket per region, each distinct; the alias in each region, each apart).
      if (!list.some((l) => l.owner === n.owner)) list.push(n);
      byKey.set(key, list);
    }
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      const [first, ...others] = [...list].sort((a, b) => rank(a) - rank(b));
      const kind = AWS_NAME_KINDS[first!.kind];
      const where = kind.scope === 'partition' ? 'in the whole partition' : kind.scope === 'account' ? 'per account' : 'per account and region';
      report(
        first!.path,
        `the ${kind.what} name ${first!.name} of ${first!.owner} is also that of ${others.map((o) => o.owner).join(' and ')}`,
        `${kind.what} names are unique ${where}${kind.foldCase ? ' whatever their case' : ''} (${kind.page}): rename ${first!.rename}`,
      );
    }
  },
};
