// CloudFront's certificate names routing.domain as its subject, which ACM limits to 64 characters.
import type { Rule } from '../rule';

/** ACM's limit on a certificate's domain name (its subject's common name). */
export const ACM_DOMAIN_MAX = 64;

export const cdnDomainFitsCertificate: Rule = {
  id: 'cdn-domain-fits-certificate',
  code: 'TOPO3082',
  severity: 'error',
  summary: `With routing.cdn, routing.domain fits an ACM certificate's domain name (at most ${ACM_DOMAIN_MAX} characters).`,
  check({ input }, report) {
    const routing = input.routing;
    if (routing?.cdn === undefined) return;
    const domain = routing.domain.replace(/\.$/, '');
    if (domain.length <= ACM_DOMAIN_MAX) return;
    report(
      ['routing', 'domain'],
      `routing.domain is ${domain.length} characters, and CloudFront serves it with an ACM certificate, whose domain name holds at most ${ACM_DOMAIN_MAX}`,
      `use a domain of at most ${ACM_DOMAIN_MAX} characters with cdn, or use accelerator, which needs no certificate from topoform`,
    );
  },
};
