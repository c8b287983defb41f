// The changes a topology goes through in its life, applied to an example: promote its second region (with `topoform
// promote`'s own rewrite), add a region, remove the last region. Each gives the changed topology's text, or why the
// example cannot take that change (a rule of AWS's the topology would break).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { promoteText } from '../../src/promote/rewrite';
import type { TopologyInput } from '../../src/model/input';
import { ROOT } from './cli';

export type ChangeName = 'promote' | 'add-region' | 'remove-region';
export const CHANGES: ChangeName[] = ['promote', 'add-region', 'remove-region'];

export interface Change {
  name: ChangeName;
  /** The changed topology.yaml. */
  text: string;
  /** The region added or removed (the promoted one for promote). */
  region: string;
  /**
   * The topology the change starts from, when not the example itself: a topology has at least two regions, so a
   * region is removed from a two-region example after adding one (the removal brings it back to the example).
   */
  base?: string;
}

type Data = TopologyInput & Record<string, unknown>;

/** A region to add, near the example's own (same partition, same strong-consistency set where a store needs one). */
const CANDIDATES = ['us-west-2', 'us-east-2', 'us-east-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-west-1', 'us-west-1'];

export function exampleText(example: string): string {
  return readFileSync(join(ROOT, 'examples', example, 'topology.yaml'), 'utf8');
}

/** The change applied to the example, or a reason it cannot be applied to it. */
export function changeOf(example: string, name: ChangeName): Change | { skip: string } {
  const text = exampleText(example);
  const data = parse(text) as Data;
  if (name === 'promote') {
    const region = data.regions[1]!.name;
    return { name, region, text: promoteText(text, data, region).text };
  }
  if (name === 'add-region') return addRegion(data);
  if (data.regions.length > 2) return removeRegion(data);
  const added = addRegion(data);
  if ('skip' in added) return added;
  return { name: 'remove-region', region: added.region, base: added.text, text };
}

function usesDsql(data: Data): boolean {
  return (data.data ?? []).some((s) => s.type === 'dsql');
}

function addRegion(data: Data): Change | { skip: string } {
  // Aurora DSQL's multi-Region clusters are exactly two peered clusters and a witness (TOPO3040).
  if (usesDsql(data)) return { skip: 'Aurora DSQL peers exactly two clusters: a third region is refused (TOPO3040)' };
  if ((data.data ?? []).some((s) => s.type === 'events' && (s as { delivery?: string }).delivery === 'global-endpoint')) {
    return { skip: 'an EventBridge global endpoint spans exactly two regions: a third is refused (TOPO3143)' };
  }
  const listed = new Set(data.regions.map((r) => r.name));
  const last = data.regions[data.regions.length - 1]!;
  const prefix = last.name.split('-')[0]!;
  const region = CANDIDATES.find((c) => !listed.has(c) && c.startsWith(prefix) && !witnesses(data).has(c)) ?? CANDIDATES.find((c) => !listed.has(c) && !witnesses(data).has(c))!;
  // The new region is a copy of the last one, with its region code (endpoints, subnets and ARNs named after it).
  const copy = JSON.parse(JSON.stringify(last).split(last.name).join(region)) as (typeof data.regions)[number];
  if (copy.endpoint) copy.endpoint = { ...copy.endpoint, dnsName: copy.endpoint.dnsName.replace(/^[^.]*/, (h) => `${h}-added`) };
  data.regions.push(copy);
  const routing = data.routing;
  if (routing?.weights) routing.weights[region] = 1;
  if (routing?.geolocation) routing.geolocation[region] = ['BR'];
  return { name: 'add-region', region, text: stringify(data) };
}

function witnesses(data: Data): Set<string> {
  return new Set((data.data ?? []).flatMap((s) => ('witness' in s && typeof s.witness === 'string' ? [s.witness] : [])));
}

function removeRegion(data: Data): Change | { skip: string } {
  if (usesDsql(data)) return { skip: 'Aurora DSQL peers exactly two clusters: removing one of its regions is refused (TOPO3040)' };
  const removed = data.regions.pop()!.name;
  const routing = data.routing;
  if (routing?.weights) delete routing.weights[removed];
  if (routing?.geolocation) {
    const locations = routing.geolocation[removed] ?? [];
    delete routing.geolocation[removed];
    // What the removed region served goes to the first region.
    const first = data.regions[0]!.name;
    routing.geolocation[first] = [...(routing.geolocation[first] ?? []), ...locations];
  }
  // A drill of the removed region goes with it; under partitioned, so does one whose region is left alone in its
  // jurisdiction (its regulated data no longer replicates anywhere, so it has nothing to pause: TOPO3110).
  const jurisdiction = (name: string) => data.regions.find((r) => r.name === name)?.jurisdiction;
  const alone = (name: string) => data.pattern === 'partitioned' && data.regions.filter((r) => r.jurisdiction === jurisdiction(name)).length < 2;
  if (data.drills) data.drills = data.drills.filter((d) => d.target !== removed && !alone(d.target));
  if (data.jobs) data.jobs = data.jobs.filter((j) => j.placement !== `region:${removed}`);
  if (data.state?.globalRegion === removed) delete data.state.globalRegion;
  return { name: 'remove-region', region: removed, text: stringify(data) };
}
