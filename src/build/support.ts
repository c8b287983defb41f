// What the format defines but this version does not compile yet: refused at synth with a pointer, never silently dropped.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { SourceFile } from '../load/load';
import type { SourcePath, Topology } from '../model/types';
import { declaredAccount } from '../model/normalize';
import { pointerOf } from '../validate/schema';
import { builderFor } from './data';
import { policyBuilders } from './routing';

export function unsupportedFeatures(t: Topology, source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (path: SourcePath, what: string) =>
    out.push({
      code: 'TOPO4001',
      severity: 'error',
      message: `${what} is part of the format but not compiled by this version of topoform`,
      hint: '`topoform validate` accepts it; remove it from the topology to synthesize the rest',
      pointer: pointerOf(path),
      range: source.rangeOf(path, { key: true }),
    });
  for (const store of t.data) {
    const builder = builderFor(store.type);
    if ('notYetCompiled' in builder) refuse([...store.path, 'type'], `data store type ${store.type} (${builder.notYetCompiled})`);
  }
  const accounts = new Set(t.regions.map((r) => declaredAccount(r)).filter((a) => a !== undefined));
  if (accounts.size > 1) {
    refuse(['regions'], `a topology across several AWS accounts (${[...accounts].sort().join(', ')}): multi-Region keys and replication need per-account wiring`);
  }
  if (t.routing) {
    const policy = policyBuilders[t.routing.policy];
    if (typeof policy !== 'function') refuse([...t.routing.path, 'policy'], `routing policy ${t.routing.policy} (${policy.notYetCompiled})`);
    if (t.routing.accelerator) refuse([...t.routing.path, 'accelerator'], 'routing.accelerator (AWS Global Accelerator)');
    if (t.routing.cdn) refuse([...t.routing.path, 'cdn'], 'routing.cdn (CloudFront origin failover)');
    if (t.routing.recoveryControl) refuse([...t.routing.path, 'recoveryControl'], 'routing.recoveryControl (Route 53 ARC)');
  }
  if (t.app) refuse(['app'], 'app (the per-region module instance)');
  if (t.jobs.length > 0) refuse(['jobs'], 'jobs (EventBridge Scheduler)');
  if (t.alarms) refuse(['alarms'], 'alarms (SNS topics per region)');
  if (t.drills.length > 0) refuse(['drills'], 'drills (AWS FIS experiment templates)');
  return out;
}
