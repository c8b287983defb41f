// The small topology most CLI tests start from: two regions behind Route 53 failover, one line to vary each part.

/** `routing.healthCheck` as a flow map (`path: /x`), and anything to append (e.g. a `data:` block). */
export function twoRegions(opts: { healthCheck?: string; append?: string } = {}): string {
  return `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
  - name: us-west-2
    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
routing:
  domain: shop.example.com
  zone: example.com
${opts.healthCheck !== undefined ? `  healthCheck: { ${opts.healthCheck} }\n` : ''}${opts.append ?? ''}`;
}
