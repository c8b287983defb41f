// Aurora DSQL: two peered clusters and a witness, managed from the home workspace; secure defaults; real Terraform.
import { describe, expect, it } from 'vitest';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const topology = `version: 1
name: wallet
pattern: active-active
regions:
  - name: us-east-1
  - name: us-east-2
data:
  - name: ledger
    type: dsql
    witness: us-west-2
`;

const synth = (text: string) => synthTopology(text, 'dsql');

describe('dsql', () => {
  const { out, stack } = synth(topology);
  const home = stack('us-east-1')['resource'] as Json;
  const clusters = home['aws_dsql_cluster'] as Json;
  const peerings = home['aws_dsql_cluster_peering'] as Json;

  it('two clusters with the witness, both managed from the home workspace (AWS assigns their ARNs)', () => {
    expect(Object.keys(clusters).sort()).toEqual(['ledger_us-east-1', 'ledger_us-east-2']);
    expect(clusters['ledger_us-east-2'].provider).toBe('aws.us_east_2');
    for (const c of Object.values(clusters)) expect(c.multi_region_properties).toEqual([{ witness_region: 'us-west-2' }]);
    expect(stack('us-east-2')['resource']).toBeUndefined();
  });

  it('each cluster peers with the other by its ARN, in its own region', () => {
    expect(peerings['ledger_us-east-1']).toMatchObject({ identifier: '${aws_dsql_cluster.ledger_us-east-1.identifier}', clusters: ['${aws_dsql_cluster.ledger_us-east-2.arn}'], witness_region: 'us-west-2' });
    expect(peerings['ledger_us-east-2']).toMatchObject({ identifier: '${aws_dsql_cluster.ledger_us-east-2.identifier}', clusters: ['${aws_dsql_cluster.ledger_us-east-1.arn}'], provider: 'aws.us_east_2' });
  });

  it('encrypts each cluster with the topology key of its region, by key ARN, and protects it from deletion', () => {
    expect(clusters['ledger_us-east-1'].kms_encryption_key).toBe('${aws_kms_key.topology.arn}');
    expect(clusters['ledger_us-east-2'].kms_encryption_key).toBe('${aws_kms_replica_key.us-east-2.arn}');
    for (const c of Object.values(clusters)) expect(c.deletion_protection_enabled).toBe(true);
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    for (const [name, a] of await applyOutput(setup, out)) expect(a.validate, name).toMatchObject({ valid: true });
  }, 300_000);
});

describe('dsql with its witness among the regions', () => {
  it('three regions, the third the witness: clusters in the other two, nothing in the witness region', () => {
    const { stack } = synth(topology.replace('  - name: us-east-2\n', '  - name: us-east-2\n  - name: us-west-2\n'));
    expect(Object.keys(stack('us-east-1')['resource']['aws_dsql_cluster']).sort()).toEqual(['ledger_us-east-1', 'ledger_us-east-2']);
    expect(stack('us-west-2')['resource']).toBeUndefined();
  });
});
