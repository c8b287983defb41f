// Rule store-accounts-fit: which stores may span regions of different accounts, by each kind's fact.
import { describe, expect, it } from 'vitest';
import { RULES, runRules } from '../../src/analyze/pack';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { normalize } from '../../src/model/normalize';

function codes(data: string, accounts: [string, string] = ['111111111111', '222222222222']): string[] {
  const text = `version: 1\nname: shop\npattern: active-passive\nregions:\n  - { name: us-east-1, account: "${accounts[0]}" }\n  - { name: us-west-2, account: "${accounts[1]}" }\ndata:\n${data}`;
  const source = loadText('topology.yaml', text).value!;
  const input = source.data as TopologyInput;
  return runRules(RULES, source, { input, model: normalize(input) }).filter((d) => d.code === 'TOPO3150').map((d) => d.message);
}

describe('store-accounts-fit', () => {
  it('lets a store made per region span accounts: a queue, a parameter, a per-region cache', () => {
    expect(codes('  - { name: work, type: queue }\n  - { name: flags, type: parameter, value: "on" }\n')).toEqual([]);
  });

  it('refuses what is one account\'s, naming each region\'s account and what to do instead', () => {
    const [message] = codes('  - { name: keys, type: secret }\n');
    expect(message).toMatch(/^secret store keys cannot span AWS accounts: .*us-east-1 \(111111111111\), us-west-2 \(222222222222\); keep the store's regions in one account/);
    expect(codes('  - { name: bus, type: events, delivery: global-endpoint }\n')).toHaveLength(1);
  });

  it('says nothing when the regions are in one account', () => {
    expect(codes('  - { name: keys, type: secret }\n', ['111111111111', '111111111111'])).toEqual([]);
  });
});
