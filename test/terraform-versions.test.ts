// terraform.awsProvider and terraform.requiredVersion: Terraform's constraint syntax, what each admits, what the output
// needs of each (rule terraform-versions-fit, TOPO3130), and where the constraints go (every workspace, the pipelines).
import { describe, expect, it } from 'vitest';
import { lowestAdmitted, semverRange } from '../src/model/versions';
import { REQUIREMENTS } from '../src/model/workspaces';
import { topoform } from './helpers/cli';
import { synthTopology, topologyDir } from './helpers/synth';

describe('constraints', () => {
  it.each([
    ['~> 6.25', '6.25.0'],
    ['~> 6', '6.0.0'],
    ['~> 5.100.0', '5.100.0'],
    ['= 5.100.0', '5.100.0'],
    ['5.100', '5.100.0'],
    ['>= 6.3, < 7.0', '6.3.0'],
    ['> 6.2', '6.2.1'],
    ['>= 6.22.0, != 6.22.0', '6.22.1'],
    ['< 7.0', '0.0.0'],
    ['!= 6.0.0', '0.0.0'],
    ['  >=1.10 ,<2  ', '1.10.0'],
  ])('%s admits %s first', (constraint, lowest) => {
    expect(lowestAdmitted(constraint)?.join('.')).toBe(lowest);
  });

  it.each(['>= 6.3, < 6.0', '~> 6.25, < 6.25', '= 6.3.0, = 6.4.0', '~> 6.25.1, >= 6.26'])('%s admits nothing', (constraint) => {
    expect(lowestAdmitted(constraint)).toBeUndefined();
  });

  it("the pipelines' setup-terraform gets the same range in node-semver's syntax", () => {
    expect(semverRange(REQUIREMENTS.terraform)).toBe('>= 1.10');
    expect(semverRange('~> 1.11.0')).toBe('>= 1.11.0 < 1.12.0');
    expect(semverRange('~> 1.11')).toBe('>= 1.11 < 2.0.0');
    expect(semverRange('>= 1.10, < 2.0, != 1.10.2')).toBe('>= 1.10 < 2.0');
    expect(semverRange('1.11.4')).toBe('1.11.4');
  });
});

const strong = (terraform: string) => `version: 1
name: orders
pattern: active-active
${terraform}regions:
  - name: us-east-1
  - name: us-east-2
data:
  - name: carts
    type: dynamodb
    hashKey: { name: pk, type: S }
    consistency: strong
    witness: us-west-2
`;

const aurora = (terraform: string) => `version: 1
name: ledger
pattern: pilot-light
${terraform}regions:
  - name: us-east-1
    network: { subnetIds: [subnet-0a1, subnet-0a2], securityGroupIds: [sg-0a3] }
  - name: us-west-2
    network: { subnetIds: [subnet-0b1, subnet-0b2], securityGroupIds: [sg-0b3] }
data:
  - name: books
    type: aurora
    engine: aurora-postgresql
    engineVersion: "16.4"
`;

interface Finding {
  code: string;
  severity: string;
  message: string;
  hint?: string;
  pointer: string;
}

function validate(text: string): Finding[] {
  const r = topoform(['validate', 'topology.yaml', '--format', 'json'], { cwd: topologyDir(text, 'versions') });
  return (JSON.parse(r.stdout) as { diagnostics: Finding[] }).diagnostics.filter((d) => d.code === 'TOPO3130' || d.code.startsWith('TOPO2'));
}

describe('rule terraform-versions-fit (TOPO3130)', () => {
  it('the defaults and a team pinned to the last 5.x pass', () => {
    expect(validate(strong(''))).toEqual([]);
    expect(validate(aurora(''))).toEqual([]);
    expect(validate(aurora('terraform: { awsProvider: "~> 5.100", requiredVersion: "~> 1.11.0" }\n'))).toEqual([]);
    expect(validate(strong('terraform: { awsProvider: ">= 6.22, < 7.0" }\n'))).toEqual([]);
  });

  it('a provider constraint that admits a release without consistency_mode or global_table_witness', () => {
    expect(validate(strong('terraform: { awsProvider: "~> 6.0" }\n'))).toEqual([
      {
        code: 'TOPO3130',
        severity: 'error',
        message:
          'terraform.awsProvider "~> 6.0" admits hashicorp/aws 6.0.0; the output needs 6.3.0 for replica.consistency_mode of aws_dynamodb_table (the strongly consistent table carts); 6.22.0 for global_table_witness of aws_dynamodb_table (the witness of carts)',
        hint: 'raise the lower bound to 6.22.0 or later, e.g. ">= 6.22.0" (with "< 7.0" to stay on one major version)',
        pointer: '/terraform/awsProvider',
        range: expect.any(Object),
      },
    ]);
    // Without a witness, 6.3 is enough.
    expect(validate(strong('terraform: { awsProvider: "~> 6.3" }\n').replace('    witness: us-west-2\n', '').replace('  - name: us-east-2\n', '  - name: us-east-2\n  - name: us-west-2\n'))).toEqual([]);
  });

  it('a provider constraint below the oldest release topoform supports, and one that admits nothing', () => {
    const [floor] = validate(aurora('terraform: { awsProvider: "~> 5.90" }\n'));
    expect(floor).toMatchObject({ code: 'TOPO3130', pointer: '/terraform/awsProvider', message: 'terraform.awsProvider "~> 5.90" admits hashicorp/aws 5.90.0; the output needs 5.100.0 for any output (the oldest release topoform supports and tests)' });
    const [none] = validate(aurora('terraform: { awsProvider: ">= 6.3, < 6.0" }\n'));
    expect(none).toMatchObject({ code: 'TOPO3130', message: 'terraform.awsProvider ">= 6.3, < 6.0" admits no version of hashicorp/aws' });
  });

  it('a Terraform constraint that admits a release without write-only arguments, with an Aurora store', () => {
    const findings = validate(aurora('terraform: { requiredVersion: "~> 1.10.0" }\n'));
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'TOPO3130',
        pointer: '/terraform/requiredVersion',
        message: 'terraform.requiredVersion "~> 1.10.0" admits Terraform 1.10.0; the output needs 1.11.0 for the write-only arguments that set the master password of Aurora store books',
      }),
    ]);
    expect(validate(strong('terraform: { requiredVersion: "~> 1.10.0" }\n'))).toEqual([]);
  });

  it('a constraint is Terraform\'s syntax and nothing else: no template sequence or cdktf token reaches the output', () => {
    for (const hostile of ['>= 6.25${var.x}', '%{ if true }6.25%{ endif }', '${TfToken[TOKEN.1]}', '>= 6.25"\n', '6.25 || 7.0', 'latest']) {
      const findings = validate(strong(`terraform: { awsProvider: ${JSON.stringify(hostile)}, requiredVersion: ${JSON.stringify(hostile)} }\n`));
      expect(findings.map((f) => [f.code, f.pointer]), hostile).toEqual([
        ['TOPO2006', '/terraform/awsProvider'],
        ['TOPO2006', '/terraform/requiredVersion'],
      ]);
    }
  });
});

describe('the constraints every workspace declares', () => {
  it('by default: hashicorp/aws ~> 6.25 everywhere, Terraform >= 1.10 and >= 1.11 where an Aurora writer is', () => {
    const out = synthTopology(aurora(''), 'versions');
    for (const w of out.workspaces) {
      expect(out.stack(w)['terraform']['required_providers']['aws'], w).toEqual({ source: 'hashicorp/aws', version: '~> 6.25' });
      expect(out.stack(w)['terraform']['required_version'], w).toBe(w === 'us-east-1' ? '>= 1.11' : '>= 1.10');
    }
  });

  it("the topology's, in every workspace, and the pipelines install a Terraform it admits", () => {
    const text = aurora('terraform: { awsProvider: "~> 5.100", requiredVersion: "~> 1.11.0" }\n');
    const out = synthTopology(text, 'versions');
    expect(out.workspaces).toEqual(['global', 'us-east-1', 'us-west-2']);
    for (const w of out.workspaces) {
      expect(out.stack(w)['terraform']['required_providers']['aws'], w).toEqual({ source: 'hashicorp/aws', version: '~> 5.100' });
      expect(out.stack(w)['terraform']['required_version'], w).toBe('~> 1.11.0');
    }
    const workflow = topoform(['pipeline', 'topology.yaml', '--github'], { cwd: topologyDir(text, 'versions') });
    expect(workflow.status, workflow.stderr).toBe(0);
    const versions = [...workflow.stdout.matchAll(/terraform_version: (.*)/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set(['">= 1.11.0 < 1.12.0"']));
  });
});
