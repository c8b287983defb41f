// The versions a topology pins (terraform.awsProvider, terraform.requiredVersion) have what its output uses.
import { awsProviderNeeds, formatVersion, lowestAdmitted, compareVersions, terraformNeeds, type Need } from '../../model/versions';
import type { Topology } from '../../model/types';
import type { Report, Rule } from '../rule';

const FIELDS: readonly { field: 'awsProvider' | 'requiredVersion'; what: string; needs: (t: Topology) => Need[] }[] = [
  { field: 'awsProvider', what: 'hashicorp/aws', needs: awsProviderNeeds },
  { field: 'requiredVersion', what: 'Terraform', needs: terraformNeeds },
];

export const terraformVersionsFit: Rule = {
  id: 'terraform-versions-fit',
  code: 'TOPO3130',
  severity: 'error',
  summary: "terraform.awsProvider and terraform.requiredVersion admit no version that lacks what the topology's output uses.",
  check({ input, model }, report) {
    for (const { field, what, needs } of FIELDS) {
      const written = input.terraform?.[field];
      if (written !== undefined) checkConstraint(['terraform', field], written, what, needs(model), report);
    }
  },
};

function checkConstraint(path: readonly string[], constraint: string, what: string, needs: Need[], report: Report): void {
  const low = lowestAdmitted(constraint);
  if (low === undefined) {
    report(path, `${path.join('.')} "${constraint}" admits no version of ${what}`, 'its bounds exclude each other: write one range, e.g. ">= 6.25, < 7.0"');
    return;
  }
  const lacking = needs.filter((n) => compareVersions(low, n.since) < 0);
  if (lacking.length === 0) return;
  const highest = lacking.reduce((a, b) => (compareVersions(b.since, a.since) > 0 ? b : a)).since;
  const list = [...new Set(lacking.map((n) => `${formatVersion(n.since)} ${n.what}`))].join('; ');
  report(
    path,
    `${path.join('.')} "${constraint}" admits ${what} ${formatVersion(low)}; the output needs ${list}`,
    `raise the lower bound to ${formatVersion(highest)} or later, e.g. ">= ${formatVersion(highest)}"${what === 'hashicorp/aws' ? ' (with "< 7.0" to stay on one major version)' : ''}`,
  );
}
