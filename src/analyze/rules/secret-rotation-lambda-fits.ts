// A secret's rotationLambda is a Lambda function in the secret's own partition and home region: Secrets Manager
// invokes the function in the secret's region and refuses ("Lambda does not exist") one anywhere else.
import { groupHome } from '../../model/ownership';
import type { Rule } from '../rule';

/** Lambda function names, with an optional version or alias qualifier (the schema's ARN form has no `$`). */
const FUNCTION = /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_-]{1,128})?$/;

export const secretRotationLambdaFits: Rule = {
  id: 'secret-rotation-lambda-fits',
  code: 'TOPO3051',
  severity: 'error',
  summary: "A secret's rotationLambda is a Lambda function ARN in the topology's partition and the secret's home region.",
  check({ input, model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'secret' || input.data?.[i]?.type !== 'secret') return;
      const arn = input.data[i].rotationLambda;
      if (arn === undefined) return;
      const at = ['data', i, 'rotationLambda'];
      const [, partition, service, region, account, ...rest] = arn.split(':');
      const resource = rest.join(':');
      const example = `arn:${model.partition}:lambda:{region}:<account>:function:<name>`;
      if (service !== 'lambda' || !FUNCTION.test(resource)) {
        report(at, `rotationLambda of secret store ${store.name} is not a Lambda function ARN`, `Secrets Manager rotates by invoking a Lambda function: ${example}`);
        return;
      }
      if (partition !== model.partition) {
        report(at, `rotationLambda of secret store ${store.name} is in partition ${partition}, the topology's regions in ${model.partition}`, `write ${example}`);
        return;
      }
      if (!/^[0-9]{12}$/.test(account ?? '')) {
        report(at, `rotationLambda of secret store ${store.name} has no 12-digit account id`, `write ${example}`);
        return;
      }
      if (region === '{region}') return;
      const homes = store.groups.map((g) => groupHome(model, g));
      const elsewhere = homes.filter((h) => h !== region);
      if (elsewhere.length === 0) return;
      report(
        at,
        homes.length > 1
          ? `rotationLambda of secret store ${store.name} names a function in ${region}, but the store has one secret per jurisdiction, in ${homes.join(' and ')}, each rotated only by a function in its own region`
          : `rotationLambda of secret store ${store.name} names a function in ${region}, but the secret lives in ${homes[0]}: Secrets Manager invokes rotation functions only in the secret's region`,
        `write {region} in the ARN's region field (replaced by the secret's home region) and deploy the function there`,
      );
    });
  },
};
