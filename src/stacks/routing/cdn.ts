// CloudFront in front of the regions: one distribution for routing.domain (certificate from ACM in us-east-1,
// DNS-validated in the zone), an HTTPS origin per region's load balancer, and an origin group of the first two
// regions in failover order that retries the second on the configured status codes.
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { names } from '../../model/naming';
import { named } from '../ids';
import type { RoutingBuilder } from './builder';

/** CloudFront takes its viewer certificates from ACM in us-east-1 only. */
export const CERTIFICATE_REGION = 'us-east-1';
/** The origin group's id (CloudFront holds exactly two origins in a group: a primary and one to fail over to). */
export const ORIGIN_GROUP_ID = 'failover';

/** AWS managed policies, by their documented ids (the same in every account). */
export const MANAGED = {
  /** Managed-CachingDisabled: an API's responses are not cached. */
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /**
   * Managed-AllViewer: every header, cookie and query string, the Host header included. CloudFront checks an HTTPS
   * origin's certificate against the Host header it forwards, so each load balancer answers with its certificate
   * for routing.domain (as it does behind Route 53); without the Host header it would be checked against the load
   * balancer's own DNS name (`*.elb.amazonaws.com`), which no certificate of yours covers.
   */
  allViewer: '216adef6-5c7f-47e4-b989-5492eafa07d3',
} as const;

/** Origin groups fail over only for these methods; CloudFront refuses others on a behaviour that targets a group. */
export const FAILOVER_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export const cdn: RoutingBuilder = {
  global(edge, ctx) {
    const t = ctx.topology;
    const stack = ctx.global.stack;
    const { routing } = edge;
    const codes = routing.cdn!.failoverStatusCodes;
    const provider = ctx.global.edge.providerFor(CERTIFICATE_REGION);
    const zoneId = edge.zoneId();
    // The Route 53 health checks stay: they are what alarms and recovery controls watch.
    for (const region of t.regions) edge.healthCheck(region);

    const certificate = named(
      new AcmCertificate(stack, 'cdn_certificate', {
        provider,
        domainName: routing.domain,
        validationMethod: 'DNS',
        keyAlgorithm: 'EC_prime256v1',
        tags: { Name: routing.domain },
        lifecycle: { createBeforeDestroy: true },
      }),
      'cdn',
    );
    // One name, no alternative names: exactly one validation record.
    const option = certificate.domainValidationOptions.get(0);
    const validationRecord = named(
      new Route53Record(stack, 'cdn_certificate_validation_record', {
        zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      }),
      'cdn_certificate_validation',
    );
    const validation = named(
      new AcmCertificateValidation(stack, 'cdn_certificate_validation', {
        provider,
        certificateArn: certificate.arn,
        validationRecordFqdns: [validationRecord.fqdn],
      }),
      'cdn',
    );

    const headers = named(
      new CloudfrontResponseHeadersPolicy(stack, 'cdn_security_headers', {
        provider,
        name: names.cdnSecurityHeadersPolicy(t.name),
        comment: `topoform ${t.name}: security headers`,
        securityHeadersConfig: {
          strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: false, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: 'DENY', override: true },
          referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        },
      }),
      'cdn',
    );

    // In failover order: the primary (or first region), then the next. Further regions are origins no behaviour uses.
    const [first, second] = t.regions;
    const distribution = named(
      new CloudfrontDistribution(stack, 'cdn', {
        provider,
        enabled: true,
        // At most 128 characters: the topology's name fits, a domain may not.
        comment: `topoform ${t.name}`,
        aliases: [routing.domain],
        isIpv6Enabled: true,
        httpVersion: 'http2and3',
        priceClass: 'PriceClass_All',
        origin: t.regions.map((region) => ({
          originId: region.name,
          domainName: edge.endpoint(region).dnsName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
          },
        })),
        originGroup: [
          {
            originId: ORIGIN_GROUP_ID,
            failoverCriteria: { statusCodes: [...codes].sort((a, b) => a - b) },
            member: [{ originId: first!.name }, { originId: second!.name }],
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: ORIGIN_GROUP_ID,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: FAILOVER_METHODS,
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: MANAGED.cachingDisabled,
          originRequestPolicyId: MANAGED.allViewer,
          responseHeadersPolicyId: headers.id,
          compress: true,
        },
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: {
          acmCertificateArn: validation.certificateArn,
          sslSupportMethod: 'sni-only',
          minimumProtocolVersion: 'TLSv1.2_2021',
        },
        tags: { Name: routing.domain },
      }),
      'cdn',
    );
    const domainName = distribution.domainName;
    const hostedZoneId = distribution.hostedZoneId;
    for (const type of ['A', 'AAAA'] as const) {
      named(
        new Route53Record(stack, `front_door_${type.toLowerCase()}`, {
          zoneId,
          name: routing.domain,
          type,
          alias: { name: domainName, zoneId: hostedZoneId, evaluateTargetHealth: false },
        }),
        `front_door_${type.toLowerCase()}`,
      );
    }
  },
};
