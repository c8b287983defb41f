// The state fields fit the backend: state.cloud only with backend cloud, and no S3 field with it.
import type { StateInput } from '../../model/input';
import type { Rule } from '../rule';

/** What each S3-only field does, for the message: with HCP Terraform none of them has any effect. */
const S3_ONLY: Partial<Record<keyof StateInput, string>> = {
  bucket: 'the state bucket',
  keyPrefix: 'the state object keys',
  lock: 'S3 state locking (HCP Terraform locks its workspaces itself)',
  globalRegion: "the AWS region of the global workspace's state (HCP Terraform is outside every AWS region)",
  account: "the state buckets' AWS account",
  roleArn: 'the role the S3 backend assumes',
};

export const stateFitsBackend: Rule = {
  id: 'state-fits-backend',
  code: 'TOPO3120',
  severity: 'error',
  summary: 'state.cloud is set only with backend cloud, backend cloud sets none of the S3 fields (bucket, keyPrefix, lock, globalRegion, account, roleArn), and backend local sets no account or roleArn.',
  check({ input, model }, report) {
    const s = input.state;
    if (!s) return;
    if (model.state.backend === 'local') {
      for (const field of ['account', 'roleArn'] as const) {
        if (s[field] === undefined) continue;
        report(['state', field], `state.${field} is set but the backend is local${s.backend === undefined ? ' (the default)' : ''}: ${S3_ONLY[field]} applies to backend s3 only`, 'set backend: s3 with a bucket in that account, or remove it', { key: true });
      }
    }
    if (model.state.backend !== 'cloud') {
      if (s.cloud !== undefined) {
        report(['state', 'cloud'], `state.cloud is set but the backend is ${model.state.backend}${s.backend === undefined ? ' (the default)' : ''}`, 'set backend: cloud to keep state in HCP Terraform, or remove state.cloud', { key: true });
      }
      return;
    }
    for (const [field, what] of Object.entries(S3_ONLY)) {
      if (s[field as keyof StateInput] === undefined) continue;
      report(['state', field], `state.${field} is set but the backend is cloud: ${what} does not apply`, `remove state.${field}; HCP Terraform keeps each workspace's state in <workspacePrefix><workspace>`, { key: true });
    }
  },
};
