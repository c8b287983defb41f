// `topoform init`: a commented starter topology for a pattern, written atomically and never over an existing file.
// No cdktf: the starter is text from templates/init.yaml.hbs.
import { closeSync, existsSync, linkSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { renderTemplate } from '../emit/templates';
import type { PatternName } from '../model/input';
import { PATTERNS } from '../model/patterns';

export const PATTERN_NAMES = Object.keys(PATTERNS) as PatternName[];
export const DEFAULT_PATTERN: PatternName = 'active-passive';

/**
 * Where the schema is in a project that has topoform as a dev dependency (as its pipeline needs), from the project
 * root where a topology usually sits. The project has no published address to point to instead.
 */
const SCHEMA_IN_DEPENDENCY = './node_modules/topoform/schema/topology.schema.json';

interface StarterRegion {
  name: string;
  short: string;
  /** The load balancer's canonical hosted zone id in that region (an ALB's, as AWS publishes them). */
  zoneId: string;
  comment: string;
  jurisdiction?: string;
}

const US_EAST_1 = { name: 'us-east-1', short: 'use1', zoneId: 'Z35SXDOTRQ7X7K' };
const US_WEST_2 = { name: 'us-west-2', short: 'usw2', zoneId: 'Z1H1FL5HABSF5' };
const EU_WEST_1 = { name: 'eu-west-1', short: 'euw1', zoneId: 'Z32O12XQLNTSW2' };
const EU_CENTRAL_1 = { name: 'eu-central-1', short: 'euc1', zoneId: 'Z215JYRZR1TBD5' };

interface PatternStarter {
  text: string;
  regionsText: string;
  regions: StarterRegion[];
  policyText: string;
  geolocation?: { region: string; codes: string }[];
  regulated?: boolean;
}

const FAILOVER_POLICY = 'the primary answers while its health check passes, then the next region in the list.';
const STANDBY = (capacity: number, what: string): PatternStarter => ({
  text: `One primary takes all traffic; the secondary is a standby ${what} (capacity ${capacity} % by default).`,
  regionsText: 'the first is the primary, the rest are secondaries in failover order.',
  regions: [
    { ...US_EAST_1, comment: 'primary: listed first' },
    { ...US_WEST_2, comment: `secondary, capacity ${capacity} (the pattern's default)` },
  ],
  policyText: FAILOVER_POLICY,
});

const STARTERS: Record<PatternName, PatternStarter> = {
  'active-passive': STANDBY(100, 'at full capacity, ready to take over at once'),
  'warm-standby': STANDBY(25, 'running scaled down, scaled up on failover'),
  'pilot-light': STANDBY(0, 'with its data but no app running, started on failover'),
  hybrid: {
    text: 'One primary takes the writes; the other regions are active and serve reads near their clients.',
    regionsText: 'the first is the primary (writes), the rest are active (role active by default).',
    regions: [
      { ...US_EAST_1, comment: 'primary: listed first, takes the writes' },
      { ...US_WEST_2, comment: 'active, capacity 100' },
    ],
    policyText: 'latency: each client goes to the healthy region nearest to it.',
  },
  'active-active': {
    text: 'Every region takes reads and writes; stores replicate both ways.',
    regionsText: 'all active; the first is where single-home resources live (the KMS primary key).',
    regions: [
      { ...US_EAST_1, comment: 'active, listed first: home of single-home resources' },
      { ...US_WEST_2, comment: 'active, capacity 100' },
    ],
    policyText: 'latency: each client goes to the healthy region nearest to it.',
  },
  partitioned: {
    text: "Each jurisdiction's data stays in its own regions; every region is active.",
    regionsText: 'all active, each with a jurisdiction; two per jurisdiction, so each has a region to fail over to.',
    regions: [
      { ...EU_WEST_1, comment: 'active, jurisdiction eu', jurisdiction: 'eu' },
      { ...US_EAST_1, comment: 'active, jurisdiction us', jurisdiction: 'us' },
      { ...EU_CENTRAL_1, comment: 'active, jurisdiction eu', jurisdiction: 'eu' },
      { ...US_WEST_2, comment: 'active, jurisdiction us', jurisdiction: 'us' },
    ],
    policyText: 'geolocation: each client goes to a region of its jurisdiction.',
    geolocation: [
      // Countries in one region, their continent in the other: when a country's region fails, Route 53 falls back
      // to the continent record, inside the jurisdiction, before the "*" default.
      { region: 'eu-west-1', codes: 'GB, IE' },
      { region: 'eu-central-1', codes: 'EU' },
      { region: 'us-east-1', codes: 'NA, SA, "*"' },
      { region: 'us-west-2', codes: 'US-CA' },
    ],
    regulated: true,
  },
};

export class InitError extends Error {}

/** The starter topology's text. `target` is where it will be written (for the schema line and the commands). */
export function starterTopology(pattern: PatternName, target: string, version: string): string {
  const s = STARTERS[pattern];
  const traits = PATTERNS[pattern];
  return renderTemplate('init.yaml', {
    schema: schemaReference(target),
    pattern,
    version,
    file: basename(target),
    patternText: s.text,
    regionsText: s.regionsText,
    regions: s.regions.map((r) => ({ jurisdiction: undefined, ...r })),
    policy: traits.defaultPolicy,
    policyText: s.policyText,
    geolocation: s.geolocation,
    regulated: s.regulated ?? false,
    replicationText: traits.s3Direction === 'two-way' ? 'two-way between the regions, as the pattern writes everywhere' : 'one-way, from the primary to the others',
    firstRegion: s.regions[0]!.name,
  });
}

/**
 * This installation's schema, relative to the file, when both are in one project (a local install, or the
 * repository itself); else where a dev dependency's schema is. Never an absolute path.
 */
function schemaReference(target: string): string {
  const schema = join(packageRoot(), 'schema', 'topology.schema.json');
  const project = resolve('.');
  const inProject = (file: string) => file.startsWith(project + sep);
  if (!existsSync(schema) || !inProject(schema) || !inProject(resolve(target))) return SCHEMA_IN_DEPENDENCY;
  const rel = relative(dirname(resolve(target)), schema).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return __dirname;
  }
}

/**
 * Writes the text to `target` only if nothing is there: a temporary file beside it, then a hard link to the target
 * (which fails if the target exists, even one created meanwhile), so the target is never partly written.
 */
export function writeNew(target: string, text: string): void {
  if (existsSync(target)) throw new InitError(`${target} already exists; topoform init never overwrites a file (choose another with --out, or remove it)`);
  const dir = dirname(resolve(target));
  if (!existsSync(dir)) throw new InitError(`folder ${dirname(target)} does not exist`);
  const tmp = join(dir, `.${basename(target)}.topoform-tmp-${process.pid}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InitError(`${target} already exists; topoform init never overwrites a file`);
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}
