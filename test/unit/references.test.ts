// synth skips cdktf's preparing pass (src/stacks/app.ts workspaceStack), which would have turned a token of one
// workspace used in another into a silent read of the other's state: danglingReferences catches such a reference.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { App } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { danglingReferences } from '../../src/emit/references';
import { workspaceStack } from '../../src/stacks/app';

function synthTwo(crossing: boolean): { a: Record<string, unknown>; b: Record<string, unknown> } {
  const outdir = mkdtempSync(join(tmpdir(), 'topoform-refs-'));
  const app = new App({ outdir });
  const a = workspaceStack(app, 'a');
  const b = workspaceStack(app, 'b');
  new AwsProvider(a, 'aws', { region: 'us-east-1' });
  new AwsProvider(b, 'aws', { region: 'us-west-2' });
  const topic = new SnsTopic(a, 't', { name: 'topic-a' });
  const own = new SnsTopic(b, 'own', { name: 'topic-b' });
  new SnsTopic(b, 'u', { name: 'topic-u', displayName: crossing ? topic.arn : own.arn });
  app.synth();
  const read = (s: string) => JSON.parse(readFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  return { a: read('a'), b: read('b') };
}

describe('references of a workspace', () => {
  it('are all declared in it when no token crosses workspaces', () => {
    const { a, b } = synthTwo(false);
    expect(danglingReferences(a)).toEqual([]);
    expect(danglingReferences(b)).toEqual([]);
  });

  it('name the resource of another workspace a crossing token refers to, instead of a remote-state read', () => {
    const { b } = synthTwo(true);
    expect(danglingReferences(b)).toEqual(['aws_sns_topic.t']);
    expect(JSON.stringify(b)).not.toContain('terraform_remote_state');
  });

  it('see data sources, and references inside functions and templates; not plain text', () => {
    const stack = {
      data: { aws_caller_identity: { current: {} } },
      ephemeral: { aws_secretsmanager_random_password: { 'db-a_master': {} } },
      resource: { aws_kms_key: { k: {} } },
      output: {
        x: { value: '${jsonencode({"a" = aws_kms_key.k.arn, "b" = data.aws_caller_identity.current.account_id, "c" = aws_iam_role.gone.arn, "d" = data.aws_region.none.name, "e" = ephemeral.aws_secretsmanager_random_password.db-a_master.random_password})}' },
        y: { value: 'aws_sns_topic.not_a_reference (no interpolation)' },
        // A user's text written escaped is literal, before or after an interpolation, or inside a quoted string of one.
        z: { value: '$${data.terraform_remote_state.a.outputs.x}/${aws_kms_key.k.arn}/$${aws_iam_role.literal.arn} ${jsonencode({"p" = "$${aws_iam_role.quoted.arn}", "q" = "${aws_iam_role.nested.arn}"})}' },
      },
    };
    expect(danglingReferences(stack)).toEqual(['aws_iam_role.gone', 'aws_iam_role.nested', 'data.aws_region.none']);
  });
});
