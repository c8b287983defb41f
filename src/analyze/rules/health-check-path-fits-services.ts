// The health check path reaches every service that checks the regions, and each refuses at apply what its API does
// not accept: Route 53 takes any path up to 255 characters (the schema's own bound), Global Accelerator only
// ^/[-a-zA-Z0-9@:%_\+.~#?&/=]*$ (HealthCheckPath in its API reference:
// https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html). Refused here, at the
// path's line, with the service that would refuse it.
import type { Rule } from '../rule';

/** The characters Global Accelerator's HealthCheckPath allows after its leading slash. */
const ACCELERATOR_PATH_CHARACTER = /[-a-zA-Z0-9@:%_\\+.~#?&/=]/;
/** Global Accelerator's HealthCheckPath (CreateEndpointGroup, UpdateEndpointGroup): pattern and length. */
export const ACCELERATOR_HEALTH_CHECK_PATH = new RegExp(`^/${ACCELERATOR_PATH_CHARACTER.source}*$`);
export const ACCELERATOR_HEALTH_CHECK_PATH_MAX = 255;

export const healthCheckPathFitsServices: Rule = {
  id: 'health-check-path-fits-services',
  code: 'TOPO3028',
  severity: 'error',
  summary: "The health check path is one every service that receives it accepts (Global Accelerator's is the narrowest).",
  check({ input }, report) {
    const routing = input.routing;
    const path = routing?.healthCheck?.path;
    // The endpoint groups get the path only for HTTP(S) checks (src/stacks/routing/accelerator.ts).
    if (!routing?.accelerator || path === undefined || routing.healthCheck?.protocol === 'TCP') return;
    if (ACCELERATOR_HEALTH_CHECK_PATH.test(path) && path.length <= ACCELERATOR_HEALTH_CHECK_PATH_MAX) return;
    const bad = [...new Set([...path.slice(1)].filter((c) => !ACCELERATOR_PATH_CHARACTER.test(c)))];
    report(
      ['routing', 'healthCheck', 'path'],
      `routing.healthCheck.path ${JSON.stringify(path)} is refused by Global Accelerator, whose endpoint groups check it: ${
        bad.length > 0 ? `it allows no ${bad.map((c) => JSON.stringify(c)).join(', ')}` : `at most ${ACCELERATOR_HEALTH_CHECK_PATH_MAX} characters`
      }`,
      'use letters, digits and - @ : % _ \\ + . ~ # ? & / = only (percent-encode the rest, e.g. ; as %3B)',
    );
  },
};
