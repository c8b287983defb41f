// Rules accounts-agree (routing.roleArn in routing.account) and regions-declare-accounts (with regions in several
// accounts, each region names its own).
import { describe, expect, it } from 'vitest';
import { RULES, runRules } from '../../src/analyze/pack';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { normalize } from '../../src/model/normalize';

/** The findings of one code on a topology of the given regions (flow maps) and routing lines, as line:column message. */
function findings(code: string, regions: string[], routing = ''): string[] {
  const text = `version: 1\nname: shop\npattern: active-passive\nregions:\n${regions.map((r) => `  - ${r}\n`).join('')}routing:\n  domain: shop.example.com\n  zone: example.com\n${routing}`;
  const source = loadText('topology.yaml', text).value!;
  const input = source.data as TopologyInput;
  return runRules(RULES, source, { input, model: normalize(input) })
    .filter((d) => d.code === code)
    .map((d) => `${d.range!.line}:${d.range!.column} ${d.message}`);
}

const EAST = 'name: us-east-1\n    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }';
const WEST = 'name: us-west-2\n    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }';
const EU = 'name: eu-west-1\n    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }';

describe('accounts-agree on routing', () => {
  it('refuses a routing.roleArn in another account than routing.account, at the roleArn', () => {
    expect(findings('TOPO3021', [EAST, WEST], '  account: "333333333333"\n  roleArn: arn:aws:iam::444444444444:role/dns\n')).toEqual([
      '13:12 the routing resources are in account 333333333333, but routing.roleArn is in account 444444444444',
    ]);
  });

  it('accepts them in one account, or either alone', () => {
    expect(findings('TOPO3021', [EAST, WEST], '  account: "333333333333"\n  roleArn: arn:aws:iam::333333333333:role/dns\n')).toEqual([]);
    expect(findings('TOPO3021', [EAST, WEST], '  account: "333333333333"\n')).toEqual([]);
    expect(findings('TOPO3021', [EAST, WEST], '  roleArn: arn:aws:iam::444444444444:role/dns\n')).toEqual([]);
  });
});

describe('regions-declare-accounts', () => {
  it('refuses each region that names no account when the others name two, at the region', () => {
    const found = findings('TOPO3151', [`${EAST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, WEST, `${EU}\n    roleArn: arn:aws:iam::222222222222:role/deploy`]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^8:5 us-west-2 declares no account, while the other regions deploy to 2 AWS accounts \(111111111111, 222222222222\): it would deploy with whatever credentials run Terraform/);
  });

  it('names every such region', () => {
    const found = findings('TOPO3151', [EAST, `${WEST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, `${EU}\n    roleArn: arn:aws:iam::222222222222:role/deploy`]);
    expect(found.map((f) => f.split(' declares')[0])).toEqual(['5:5 us-east-1']);
    expect(findings('TOPO3151', [EAST, `${WEST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, `${EU}\n    roleArn: arn:aws:iam::222222222222:role/deploy`, 'name: eu-central-1'])).toHaveLength(2);
  });

  it('says nothing with one declared account or none, however many regions leave it out', () => {
    expect(findings('TOPO3151', [EAST, WEST])).toEqual([]);
    expect(findings('TOPO3151', [`${EAST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, WEST, EU])).toEqual([]);
    expect(findings('TOPO3151', [`${EAST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, `${WEST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, EU])).toEqual([]);
  });

  it('asks every region for its account once routing names one of its own', () => {
    expect(findings('TOPO3151', [`${EAST}\n    roleArn: arn:aws:iam::111111111111:role/deploy`, WEST], '  account: "333333333333"\n')).toEqual([
      "8:5 us-west-2 declares no account, while routing is in account 333333333333: the global workspace makes the routing resources there and acts in each region's account (accelerator attachments, replication roles), which it must know",
    ]);
    expect(findings('TOPO3151', [EAST, WEST], '  roleArn: arn:aws:iam::333333333333:role/dns\n')).toHaveLength(2);
    // Without a routing account, regions that name none are one account: the credentials'.
    expect(findings('TOPO3151', [EAST, WEST])).toEqual([]);
  });
});
