// The runbook over several AWS accounts: every `aws` command names the profile of the account it goes to (a
// region's command its region's, Route 53 / health checks / ARC / the us-east-1 global alarms the routing account's),
// the first step gives the ~/.aws/config profiles, and a topology in one account reads as before.
import { describe, expect, it } from 'vitest';
import { renderRunbook } from '../../src/docs/index';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { names } from '../../src/model/naming';
import { normalize } from '../../src/model/normalize';
import type { Topology } from '../../src/model/types';

const EAST_ROLE = 'arn:aws:iam::111111111111:role/deploy';
const DNS_ROLE = 'arn:aws:iam::444444444444:role/dns';

/**
 * us-east-1 in 111111111111 (with a role), eu-west-1 in 222222222222 (none), routing in 444444444444 (with a role),
 * state in 555555555555; with stores, alarms, ARC and a drill, so most of the runbook's commands are there.
 */
function multiAccount(opts: { west?: string; routing?: string; regions?: 'one' } = {}): string {
  const west = `  - name: eu-west-1
${opts.west ?? '    account: "222222222222"\n'}    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }
`;
  return `version: 1
name: shop
pattern: active-passive
state:
  backend: s3
  bucket: acme-tfstate-{region}
  account: "555555555555"
regions:
  - name: us-east-1
    account: "111111111111"
    roleArn: ${EAST_ROLE}
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
${opts.regions === 'one' ? '' : west}routing:
${opts.routing ?? `  account: "444444444444"\n  roleArn: ${DNS_ROLE}\n`}  domain: shop.example.com
  zone: example.com
  recoveryControl: true
alarms:
  email: [oncall@example.com]
data:
  - { name: orders, type: dynamodb }
  - { name: files, type: s3 }
  - { name: work, type: queue }
  - { name: flags, type: parameter, value: "on" }
  - { name: main, type: aurora, engine: aurora-postgresql }
drills:
  - { name: east-out, scenario: region-isolation, target: us-east-1 }
`;
}

/** The model straight from the loader and the normalizer: no validation (whose rules on accounts are not this test's). */
function topology(text: string): Topology {
  const source = loadText('topology.yaml', text);
  if (!source.value) throw new Error('the test topology does not load');
  return normalize(source.value.data as TopologyInput);
}

function runbook(text: string): string {
  return renderRunbook(topology(text), { file: 'topology.yaml', version: '0.1.0', out: 'runbook.out' });
}

interface Command {
  text: string;
  region?: string;
  profile?: string;
}

/** Every `aws` command in the runbook (code blocks and inline code), each up to the next one, a backtick or the line's end. */
function commands(runbook: string): Command[] {
  const out: Command[] = [];
  for (const line of runbook.split('\n')) {
    for (const m of line.matchAll(/\baws (?=[a-z0-9-]+ [a-z0-9-]+)/g)) {
      const rest = line.slice(m.index);
      const text = rest.slice(0, Math.min(...[rest.indexOf('aws ', 4), rest.indexOf('`')].filter((i) => i > 0), rest.length));
      const region = / --region (\S+)/.exec(text)?.[1];
      const profiles = [...text.matchAll(/ --profile (\S+)/g)].map((p) => p[1]!);
      if (profiles.length > 1) throw new Error(`two profiles in ${text}`);
      out.push({ text, ...(region !== undefined ? { region } : {}), ...(profiles[0] !== undefined ? { profile: profiles[0] } : {}) });
    }
  }
  return out;
}

describe('runbook with several accounts', () => {
  const text = runbook(multiAccount());
  const all = commands(text);
  const globalTopic = names.alarmGlobalTopic('shop');
  const edge = (c: Command) => /^aws route53(-recovery-cluster)? /.test(c.text) || c.text.includes(`:${globalTopic}"`);

  it('has the commands this test is about', () => {
    expect(all.filter((c) => c.text.startsWith('aws route53 ')).length).toBeGreaterThan(0);
    expect(all.filter((c) => c.text.startsWith('aws route53-recovery-cluster ')).length).toBe(4); // failover and failback
    expect(all.filter((c) => c.region === 'us-east-1' && !edge(c)).length).toBeGreaterThan(3);
    expect(all.filter((c) => c.region === 'eu-west-1').length).toBeGreaterThan(3);
    expect(all.filter((c) => c.text.includes(`:${globalTopic}"`))).toHaveLength(1);
  });

  it("gives every command against a region its region's account's profile", () => {
    const wrong = all
      .filter((c) => !edge(c) && c.region !== undefined && !c.region.startsWith('"'))
      .filter((c) => c.profile !== { 'us-east-1': 'topoform-111111111111', 'eu-west-1': 'topoform-222222222222' }[c.region!]);
    expect(wrong).toEqual([]);
  });

  it("gives Route 53, the health checks, ARC and the us-east-1 global alarms the routing account's profile", () => {
    expect(all.filter(edge).filter((c) => c.profile !== 'topoform-444444444444')).toEqual([]);
    // The regional us-east-1 alarm topic stays the region's, in its account.
    const regional = all.find((c) => c.text.includes(`:${names.alarmTopic('shop')}"`) && c.region === 'us-east-1')!;
    expect(regional.profile).toBe('topoform-111111111111');
    expect(regional.text).toContain(':us-east-1:111111111111:');
    expect(all.find((c) => c.text.includes(`:${globalTopic}"`))!.text).toContain(`sns:us-east-1:444444444444:${globalTopic}`);
  });

  it("a command naming a bucket without a region goes to its region's account", () => {
    const replication = all.filter((c) => c.text.startsWith('aws s3api get-bucket-replication '));
    expect(replication.length).toBeGreaterThan(0);
    for (const c of replication) expect(c).toMatchObject({ profile: 'topoform-111111111111' });
  });

  it('every aws command but the caller-identity lookup names a profile, and no $ACCOUNT stands for a declared account', () => {
    expect(all.filter((c) => c.profile === undefined && !c.text.startsWith('aws sts get-caller-identity'))).toEqual([]);
    expect(text).not.toContain('$ACCOUNT');
  });

  it('gives the profiles to define first: the declared role from the default profile, else a comment', () => {
    const setup = text.slice(text.indexOf('### 1. Before you start'), text.indexOf('### 2. '));
    expect(setup).toContain('This topology spans several AWS accounts (111111111111, 222222222222, 444444444444, 555555555555)');
    expect(setup).toContain(['```ini', '[profile topoform-111111111111]', '# us-east-1', `role_arn = ${EAST_ROLE}`, 'source_profile = default', ''].join('\n'));
    expect(setup).toContain(['[profile topoform-222222222222]', '# eu-west-1', '# the topology declares no role in 222222222222: give this profile credentials that reach it', ''].join('\n'));
    expect(setup).toContain(['[profile topoform-444444444444]', '# routing (Route 53, health checks, ARC, the us-east-1 alarms)', `role_arn = ${DNS_ROLE}`, 'source_profile = default', ''].join('\n'));
    expect(setup).toContain(['[profile topoform-555555555555]', '# state', '# the topology declares no role in 555555555555: give this profile credentials that reach it', '```'].join('\n'));
  });

  it('one region in its account, routing and state in others: the drill checklist gives the profiles, the drill commands name them', () => {
    const single = runbook(multiAccount({ regions: 'one' }));
    expect(single).toContain('- [ ] This topology spans several AWS accounts (111111111111, 444444444444, 555555555555)');
    expect(single).toContain('\n  ```ini\n  [profile topoform-111111111111]\n');
    const fis = commands(single).filter((c) => c.text.startsWith('aws fis '));
    expect(fis).toHaveLength(3);
    for (const c of fis) expect(c.profile).toBe('topoform-111111111111');
  });
});

describe('runbook in one account', () => {
  it('names no profile and gives none to define, whatever the regions, routing and state name', () => {
    const one = multiAccount({ west: '    account: "111111111111"\n', routing: '  account: "111111111111"\n' }).replace('"555555555555"', '"111111111111"');
    const text = runbook(one);
    expect(text).not.toContain('--profile');
    expect(text).not.toContain('[profile ');
    expect(text).toContain('Run them with credentials for the account of each region (the `--region` of each command says where it goes).');
  });

  it('nor with no account declared at all', () => {
    const none = multiAccount({ west: '', routing: '' }).replace('    account: "111111111111"\n    roleArn: arn:aws:iam::111111111111:role/deploy\n', '').replace('  account: "555555555555"\n', '');
    const text = runbook(none);
    expect(text).not.toContain('--profile');
    expect(text).toContain('ACCOUNT=$(aws sts get-caller-identity --query Account --output text)');
  });
});

describe('the key family when the home is down, across accounts', () => {
  const three = (third: string) => `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
    roleArn: arn:aws:iam::111111111111:role/deploy
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
  - name: us-west-2
    roleArn: arn:aws:iam::222222222222:role/deploy
    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
${third}routing:
  domain: shop.example.com
  zone: example.com
data:
  - { name: files, type: s3 }
`;
  const eu = `  - name: eu-west-1
    roleArn: arn:aws:iam::111111111111:role/deploy
    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }
`;

  it("moves the primary key to a region of the home's account, not to where traffic went", () => {
    const text = runbook(three(eu));
    expect(text).toContain('--primary-region eu-west-1');
    expect(text).toContain('eu-west-1, not us-west-2, because us-west-2 is in another account');
    expect(text).not.toContain('--primary-region us-west-2');
  });

  it('says the family has no successor when the home is its account\'s only region', () => {
    const text = runbook(three(''));
    expect(text).not.toContain('update-primary-region');
    expect(text).toContain('No other region of account 111111111111 is left to take the primary over');
  });
});
