// IAM policy documents as data, rendered with jsonencode so Terraform values can flow into them.
import { Fn } from 'cdktf';

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]> | '*';
  Action: string | string[];
  /** Absent in trust policies. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(statements: Statement[]): string {
  return Fn.jsonencode({ Version: '2012-10-17', Statement: statements });
}

/**
 * A trust policy letting one AWS service assume the role only on behalf of this account's resources matching
 * `sourceArn` (the confused-deputy conditions AWS recommends), as a jsonencoded document.
 */
export function serviceTrust(sid: string, service: string, account: string, sourceArn?: string): string {
  return policyDocument([
    {
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': account }, ...(sourceArn !== undefined ? { ArnLike: { 'aws:SourceArn': sourceArn } } : {}) },
    },
  ]);
}
