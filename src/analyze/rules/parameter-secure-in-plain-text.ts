// A secure parameter is a SecureString in SSM, but its value is written as it is in topology.yaml into every
// region's workspace (cdk.tf.json), the Terraform state, and the output a pipeline hands between jobs.
import type { Rule } from '../rule';

export const parameterSecureInPlainText: Rule = {
  id: 'parameter-secure-in-plain-text',
  code: 'TOPO3054',
  severity: 'warning',
  summary: "A parameter store with secure: true has its value in plain text in the topology, every region's generated workspace and the Terraform state: only SSM holds it encrypted.",
  check({ input }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'parameter' || s.secure !== true) return;
      report(
        ['data', i, 'value'],
        `the value of secure parameter ${s.name} is in plain text here, in every region's generated workspace (cdk.tf.json) and in the Terraform state; only SSM stores it encrypted`,
        'keep real secrets in a secret store (Secrets Manager creates the value; it is never in the topology or the output), and do not commit or publish the synthesized output',
      );
    });
  },
};
