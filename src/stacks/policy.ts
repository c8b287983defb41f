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
