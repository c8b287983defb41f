// Validate stage, part 2: the contract's rules across fields ("What is invalid"), checked on a schema-valid topology.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { PathSegment, SourceFile } from '../load/load';
import type { TopologyInput } from '../model/input';
import { nameProblem, plannedNames, RESERVED_BUCKET_PREFIX } from '../model/naming';
import { accountOfRole, roleOf } from '../model/normalize';
import { PATTERNS } from '../model/patterns';
import { ALL_REGIONS, commonRegionSet, partition, STRONG_REGION_SETS } from '../model/regions';
import type { Topology } from '../model/types';
import { pointerOf, regionHint } from './schema';

type Report = (code: string, path: readonly PathSegment[], message: string, hint?: string, opts?: { key?: boolean }) => void;

export function checkRules(source: SourceFile, input: TopologyInput, model: Topology): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (code, path, message, hint, opts) => {
    const d: Diagnostic = { code, severity: 'error', message, pointer: pointerOf(path), range: source.rangeOf(path, opts) };
    if (hint) d.hint = hint;
    out.push(d);
  };
  for (const rule of RULES) rule(input, model, report);
  return out;
}

type Rule = (input: TopologyInput, model: Topology, report: Report) => void;

const regionsListedOnce: Rule = (input, _m, report) => {
  const seen = new Map<string, number>();
  input.regions.forEach((r, i) => {
    const first = seen.get(r.name);
    if (first !== undefined) report('TOPO3001', ['regions', i, 'name'], `region ${r.name} is listed twice (regions[${first}] and regions[${i}])`, 'list each region once');
    else seen.set(r.name, i);
  });
};

const onePartition: Rule = (input, _m, report) => {
  const home = partition(input.regions[0]!.name);
  const check = (region: string, path: PathSegment[]) => {
    if (partition(region) !== home) {
      report('TOPO3020', path, `region ${region} is in partition ${partition(region)}, the primary ${input.regions[0]!.name} in ${home}`, 'regions of different AWS partitions share no accounts, keys or replication; keep one partition per topology');
    }
  };
  input.regions.forEach((r, i) => check(r.name, ['regions', i, 'name']));
  if (input.state?.globalRegion) check(input.state.globalRegion, ['state', 'globalRegion']);
  (input.data ?? []).forEach((d, i) => {
    if ((d.type === 'dynamodb' || d.type === 'dsql') && d.witness) check(d.witness, ['data', i, 'witness']);
  });
};

const accountsAgree: Rule = (input, _m, report) => {
  input.regions.forEach((r, i) => {
    const inRole = accountOfRole(r.roleArn);
    if (r.account && inRole && inRole !== r.account) {
      report('TOPO3021', ['regions', i, 'roleArn'], `${r.name} deploys to account ${r.account}, but its roleArn is in account ${inRole}`, 'the provider would refuse every plan (allowed_account_ids); make account and roleArn name the same account');
    }
  });
};

const referencesListedRegions: Rule = (input, _m, report) => {
  const listed = new Set(input.regions.map((r) => r.name));
  const known = new Set(ALL_REGIONS);
  (input.jobs ?? []).forEach((j, i) => {
    if (!j.placement.startsWith('region:')) return;
    const region = j.placement.slice('region:'.length);
    if (!known.has(region)) report('TOPO2007', ['jobs', i, 'placement'], `unknown region code ${JSON.stringify(region)} in jobs[${i}].placement`, regionHint(region, ALL_REGIONS));
    else if (!listed.has(region)) report('TOPO3007', ['jobs', i, 'placement'], `job ${j.name} is placed in ${region}, which is not in regions`, 'place jobs in a listed region, or use follow-primary to move with failover');
  });
  (input.drills ?? []).forEach((d, i) => {
    if (!listed.has(d.target)) report('TOPO3007', ['drills', i, 'target'], `drill ${d.name} targets ${d.target}, which is not in regions`, 'a drill disrupts one of the topology\'s own regions');
  });
};


const rolesFitPattern: Rule = (input, _m, report) => {
  const traits = PATTERNS[input.pattern];
  input.regions.forEach((r, i) => {
    if (r.role !== undefined && !traits.allowedRoles.includes(r.role)) {
      report('TOPO3003', ['regions', i, 'role'], `role ${r.role} is not allowed under pattern ${input.pattern}`, `${input.pattern} allows ${traits.allowedRoles.join(' and ')}; remove the role to take the pattern's default`);
    }
  });
  if (!traits.needsPrimary) return;
  const primaries = input.regions.map((_, i) => i).filter((i) => roleOf(input, i) === 'primary');
  if (primaries.length === 0) {
    report('TOPO3002', ['regions'], `pattern ${input.pattern} needs a primary region and none has role primary`, 'give the first region role: primary (or remove its role to take the default)');
    return;
  }
  for (const extra of primaries.slice(1)) {
    report('TOPO3004', ['regions', extra, 'role'], `regions[${extra}] (${input.regions[extra]!.name}) is a second primary; ${input.regions[primaries[0]!]!.name} already is`, `pattern ${input.pattern} has exactly one primary; make this region ${traits.defaultRoles.rest}`);
  }
  if (primaries[0] !== 0) {
    const i = primaries[0]!;
    report('TOPO3005', ['regions', i, 'role'], `the primary ${input.regions[i]!.name} is listed at position ${i + 1}; the primary must come first`, 'move it to the top of regions: the order of regions is the failover order');
  }
};

const capacityFitsPattern: Rule = (input, model, report) => {
  const traits = PATTERNS[input.pattern];
  input.regions.forEach((r, i) => {
    if (r.capacity === undefined) return;
    const role = model.regions[i]!.role;
    if (role === 'secondary' && traits.secondaryCapacityRule && !traits.secondaryCapacityRule.test(r.capacity)) {
      report('TOPO3006', ['regions', i, 'capacity'], `${r.name} has capacity ${r.capacity}, but ${input.pattern} ${traits.secondaryCapacityRule.expected}`, traits.secondaryCapacityRule.instead);
    }
    if (role === 'active' && r.capacity === 0) {
      report('TOPO3006', ['regions', i, 'capacity'], `${r.name} is active with capacity 0: it would receive traffic with nothing to serve it`, 'give active regions capacity above 0');
    }
  });
};

const routingFits: Rule = (input, model, report) => {
  const routing = input.routing;
  if (!routing || !model.routing) return;
  const listed = new Set(input.regions.map((r) => r.name));
  for (const mapName of ['weights', 'geolocation'] as const) {
    for (const region of Object.keys(routing[mapName] ?? {})) {
      if (!listed.has(region)) {
        report('TOPO3007', ['routing', mapName, region], `routing.${mapName} names ${region}, which is not in regions`, `list ${region} under regions or remove it from routing.${mapName}`, { key: true });
      }
    }
  }
  if (routing.zone !== undefined) {
    const domain = routing.domain.replace(/\.$/, '');
    const zone = routing.zone.replace(/\.$/, '');
    if (domain !== zone && !domain.endsWith(`.${zone}`)) {
      report('TOPO3022', ['routing', 'domain'], `routing.domain ${domain} is not inside the hosted zone ${zone}`, `Route 53 refuses records outside their zone; use a name ending in .${zone} or the zone that holds ${domain}`);
    }
  }
  if ((routing.zone === undefined) === (routing.zoneId === undefined)) {
    report('TOPO3015', routing.zone === undefined ? ['routing'] : ['routing', 'zoneId'], routing.zone === undefined ? 'routing needs the hosted zone: set zone or zoneId' : 'routing sets both zone and zoneId', 'give the public hosted zone that holds the domain by name (zone) or by id (zoneId), not both', { key: true });
  }
  const policy = model.routing.policy;
  // Point at the policy where the topology sets it, else at the `routing` key (the pattern chose it).
  const policyAt: PathSegment[] = routing.policy ? ['routing', 'policy'] : ['routing'];
  const traits = PATTERNS[input.pattern];
  if (!traits.allowedPolicies.includes(policy)) {
    report('TOPO3017', policyAt, `routing policy ${policy} does not fit pattern ${input.pattern}${routing.policy ? '' : ' (its default)'}`, `${input.pattern} routes with ${traits.allowedPolicies.join(' or ')}`, { key: !routing.policy });
  }
  if (policy === 'weighted') {
    if (!routing.weights) report('TOPO3018', policyAt, 'routing policy weighted needs routing.weights', 'give every region a weight, e.g. weights: { us-east-1: 90, us-west-2: 10 }', { key: !routing.policy });
    else {
      for (const r of input.regions) if (!(r.name in routing.weights)) report('TOPO3018', ['routing', 'weights'], `routing.weights has no weight for ${r.name}`, 'give every region a weight (0 keeps a region out of rotation)');
      if (Object.values(routing.weights).every((w) => w === 0)) report('TOPO3018', ['routing', 'weights'], 'every weight is 0: Route 53 would spread traffic evenly, ignoring the intent', 'give at least one region a weight above 0');
    }
  } else if (routing.weights) {
    report('TOPO3018', ['routing', 'weights'], `routing.weights is set but the policy is ${policy}; the weights would be ignored`, 'remove weights or set policy: weighted');
  }
  if (policy === 'geolocation') {
    if (!routing.geolocation) report('TOPO3018', policyAt, 'routing policy geolocation needs routing.geolocation', 'map every region to the locations it serves, with "*" for the default', { key: !routing.policy });
    else {
      const owner = new Map<string, string>();
      for (const r of input.regions) {
        const locations = routing.geolocation[r.name];
        if (!locations) {
          report('TOPO3018', ['routing', 'geolocation'], `routing.geolocation gives no locations to ${r.name}`, 'every region serves some locations; remove the region or map it');
          continue;
        }
        locations.forEach((loc, j) => {
          const prev = owner.get(loc);
          if (prev !== undefined) report('TOPO3018', ['routing', 'geolocation', r.name, j], `location ${loc} is mapped to both ${prev} and ${r.name}`, 'a location is served by exactly one region');
          else owner.set(loc, r.name);
        });
      }
      if (!owner.has('*')) report('TOPO3018', ['routing', 'geolocation'], 'routing.geolocation has no default location "*"', 'without "*", clients outside the listed locations get no answer; add "*" to one region');
    }
  } else if (routing.geolocation) {
    report('TOPO3018', ['routing', 'geolocation'], `routing.geolocation is set but the policy is ${policy}; the map would be ignored`, 'remove geolocation or set policy: geolocation');
  }
  input.regions.forEach((r, i) => {
    if (!r.endpoint && !input.app) {
      report('TOPO3012', ['regions', i], `routing sends traffic to ${r.name}, which has neither endpoint nor app.module`, `give regions[${i}] an endpoint (an existing load balancer), or declare app.module with outputs for the load balancer`);
    }
  });
};

const stateIsSafe: Rule = (input, model, report) => {
  const s = input.state;
  if (!s) return;
  if (model.state.backend === 's3') {
    if (s.bucket === undefined) report('TOPO3014', ['state', 'backend'], 'state.backend s3 needs state.bucket', 'e.g. bucket: acme-tfstate-{region}, one bucket per region');
    else if (!s.bucket.includes('{region}')) {
      report('TOPO3014', ['state', 'bucket'], `state.bucket ${s.bucket} has no {region}: every workspace's state would live in one region`, 'put {region} in the name (acme-tfstate-{region}) so each workspace keeps its state in its own region and an outage never locks you out of the survivors');
    } else {
      const longest = Math.max(...[...input.regions.map((r) => r.name), model.state.globalRegion].map((r) => s.bucket!.replaceAll('{region}', r).length));
      if (longest > 63) report('TOPO3008', ['state', 'bucket'], `state.bucket would be ${longest} characters with a region filled in; S3 allows 63`, 'shorten the bucket name');
      else if (/[{}]/.test(s.bucket.replaceAll('{region}', ''))) report('TOPO3014', ['state', 'bucket'], 'state.bucket has braces other than {region}', 'the only placeholder is {region}');
    }
  } else {
    if (s.bucket !== undefined) report('TOPO3014', ['state', 'bucket'], 'state.bucket is set but the backend is local', 'set backend: s3 to keep state in S3');
    if (s.lock !== undefined) report('TOPO3014', ['state', 'lock'], 'state.lock is set but the backend is local', 'locking applies to backend s3');
  }
  if (s.globalRegion !== undefined && PATTERNS[input.pattern].needsPrimary && s.globalRegion === model.primary.name) {
    report('TOPO3014', ['state', 'globalRegion'], `the global workspace's state would live in the primary region ${s.globalRegion}`, 'choose another region: during a primary outage you must still be able to change global routing');
  }
};

const namesAreValid: Rule = (input, model, report) => {
  if (input.name.endsWith('-') || input.name.includes('--')) {
    report('TOPO3008', ['name'], `name ${JSON.stringify(input.name)} ends with a hyphen or has two in a row`, 'resource names are built as <name>-<store>-<region>; Aurora and ElastiCache identifiers refuse such hyphens');
  }
  const reserved = model.data.some((d) => d.type === 's3') ? RESERVED_BUCKET_PREFIX.exec(`${input.name}-`) : null;
  if (reserved) {
    report('TOPO3008', ['name'], `name ${JSON.stringify(input.name)} starts with ${reserved[1]}, a prefix S3 reserves for its own bucket names`, 'bucket names start with the topology name; choose another name');
  }
  // One finding per entry and kind of problem, not one per region.
  const seen = new Set<string>();
  for (const p of plannedNames(model)) {
    const problem = nameProblem(p);
    if (!problem) continue;
    const kind = problem.startsWith('would be') ? 'length' : 'form';
    if (reserved && kind === 'form') continue;
    const key = `${p.rule.what}|${JSON.stringify(p.path)}|${kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report('TOPO3008', p.path, `the ${p.rule.what} ${p.name} ${problem}`, kind === 'length' ? 'shorten the topology or entry name' : 'rename the topology or the entry');
  }
};

const namesAreUnique: Rule = (input, _m, report) => {
  for (const list of ['data', 'jobs', 'drills'] as const) {
    const seen = new Map<string, number>();
    (input[list] ?? []).forEach((entry, i) => {
      const first = seen.get(entry.name);
      if (first !== undefined) report('TOPO3013', [list, i, 'name'], `${list}[${i}] has the name ${entry.name}, as ${list}[${first}] does`, 'names become resource names and Terraform addresses: make them unique');
      else seen.set(entry.name, i);
    });
  }
};

const strongConsistencyFits: Rule = (_input, model, report) => {
  model.data.forEach((store, i) => {
    const kind = store.type === 'dsql' ? 'dsql' : store.type === 'dynamodb' && store.consistency === 'strong' ? 'dynamodb' : undefined;
    const witness = store.type === 'dsql' || store.type === 'dynamodb' ? store.witness : undefined;
    if (store.type === 'dynamodb' && store.consistency !== 'strong' && witness !== undefined) {
      report('TOPO3010', ['data', i, 'witness'], `${store.name} has a witness but consistency ${store.consistency}`, 'a witness only serves consistency: strong; remove it or set consistency: strong');
      return;
    }
    if (!kind) return;
    const label = kind === 'dsql' ? `Aurora DSQL store ${store.name}` : `strongly consistent table ${store.name}`;
    for (const group of store.groups) {
      if (witness !== undefined && group.includes(witness)) {
        report('TOPO3019', ['data', i, 'witness'], `the witness ${witness} of ${store.name} is also one of its replica regions`, 'the witness must be a region outside regions, in the same region set');
        continue;
      }
      const members = witness !== undefined ? [...group, witness] : group;
      const shapeOk = witness !== undefined ? group.length === 2 : group.length === 3;
      if (!shapeOk) {
        report('TOPO3010', ['data', i], `${label} spans ${group.length} region${group.length === 1 ? '' : 's'}${witness ? ' and a witness' : ''} (${group.join(', ')})`, 'multi-Region strong consistency needs exactly three regions, or two regions and a witness');
        continue;
      }
      if (!commonRegionSet(kind, members)) {
        const sets = Object.entries(STRONG_REGION_SETS[kind]).map(([n, m]) => `${n}: ${m.join(', ')}`).join('; ');
        report('TOPO3009', witness !== undefined ? ['data', i, 'witness'] : ['data', i], `${label} spans ${members.join(', ')}, which are not in one AWS region set`, `pick all regions${witness ? ' and the witness' : ''} from one set — ${sets}`);
      }
    }
  });
};

const regulatedStaysHome: Rule = (input, model, report) => {
  model.data.forEach((store, i) => {
    if (!store.regulated) return;
    if (store.type === 'cache' && store.mode === 'per-region') return; // nothing leaves its region
    for (const group of store.groups) {
      if (group.length < 2) continue;
      const regions = group.map((name) => model.regions.find((r) => r.name === name)!);
      const undeclared = regions.filter((r) => r.jurisdiction === undefined);
      if (undeclared.length > 0) {
        report('TOPO3011', ['data', i, 'regulated'], `regulated store ${store.name} would be replicated to ${undeclared.map((r) => r.name).join(', ')}, which declare${undeclared.length === 1 ? 's' : ''} no jurisdiction`, 'declare a jurisdiction on every region, so that topoform can prove regulated data stays in its jurisdiction');
        continue;
      }
      const jurisdictions = [...new Set(regions.map((r) => r.jurisdiction))];
      if (jurisdictions.length > 1) {
        const detail = regions.map((r) => `${r.name} (${r.jurisdiction})`).join(', ');
        report('TOPO3011', ['data', i, 'regulated'], `regulated store ${store.name} would be replicated across jurisdictions: ${detail}`, `under ${input.pattern} every store replicates to every region; use pattern partitioned to keep regulated data in its jurisdiction`);
      }
    }
  });
};

const partitionedDeclaresJurisdictions: Rule = (input, _m, report) => {
  if (input.pattern !== 'partitioned') return;
  input.regions.forEach((r, i) => {
    if (r.jurisdiction === undefined) report('TOPO3016', ['regions', i], `${r.name} has no jurisdiction, which pattern partitioned requires`, 'add jurisdiction: <code> (e.g. eu, us) to every region');
  });
};

const RULES: readonly Rule[] = [
  regionsListedOnce,
  onePartition,
  accountsAgree,
  referencesListedRegions,
  rolesFitPattern,
  capacityFitsPattern,
  routingFits,
  stateIsSafe,
  namesAreValid,
  namesAreUnique,
  strongConsistencyFits,
  regulatedStaysHome,
  partitionedDeclaresJurisdictions,
];
