// Route 53 notices a dead region within the RTO: interval x (failureThreshold + 1) in the worst case, plus DNS caching.
import { formatDuration, parseDuration } from '../../model/duration';
import { frontDoor } from '../../model/routing';
import type { Lint } from './lint';

/** The TTL with which a load balancer alias answers: resolvers keep the dead region's address this long. */
export const ALIAS_TTL_MS = 60_000;

export const detectionFitsRto: Lint = {
  id: 'detection-fits-rto',
  code: 'TOPO6001',
  severity: 'warning',
  summary: 'Health checks detect a failed region, and DNS moves traffic, within objectives.rto.',
  hint: 'use interval 10 and a lower failureThreshold (10 s x (2 + 1) = 30 s to detect), or relax objectives.rto',
  check({ input, model }, report) {
    const rto = parseDuration(model.objectives.rto);
    const routing = model.routing;
    if (rto === undefined || !routing) return;
    const door = frontDoor(routing);
    if (door === 'cdn') return; // CloudFront fails over per request, on the origin's status code: nothing to detect
    const { interval, failureThreshold } = routing.healthCheck;
    const detect = interval * (failureThreshold + 1) * 1000;
    const dns = door === 'accelerator' ? 0 : ALIAS_TTL_MS; // Global Accelerator moves traffic without DNS
    if (detect + dns <= rto) return;
    const parts = `up to ${formatDuration(detect)} to detect (interval ${interval} s x (failureThreshold ${failureThreshold} + 1))` + (dns > 0 ? ` and ${formatDuration(dns)} of DNS caching` : '');
    const written = input.routing?.healthCheck !== undefined;
    report(
      written ? ['routing', 'healthCheck'] : ['routing'],
      `failing over takes ${parts}: ${formatDuration(detect + dns)}, above objectives.rto ${model.objectives.rto}`,
      `${written ? '' : 'the health check defaults to interval 10, failureThreshold 3; '}${detectionFitsRto.hint}`,
      { key: !written },
    );
  },
};
