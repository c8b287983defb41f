// A secret rotates only by a Lambda function: rotationDays needs rotationLambda.
import type { Rule } from '../rule';

export const secretRotationHasLambda: Rule = {
  id: 'secret-rotation-has-lambda',
  code: 'TOPO3050',
  severity: 'error',
  summary: 'A secret store that sets rotationDays names the rotationLambda that rotates it.',
  check({ input }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'secret' || s.rotationDays === undefined || s.rotationLambda !== undefined) return;
      report(
        ['data', i, 'rotationDays'],
        `secret store ${s.name} sets rotationDays ${s.rotationDays} but no rotationLambda: Secrets Manager rotates a secret only by invoking a Lambda function`,
        'add rotationLambda: arn:aws:lambda:{region}:<account>:function:<name> (a function that can rotate this secret, in the secret\'s home region), or remove rotationDays',
        { key: true },
      );
    });
  },
};
