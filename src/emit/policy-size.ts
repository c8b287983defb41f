// Every policy document the output holds, measured at synth against the limit its service applies: a policy over it
// passes validate, check, synth and a mock apply, and fails only on real AWS. The documents are Terraform expressions
// (`${jsonencode({...})}`) whose references resolve at apply, so a document's size is estimated: the minified JSON
// Terraform sends, with each reference counted at the length of what it resolves to (an account ID at 12 characters,
// any other reference, an ARN, at REFERENCE_CHARS).

/** Size limits in bytes (IAM: characters without white space, which minified JSON has none of), with their page. */
export const POLICY_LIMITS: Readonly<Record<string, { attribute: string; limit: number; what: string; page: string }>> = {
  aws_kms_key: { attribute: 'policy', limit: 32_768, what: 'KMS key policy', page: 'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit' },
  aws_kms_replica_key: { attribute: 'policy', limit: 32_768, what: 'KMS key policy', page: 'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit' },
  aws_s3_bucket_policy: { attribute: 'policy', limit: 20_480, what: 'S3 bucket policy', page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html' },
  aws_sns_topic_policy: { attribute: 'policy', limit: 30_720, what: 'SNS topic policy', page: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html#sns-policy-quotas' },
  aws_sqs_queue_policy: { attribute: 'policy', limit: 8_192, what: 'SQS queue policy', page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html' },
  // IAM counts a role's inline policies together (10,240); one inline policy is checked against the whole quota.
  aws_iam_role_policy: { attribute: 'policy', limit: 10_240, what: 'IAM role inline policy', page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' },
  aws_iam_policy: { attribute: 'policy', limit: 6_144, what: 'IAM managed policy', page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' },
  // The default quota (adjustable to 8,192): an account that has not raised it refuses a larger trust policy.
  aws_iam_role: { attribute: 'assume_role_policy', limit: 2_048, what: 'IAM role trust policy', page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' },
};

/** The length a reference other than an account ID is counted at: an ARN's usual length, with room to spare. */
export const REFERENCE_CHARS = 128;

function referenceLength(ref: string): number {
  return /account_id$/.test(ref.trim()) ? 12 : REFERENCE_CHARS;
}

/**
 * The estimated size of the JSON a `${jsonencode(...)}` expression (or a plain JSON string) renders: white space
 * outside strings dropped, `=` as `:`, references by referenceLength (quoted, outside strings).
 */
export function estimatePolicyBytes(expression: string): number {
  let text = expression.trim();
  const wrapped = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  if (!wrapped) return Buffer.byteLength(text.replace(/\s+(?=(?:[^"\\]|\\.)*$)/g, ''), 'utf8');
  text = wrapped[1]!;
  let size = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A string: its characters, with ${...} interpolations counted as what they resolve to.
      size += 1;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          size += 2;
          i += 2;
        } else if (text[i] === '$' && text[i + 1] === '{') {
          let depth = 1;
          let j = i + 2;
          while (j < text.length && depth > 0) {
            if (text[j] === '{') depth++;
            else if (text[j] === '}') depth--;
            j++;
          }
          size += referenceLength(text.slice(i + 2, j - 1));
          i = j;
        } else {
          size += Buffer.byteLength(text[i]!, 'utf8');
          i++;
        }
      }
      size += 1;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (/[A-Za-z_]/.test(c)) {
      // A bare reference (aws_sns_topic.alarms.arn, data.aws_caller_identity.current.account_id) or a literal.
      let j = i;
      while (j < text.length && /[\w.\[\]-]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      size += word === 'true' || word === 'false' || word === 'null' ? word.length : referenceLength(word) + 2;
      i = j;
    } else {
      size += 1;
      i++;
    }
  }
  return size;
}

export interface OversizedPolicy {
  workspace: string;
  address: string;
  what: string;
  bytes: number;
  limit: number;
  page: string;
}

/** The policies of one workspace's Terraform JSON that are over their service's limit. */
export function oversizedPolicies(workspace: string, json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): OversizedPolicy[] {
  const out: OversizedPolicy[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    const rule = POLICY_LIMITS[type];
    if (!rule) continue;
    for (const [name, config] of Object.entries(byName)) {
      const policy = config[rule.attribute];
      if (typeof policy !== 'string') continue;
      const bytes = estimatePolicyBytes(policy);
      if (bytes > rule.limit) out.push({ workspace, address: `${type}.${name}`, what: rule.what, bytes, limit: rule.limit, page: rule.page });
    }
  }
  return out;
}

export class PolicyTooLarge extends Error {
  override readonly name = 'PolicyTooLarge';
  constructor(readonly policies: OversizedPolicy[]) {
    super(`${policies.length} policy documents exceed their service's size limit`);
  }
}

/** By name, not instanceof: the bundle's synth chunk carries its own copy of this module. */
export function isPolicyTooLarge(err: unknown): err is PolicyTooLarge {
  return err instanceof Error && err.name === 'PolicyTooLarge' && 'policies' in err;
}
