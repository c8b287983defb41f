// `topoform pipeline` over several AWS accounts: each workspace's jobs assume the role in its account's repository
// variables (a region's workspace its region's account, global the routing account), the header says which to set and
// what the providers then assume, Atlantis's header lists the roles its one identity must reach; one account is as before.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { normalize } from '../../src/model/normalize';
import type { Topology } from '../../src/model/types';
import { renderAtlantis } from '../../src/pipeline/atlantis';
import { pipelineContext } from '../../src/pipeline/context';
import { renderGithub } from '../../src/pipeline/github';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EAST_ROLE = 'arn:aws:iam::111111111111:role/deploy';
const DNS_ROLE = 'arn:aws:iam::444444444444:role/dns';

/** us-east-1 in 111111111111 (with a role), eu-west-1 in 222222222222 (none), routing in 444444444444, state in 555555555555. */
function multiAccount(opts: { state?: string; routing?: string; west?: string } = {}): string {
  return `version: 1
name: shop
pattern: active-passive
state:
${opts.state ?? '  backend: s3\n  bucket: acme-tfstate-{region}\n  account: "555555555555"\n'}regions:
  - name: us-east-1
    account: "111111111111"
    roleArn: ${EAST_ROLE}
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
  - name: eu-west-1
${opts.west ?? '    account: "222222222222"\n'}    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }
routing:
${opts.routing ?? `  account: "444444444444"\n  roleArn: ${DNS_ROLE}\n`}  domain: shop.example.com
  zone: example.com
`;
}

/** The model straight from the loader and the normalizer: no validation (whose rules on accounts are not this test's). */
function topology(text: string): Topology {
  const source = loadText('topology.yaml', text);
  if (!source.value) throw new Error('the test topology does not load');
  return normalize(source.value.data as TopologyInput);
}

function github(text: string): { text: string; workflow: Json } {
  const out = renderGithub(pipelineContext(topology(text), 'topology.yaml', '0.1.0'));
  return { text: out, workflow: parse(out) as Json };
}

/** The header comment of a generated file, without the `# `. */
function header(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^# ?/, ''));
}

/**
 * What GitHub Actions gives `role-to-assume` in each workspace's run of a job: the matrix's combinations extended by
 * its `include` entries (an entry whose workspace matches adds its other values), then `vars[matrix.role_variable]`
 * or `vars.X` resolved to the variable's name.
 */
function roleVariables(job: Json): Record<string, string> {
  const step = (job['steps'] as Json[]).find((s) => s['name'] === 'AWS credentials (OIDC)');
  if (!step) throw new Error(`${job['name']} has no AWS credentials step`);
  const expression = step['with']['role-to-assume'] as string;
  const matrix = job['strategy']['matrix'] as Json;
  const out: Record<string, string> = {};
  for (const workspace of matrix['workspace'] as string[]) {
    const values: Json = { workspace };
    for (const entry of (matrix['include'] ?? []) as Json[]) if (entry['workspace'] === workspace) Object.assign(values, entry);
    const fixed = /^\$\{\{ vars\.([A-Z0-9_]+) \}\}$/.exec(expression);
    const indexed = /^\$\{\{ vars\[matrix\.([a-z_]+)\] \}\}$/.exec(expression);
    if (fixed) out[workspace] = fixed[1]!;
    else if (indexed && typeof values[indexed[1]!] === 'string') out[workspace] = values[indexed[1]!];
    else throw new Error(`${job['name']}: cannot resolve ${expression} for ${workspace}`);
  }
  return out;
}

/** Workspace → the variable its plan job and its apply job assume, over every wave. */
function variablesByWorkspace(workflow: Json): { plan: Record<string, string>; apply: Record<string, string> } {
  const jobs = workflow['jobs'] as Json;
  const pick = (prefix: string) => Object.assign({}, ...Object.keys(jobs).filter((id) => id.startsWith(prefix)).map((id) => roleVariables(jobs[id])));
  return { plan: pick('plan-wave-'), apply: pick('apply-wave-') };
}

describe('GitHub workflow with several accounts', () => {
  const { text, workflow } = github(multiAccount());

  it("runs each workspace's plan and apply with its account's role: a region's its region's, global the routing account's", () => {
    expect(variablesByWorkspace(workflow)).toEqual({
      plan: {
        'us-east-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN_111111111111',
        'eu-west-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN_222222222222',
        global: 'TOPOFORM_AWS_PLAN_ROLE_ARN_444444444444',
      },
      apply: {
        'us-east-1': 'TOPOFORM_AWS_ROLE_ARN_111111111111',
        'eu-west-1': 'TOPOFORM_AWS_ROLE_ARN_222222222222',
        global: 'TOPOFORM_AWS_ROLE_ARN_444444444444',
      },
    });
  });

  it('keeps the matrix of workspaces the order checks read, and no job assumes the base role', () => {
    const jobs = workflow['jobs'] as Json;
    expect(jobs['plan-wave-1'].strategy.matrix.workspace).toEqual(['us-east-1']);
    expect(jobs['plan-wave-2'].strategy.matrix.workspace).toEqual(['eu-west-1']);
    expect(jobs['plan-wave-3'].strategy.matrix.workspace).toEqual(['global']);
    expect(text).not.toMatch(/vars\.TOPOFORM_AWS_(PLAN_)?ROLE_ARN\b/);
  });

  it('says which variables to set per account, what the providers assume from them, and that every one reaches the state', () => {
    const notes = header(text);
    expect(notes).toContain('State: s3 (acme-tfstate-{region} in account 555555555555).');
    expect(notes.join('\n')).toContain('plan jobs TOPOFORM_AWS_PLAN_ROLE_ARN_<account> (read-only), apply jobs TOPOFORM_AWS_ROLE_ARN_<account>. Set, per account:');
    expect(notes).toContain(`  111111111111 (us-east-1): TOPOFORM_AWS_PLAN_ROLE_ARN_111111111111 and TOPOFORM_AWS_ROLE_ARN_111111111111; the providers then assume ${EAST_ROLE} (regions[].roleArn) from that identity.`);
    expect(notes).toContain('  222222222222 (eu-west-1): TOPOFORM_AWS_PLAN_ROLE_ARN_222222222222 and TOPOFORM_AWS_ROLE_ARN_222222222222; no role declared, so the providers use that identity as is.');
    expect(notes).toContain(`  444444444444 (global): TOPOFORM_AWS_PLAN_ROLE_ARN_444444444444 and TOPOFORM_AWS_ROLE_ARN_444444444444; the providers then assume ${DNS_ROLE} (routing.roleArn) from that identity.`);
    expect(notes).toContain(
      "The global workspace has a provider per region as well, each assuming its region's role from the global job's identity: the roles in TOPOFORM_AWS_PLAN_ROLE_ARN_444444444444 and TOPOFORM_AWS_ROLE_ARN_444444444444 must be able to assume arn:aws:iam::111111111111:role/deploy; eu-west-1 declares no roleArn, so global's providers there would act as that identity, in another account: declare one.",
    );
    expect(notes).toContain('Every one of these roles needs the state buckets.');
    // The state account has no workspace of its own: no variables for it.
    expect(text).not.toContain('555555555555 (');
  });

  it('names the state role every account role must be able to assume', () => {
    const state = '  backend: s3\n  bucket: acme-tfstate-{region}\n  roleArn: arn:aws:iam::555555555555:role/state\n';
    expect(header(github(multiAccount({ state })).text)).toContain(
      "Every workspace's backend assumes arn:aws:iam::555555555555:role/state (state.roleArn): every one of these roles needs sts:AssumeRole on it, and it the state buckets.",
    );
  });

  it("with routing in the home's account, global runs with the home's role", () => {
    const { workflow: w, text: t } = github(multiAccount({ routing: '' }));
    expect(variablesByWorkspace(w).apply).toEqual({ 'us-east-1': 'TOPOFORM_AWS_ROLE_ARN_111111111111', 'eu-west-1': 'TOPOFORM_AWS_ROLE_ARN_222222222222', global: 'TOPOFORM_AWS_ROLE_ARN_111111111111' });
    expect(header(t)).toContain(`  111111111111 (us-east-1, global): TOPOFORM_AWS_PLAN_ROLE_ARN_111111111111 and TOPOFORM_AWS_ROLE_ARN_111111111111; the providers then assume ${EAST_ROLE} (regions[].roleArn, us-east-1's roleArn) from that identity.`);
  });

  it('with local state, plans each workspace with its account\'s read-only role (and applies nothing)', () => {
    const { workflow: w, text: t } = github(multiAccount({ state: '  backend: local\n' }));
    expect(variablesByWorkspace(w)).toEqual({
      plan: { 'us-east-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN_111111111111', 'eu-west-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN_222222222222', global: 'TOPOFORM_AWS_PLAN_ROLE_ARN_444444444444' },
      apply: {},
    });
    expect(header(t)).toContain('  222222222222 (eu-west-1): TOPOFORM_AWS_PLAN_ROLE_ARN_222222222222; no role declared, so the providers use that identity as is.');
  });
});

describe('GitHub workflow in one account', () => {
  it('assumes the two base roles, with no per-workspace matrix values, whatever the regions and routing name in that account', () => {
    const one = multiAccount({ west: '    account: "111111111111"\n', routing: '  account: "111111111111"\n' });
    const { workflow, text } = github(one);
    expect(variablesByWorkspace(workflow)).toEqual({
      plan: { 'us-east-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN', 'eu-west-1': 'TOPOFORM_AWS_PLAN_ROLE_ARN', global: 'TOPOFORM_AWS_PLAN_ROLE_ARN' },
      apply: { 'us-east-1': 'TOPOFORM_AWS_ROLE_ARN', 'eu-west-1': 'TOPOFORM_AWS_ROLE_ARN', global: 'TOPOFORM_AWS_ROLE_ARN' },
    });
    expect(text).not.toContain('include:');
    expect(text).not.toContain('Several AWS accounts');
  });

  it('the state account alone does not make several: the jobs never act in it', () => {
    const one = multiAccount({ west: '    account: "111111111111"\n', routing: '' });
    expect(github(one).text).not.toContain('Several AWS accounts');
  });
});

describe('atlantis.yaml with several accounts', () => {
  it("lists each workspace's account and the role the server's one identity must assume", () => {
    const notes = header(renderAtlantis(pipelineContext(topology(multiAccount()), 'topology.yaml', '0.1.0')));
    expect(notes).toContain("Several AWS accounts: the Atlantis server's one AWS identity plans and applies every workspace, so it must be able to assume each workspace's role:");
    expect(notes).toContain(`  us-east-1 (account 111111111111): ${EAST_ROLE} (regions[].roleArn)`);
    expect(notes).toContain(`  global (account 444444444444): ${DNS_ROLE} (routing.roleArn)`);
    expect(notes.find((l) => l.startsWith('  eu-west-1 (account 222222222222): '))).toMatch(/no role declared/);
  });

  it('says nothing of accounts in one account', () => {
    const one = multiAccount({ west: '    account: "111111111111"\n', routing: '' });
    expect(renderAtlantis(pipelineContext(topology(one), 'topology.yaml', '0.1.0'))).not.toContain('Several AWS accounts');
  });
});
