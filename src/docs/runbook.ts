// The runbook of a topology: the model turned into plain data for templates/runbook.md.hbs. Free of cdktf (`docs`
// never loads it). Every user string that reaches the output is escaped here for where it goes: Markdown text
// (`md`), a shell argument (`sh`), a Mermaid label (`label`); ids in the diagram are generated, never user text.
import { backupRpo, estimate, recoveryPointsKept, trafficRegions, type Estimate, type Scenario } from '../check/estimate';
import { figureCells, humanDuration, humanFigure } from '../check/render';
import { scaledCount } from '../model/app';
import { plannedAlarms } from '../model/alarms';
import { jobPlacement } from '../model/jobs';
import { names } from '../model/naming';
import { edgeIdentity, regionAccount, regionAccounts, severalRegionAccounts } from '../model/accounts';
import { frontDoor } from '../model/routing';
import type { DataStore, Region, Topology } from '../model/types';
import { workspaceGraph, workspaceWaves } from '../model/workspaces';
import { DRILL_TEMPLATES_OUTPUT, drillStopAlarms, drillTargets, regionsNeedingRouteQuota, ROUTE_QUOTA, routeQuotaFloor, routeQuotaRequest } from '../model/drills';
import type { AuroraStore, CacheStore } from '../model/stores';
import { groupHome } from '../model/ownership';
import { RESTORE_TESTING } from '../model/backup';
import { formatSeconds } from '../model/duration';

/** Outputs of the global workspace made by src/stacks/routing/recovery-control.ts. */
export const ARC_OUTPUTS = { controls: 'routing_control_arns', endpoints: 'recovery_cluster_endpoints' } as const;
/** The file `topoform docs` writes. */
export const RUNBOOK_FILE = 'RUNBOOK.md';
/** The folder `topoform docs` writes when no --out is given. */
export const DEFAULT_DOCS_OUT = 'runbook.out';
/** The synth output folder the commands assume (synth's default); the runbook says to set OUT otherwise. */
const SYNTH_OUT = 'cdktf.out';

// ---- escaping -------------------------------------------------------------------------------------------------

/** User text inside Markdown prose or a table cell: one line, with every character Markdown or HTML reads as syntax as an entity. */
export function md(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[&<>|`*_[\]#{}\\~$]/g, (c) => `&#${c.codePointAt(0)};`);
}

/** A shell word: as is when it is plainly safe, else single-quoted. */
export function sh(text: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A Mermaid label, quoted: anything outside a small safe set becomes a Mermaid entity code (`#34;`). */
export function label(text: string): string {
  return `"${[...text].map((c) => (/[A-Za-z0-9 ,.:/_%+-]/.test(c) ? c : `#${c.codePointAt(0)};`)).join('')}"`;
}

/** A fence longer than any backtick run in the code, so the code cannot close it. */
function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

// ---- view types -----------------------------------------------------------------------------------------------

export interface Step {
  /** Its number in the procedure, from 1. */
  n?: number;
  title: string;
  /** Markdown paragraphs (already escaped). */
  text: string[];
  code?: string;
  fence?: string;
}

export interface ScenarioView {
  title: string;
  compared: boolean;
  /** Markdown table lines. */
  phases: string;
  stores: string;
  notes: string[];
}

export interface RunbookView {
  topology: string;
  version: string;
  file: string;
  regenerate: string;
  pattern: string;
  regions: string;
  /** The topology's tags, `key=value` (escaped), or false. */
  tags: string | false;
  mermaid: string;
  budget: { headline: string; strategy: string; scenarios: ScenarioView[]; objectives: string };
  dataLoss: string[];
  oldPrimary: string;
  newPrimary: string;
  /** One region: nothing to fail over to. */
  single: boolean;
  /** Where the lost primary's traffic goes, and what the procedure moves. */
  takeover: string;
  failover: Step[];
  failback: Step[];
  drills: { before: string[]; during: string[]; after: string[]; entries: Step[]; none: Step | false };
}

function step(title: string, text: string[], code?: string[]): Step {
  const s: Step = { title, text };
  if (code && code.length > 0) {
    s.code = code.join('\n');
    s.fence = fenceFor(s.code);
  }
  return s;
}

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// ---- derived names --------------------------------------------------------------------------------------------

/** The Aurora global cluster of the group whose home is `home` (as src/stacks/stores/aurora.ts names it). */
export function auroraGlobalName(t: Topology, store: AuroraStore, home: string): string {
  return names.auroraGlobalCluster(t.name, store, home);
}

function clusterArn(t: Topology, store: DataStore, region: Region): string {
  return `arn:${t.partition}:rds:${region.name}:${regionAccount(t, region.name) ?? '$ACCOUNT'}:cluster:${names.auroraCluster(t.name, store.name, region.name)}`;
}

function regionOf(t: Topology, name: string): Region {
  return t.regions.find((r) => r.name === name)!;
}

/** The region a lost region's traffic goes to first (as the estimate has it). */
function takerOf(t: Topology, lost: string): Region | undefined {
  const carrying = trafficRegions(t).filter((n) => n !== lost);
  const survivors = t.regions.filter((r) => r.name !== lost);
  // Under partitioned, the lost region's role goes to a region of its own jurisdiction (regulated data stays there).
  const jurisdiction = regionOf(t, lost).jurisdiction;
  const home = jurisdiction !== undefined ? survivors.filter((r) => r.jurisdiction === jurisdiction) : [];
  const pool = home.length > 0 ? home : survivors;
  return pool.find((r) => carrying.includes(r.name)) ?? pool[0];
}

/** Where a store's group fails over to: the new primary when the group holds it, else the group's next region. */
function destination(group: string[], to: string): string {
  return group.includes(to) ? to : group[1]!;
}

// ---- diagram --------------------------------------------------------------------------------------------------

function storeRoleIn(store: DataStore, group: string[], region: string): string {
  const home = group[0] === region;
  switch (store.type) {
    case 'aurora':
      return home ? 'writer' : store.instances.secondary === 0 ? 'headless secondary' : store.writeForwarding ? 'reader, forwards writes' : 'reader';
    case 'secret':
      return home ? 'primary secret' : 'replica';
    case 's3':
      return store.direction === 'two-way' || home ? 'writable bucket' : 'replica bucket';
    case 'cache':
      return store.mode === 'per-region' ? 'per-region cache' : home ? 'primary member' : 'secondary member';
    case 'dynamodb':
      return store.consistency === 'strong' ? 'MRSC replica' : 'replica, multi-writer';
    case 'dsql':
      return 'peered cluster';
    case 'parameter':
      return 'written per region';
    case 'queue':
      return 'queue per region';
    case 'events':
      return store.delivery === 'forward' ? 'bus, forwards its events' : home ? 'endpoint primary bus' : 'endpoint secondary bus';
    case 'backup':
      return 'locked vault, copies out';
  }
}

/** How a store's copies replicate: one-way from the group's home, two-way among all, or not at all. */
function replication(store: DataStore): { kind: 'one-way' | 'two-way' | 'none'; text: string } {
  switch (store.type) {
    case 'aurora':
      return { kind: 'one-way', text: 'async storage replication' };
    case 'secret':
      return { kind: 'one-way', text: 'secret replication' };
    case 's3':
      return store.direction === 'two-way' ? { kind: 'two-way', text: store.rtc ? 'two-way replication, RTC' : 'two-way replication' } : { kind: 'one-way', text: store.rtc ? 'replication, RTC' : 'replication' };
    case 'cache':
      return store.mode === 'global' ? { kind: 'one-way', text: 'Global Datastore' } : { kind: 'none', text: '' };
    case 'dynamodb':
      return { kind: 'two-way', text: store.consistency === 'strong' ? 'strongly consistent' : 'last writer wins' };
    case 'dsql':
      return { kind: 'two-way', text: 'synchronous' };
    case 'parameter':
    case 'queue':
    case 'backup':
      return { kind: 'none', text: '' };
    case 'events':
      return store.delivery === 'forward' ? { kind: 'two-way', text: 'events forwarded' } : { kind: 'one-way', text: 'global endpoint replication' };
  }
}

export function diagram(t: Topology): string {
  const lines = ['flowchart LR'];
  const rid = new Map(t.regions.map((r, i) => [r.name, `r${i}`]));
  const storeNode = (si: number, region: string) => `${rid.get(region)}_s${si}`;
  const routing = t.routing;
  const door = routing ? frontDoor(routing) : undefined;
  if (routing) {
    lines.push(`  subgraph edge[${label('routing')}]`);
    lines.push(`    dns[${label(`${routing.domain} (${door ? `alias to ${door === 'accelerator' ? 'Global Accelerator' : 'CloudFront'}` : `${routing.policy} records`})`)}]`);
    if (door === 'accelerator') lines.push(`    door[${label('Global Accelerator')}]`);
    if (door === 'cdn') lines.push(`    door[${label('CloudFront origin failover')}]`);
    if (routing.recoveryControl) lines.push(`    arc[${label('ARC routing controls')}]`);
    lines.push('  end');
  }
  t.regions.forEach((r) => {
    const id = rid.get(r.name)!;
    lines.push(`  subgraph ${id}[${label(`${r.name} (${r.role}, capacity ${r.capacity}%)`)}]`);
    lines.push(`    ${id}_app[${label(r.endpoint ? 'endpoint' : 'app.module endpoint')}]`);
    t.data.forEach((s, si) => {
      const group = s.groups.find((g) => g.includes(r.name));
      if (group) lines.push(`    ${storeNode(si, r.name)}[(${label(`${s.name}: ${s.type}, ${storeRoleIn(s, group, r.name)}`)})]`);
    });
    lines.push('  end');
  });
  if (routing) {
    const hc = routing.healthCheck;
    const check = `health check ${hc.protocol}${hc.protocol === 'TCP' ? '' : ` ${hc.path}`}`;
    if (door) lines.push('  dns --> door');
    for (const r of t.regions) {
      lines.push(`  ${door ? 'door' : 'dns'} -->|${label(check)}| ${rid.get(r.name)}_app`);
      if (routing.recoveryControl) lines.push(`  arc -.->|${label('gates')}| ${rid.get(r.name)}_app`);
    }
  }
  t.data.forEach((s, si) => {
    const how = replication(s);
    if (how.kind === 'none') return;
    for (const group of s.groups) {
      if (how.kind === 'one-way') {
        for (const to of group.slice(1)) lines.push(`  ${storeNode(si, group[0]!)} -->|${label(how.text)}| ${storeNode(si, to)}`);
      } else {
        group.forEach((a, i) => group.slice(i + 1).forEach((b) => lines.push(`  ${storeNode(si, a)} <-->|${label(how.text)}| ${storeNode(si, b)}`)));
      }
    }
  });
  // A witness holds no copy, only a vote: drawn once, outside the regions' boxes when its region is not listed.
  t.data.forEach((s, si) => {
    const witness = s.type === 'dynamodb' || s.type === 'dsql' ? s.witness : undefined;
    if (witness === undefined) return;
    lines.push(`  x_s${si}[(${label(`${s.name}: witness in ${witness}`)})]`);
    for (const r of s.groups.flat()) lines.push(`  ${storeNode(si, r)} -.- x_s${si}`);
  });
  const graph = workspaceGraph(t);
  const wid = new Map(graph.map((w, i) => [w.name, `w${i}`]));
  const waves = workspaceWaves(t);
  lines.push(`  subgraph ws[${label('workspaces, in apply order')}]`);
  for (const w of graph) {
    const wave = waves.findIndex((x) => x.includes(w.name)) + 1;
    lines.push(`    ${wid.get(w.name)}[${label(`wave ${wave}: ${w.name}`)}]`);
  }
  lines.push('  end');
  for (const w of graph) {
    // Only the direct predecessors that are not implied by another (a transitive reduction keeps the picture readable).
    const implied = new Set(w.after.flatMap((a) => graph.find((g) => g.name === a)!.after));
    for (const a of w.after.filter((x) => !implied.has(x))) lines.push(`  ${wid.get(a)} --> ${wid.get(w.name)}`);
  }
  return lines.join('\n');
}

// ---- budget ---------------------------------------------------------------------------------------------------


function scenarioView(s: Scenario): ScenarioView {
  const view: ScenarioView = {
    title: md(s.title),
    compared: s.compared,
    phases: mdTable(
      ['phase', 'best', 'typical', 'worst', 'assumption'],
      [...s.phases.map((p) => [p.name, ...figureCells(p.figure), md(p.assumption)]), ['**RTO (sum)**', ...figureCells(s.rto), 'phases run one after the other']],
    ),
    stores: '',
    notes: s.notes.map(md),
  };
  if (s.rpo.length > 0) {
    view.stores = mdTable(
      ['store', 'type', 'best', 'typical', 'worst', 'assumption'],
      [...s.rpo.map((r) => [md(r.store), r.type, ...figureCells(r.figure), md(r.counted ? r.assumption : `${r.assumption} (not counted)`)]), ['**RPO**', '(worst store)', ...figureCells(s.worstRpo), 'the worst counted store']],
    );
  }
  return view;
}

const STATUS: Record<Estimate['objectives'][number]['status'], string> = { met: 'met', 'met-typical': 'met typically', 'not-met': '**not met**', 'no-target': 'no target' };

function budget(e: Estimate): RunbookView['budget'] {
  return {
    headline: `RTO ${humanFigure(e.rto)}, RPO ${humanFigure(e.rpo)} (best / typical / worst of the region-loss scenarios)`,
    strategy: `AWS's disaster-recovery guidance for this strategy (${e.awsStrategy.strategy}): ${e.awsStrategy.range}.`,
    scenarios: e.scenarios.map(scenarioView),
    objectives: mdTable(
      ['objective', 'target', 'estimate', 'status'],
      e.objectives.map((c) => [
        c.objective,
        c.target !== undefined ? md(c.target) : '-',
        c.objective === 'rto' ? humanFigure(e.rto) : c.objective === 'rpo' ? humanFigure(e.rpo) : `${e.availability.supported}%`,
        `${STATUS[c.status]}: ${md(c.text)}`,
      ]),
    ),
  };
}

/** What a failover may lose, per store, in words: from each compared region loss of the estimate. */
function dataLoss(t: Topology, e: Estimate): string[] {
  const out: string[] = [];
  for (const store of t.data) {
    const losses = e.scenarios
      .filter((s) => s.compared)
      .map((s) => ({ s, r: s.rpo.find((x) => x.store === store.name)! }))
      .filter(({ r }) => r.figure.worst > 0);
    const what = `**${md(store.name)}** (${store.type})`;
    if (store.type === 'backup') {
      // Not a loss of a region: what a corruption that replication spread everywhere costs, restored from the vaults.
      const r = backupRpo(store);
      out.push(
        `${what}: a region loss costs it nothing (the other regions hold the copies); a corruption that replication spreads to every region is restored from the last recovery point, up to ${humanDuration(r.figure.worst)} old (typically ${humanDuration(r.figure.typical)}), not counted in the RPO. ${recoveryPointsKept(store)} recovery points kept per region.`,
      );
      continue;
    }
    if (losses.length === 0) {
      out.push(`${what}: nothing acknowledged is lost when a region is lost (${md(e.scenarios.find((s) => s.compared)?.rpo.find((x) => x.store === store.name)?.assumption ?? 'no copy to lose')}).`);
      continue;
    }
    for (const { s, r } of losses) {
      const lost = s.id === 'primary-lost' ? t.primary.name : s.id.replace(/^region-lost:/, '');
      const amount = Number.isFinite(r.figure.worst)
        ? `the writes of the last ${humanDuration(r.figure.typical)} (typically) and up to ${humanDuration(r.figure.worst)} (worst) before the loss`
        : 'everything in it until the region returns (no copy elsewhere)';
      out.push(`${what}, if ${lost} is lost: ${amount}${r.counted ? '' : ', not counted in the RPO'}. ${md(r.assumption)}.`);
    }
  }
  const cut = e.scenarios.find((s) => s.id === 'link-cut');
  if (cut && !Number.isFinite(cut.worstRpo.worst)) {
    out.push('While cross-region replication is cut, the exposure grows with the cut: a region lost during it loses everything written since the cut began. Watch the replication alarms.');
  }
  return out;
}

// ---- accounts -------------------------------------------------------------------------------------------------

/** The accounts the runbook's commands go to: the regions', the edge's (routing's) and the state's, sorted. */
export function runbookAccounts(t: Topology): string[] {
  const more = [edgeIdentity(t).account, t.state.account].filter((a): a is string => a !== undefined);
  return [...new Set([...regionAccounts(t), ...more])].sort();
}

/** The AWS CLI profile the runbook names for an account when the topology spans several. */
export const profileName = (account: string): string => `topoform-${account}`;

/** ` --profile <account's>` with several accounts, else nothing (a topology in one account runs as it is). */
function profile(t: Topology, account: string | undefined): string {
  return account !== undefined && runbookAccounts(t).length > 1 ? ` --profile ${profileName(account)}` : '';
}

/** Where a command against a region goes: `--region`, and its account's profile with several accounts. */
function at(t: Topology, region: string): string {
  return `--region ${region}${profile(t, regionAccount(t, region))}`;
}

/** The profile of the routing resources' account (Route 53, health checks, ARC, the us-east-1 health check alarms). */
function edge(t: Topology): string {
  return profile(t, edgeIdentity(t).account);
}

/**
 * What becomes of the home's key family when the home is down: its replicas keep working; retiring the home moves the
 * primary to a replica, which must be in the same account (replicas of a multi-Region key stay in its account, so a
 * region of another account has a family of its own).
 */
function keyFamilyNote(t: Topology, home: string, to: string, down: readonly string[]): string {
  const account = regionAccount(t, home);
  const sameAccount = (r: string) => regionAccount(t, r) === account;
  const successor = sameAccount(to) ? to : t.regions.map((r) => r.name).find((r) => r !== home && !down.includes(r) && sameAccount(r));
  const lead = `The key family's primary key stays in ${home}: its replicas keep encrypting and decrypting in every other region${severalRegionAccounts(t) ? ` of account ${account}` : ''} without it.`;
  if (successor === undefined) {
    return `${lead} No other region of account ${account} is left to take the primary over (each account has a key family of its own, and replicas stay in their key's account), so retiring ${home} retires the family with it: its account's stores must move to another account's regions first; handing the home workspace's resources to another is not generated yet (README: After a failover).`;
  }
  return `${lead} To retire ${home} for good once it answers again, AWS moves the primary, never a new key: \`aws kms update-primary-region ${at(t, home)} --key-id <the mrk- key id of ${md(names.kmsAlias(t))}> --primary-region ${successor}\` (the call goes to the current primary's region${successor !== to ? `; ${successor}, not ${to}, because ${to} is in another account and a replica stays in its key's account` : ''}); handing the home workspace's resources to another is not generated yet (README: After a failover).`;
}

/**
 * With several accounts: the ~/.aws/config profiles the commands name, one per account, each assuming the role the
 * topology declares there from the default profile, as Markdown paragraphs (`indent` inside a list item).
 */
function profileSection(t: Topology, indent = ''): string[] {
  const accounts = runbookAccounts(t);
  if (accounts.length < 2) return [];
  const e = edgeIdentity(t);
  const config: string[] = [];
  for (const account of accounts) {
    const regions = t.regions.filter((r) => regionAccount(t, r.name) === account);
    const uses = [...regions.map((r) => r.name), ...(e.account === account ? ['routing (Route 53, health checks, ARC, the us-east-1 alarms)'] : []), ...(t.state.account === account ? ['state'] : [])];
    const roles = [
      ...regions.map((r) => r.roleArn),
      ...(e.account === account ? [e.roleArn] : []),
      ...(t.state.account === account ? [t.state.roleArn] : []),
    ].filter((r): r is string => r !== undefined);
    const [role, ...others] = [...new Set(roles)];
    if (config.length > 0) config.push('');
    config.push(`[profile ${profileName(account)}]`, `# ${uses.join(', ')}`);
    if (role !== undefined) {
      config.push(`role_arn = ${role}`, 'source_profile = default');
      for (const o of others) config.push(`# the topology also declares ${o} in this account`);
    } else {
      config.push(`# the topology declares no role in ${account}: give this profile credentials that reach it`);
    }
  }
  const code = config.join('\n');
  const fence = fenceFor(code);
  const block = [`${fence}ini`, ...config, fence].map((l) => (l ? `${indent}${l}` : l)).join('\n');
  return [
    `This topology spans several AWS accounts (${accounts.join(', ')}): each \`aws\` command names the profile of the account it goes to, \`--profile ${profileName('<account>')}\` (its \`--region\` says where in it). Define them in \`~/.aws/config\` first:`,
    block,
    `The \`terraform\` commands run with your default credentials: the providers assume the roles the topology declares from them${t.state.roleArn !== undefined ? ', and the backends state.roleArn' : ''}; for a workspace whose account declares no role, run them with \`AWS_PROFILE=${profileName('<account>')}\`.`,
  ];
}

// ---- procedures -----------------------------------------------------------------------------------------------

const tf = (workspace: string, rest: string) => `terraform -chdir="$OUT/stacks/${workspace}" ${rest}`;

/** The status of a region's Route 53 health check, by its id from the global workspace's `health_check_ids` output. */
function healthCheckLookup(t: Topology, region: string, variable: string): string[] {
  const dns = regionOf(t, region).endpoint?.dnsName;
  return [
    `${variable}=$(${tf('global', 'output -json health_check_ids')} | jq -r '.["${region}"]')`,
    // The global workspace's state may be out of reach in an outage: a literal endpoint's check is found by its target.
    ...(dns
      ? [
          `[ -n "$${variable}" ] && [ "$${variable}" != null ] || ${variable}=$(aws route53 list-health-checks${edge(t)} \\`,
          `  --query ${sh(`HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${dns}'].Id | [0]`)} --output text)`,
        ]
      : []),
    `aws route53 get-health-check-status${edge(t)} --health-check-id "$${variable}" \\`,
    `  --query 'HealthCheckObservations[].StatusReport.Status' --output text`,
  ];
}

function curl(t: Topology): string[] {
  const routing = t.routing!;
  const hc = routing.healthCheck;
  if (hc.protocol === 'TCP') return [`nc -vz ${sh(routing.domain)} ${hc.port}`];
  const scheme = hc.protocol === 'HTTPS' ? 'https' : 'http';
  const port = (hc.protocol === 'HTTPS' && hc.port === 443) || (hc.protocol === 'HTTP' && hc.port === 80) ? '' : `:${hc.port}`;
  return [`curl -sS -o /dev/null -w '%{http_code}\\n' ${sh(`${scheme}://${routing.domain}${port}${hc.path}`)}`];
}

function setup(t: Topology): Step {
  const code = [`OUT=${SYNTH_OUT}   # the folder topoform synth wrote (its --out)`];
  // $ACCOUNT stands in an ARN for an account the topology does not name: the one the default credentials are in.
  const unnamed = t.regions.some((r) => regionAccount(t, r.name) === undefined) || (t.routing !== undefined && edgeIdentity(t).account === undefined);
  if (unnamed) code.push('ACCOUNT=$(aws sts get-caller-identity --query Account --output text)');
  const profiles = profileSection(t);
  return step(
    'Before you start',
    profiles.length > 0
      ? ['The commands use the AWS CLI v2, `jq`, and the Terraform workspaces synthesized from this topology.', ...profiles]
      : ['The commands use the AWS CLI v2, `jq`, and the Terraform workspaces synthesized from this topology. Run them with credentials for the account of each region (the `--region` of each command says where it goes).'],
    code,
  );
}

function decide(t: Topology, old: string, next: string): Step {
  const text: string[] = [];
  const code: string[] = [];
  const routing = t.routing;
  if (routing) {
    text.push(
      `Route 53 health checks (\`${md(names.healthCheck(t.name, old))}\`, \`${md(names.healthCheck(t.name, next))}\`) probe each region's endpoint. ${
        frontDoor(routing) === 'accelerator' ? 'Global Accelerator runs its own health checks and moves traffic by itself.' : frontDoor(routing) === 'cdn' ? 'CloudFront fails over each read request to the other origin by itself.' : 'A failing check moves traffic by itself (no command needed).'
      }${routing.recoveryControl ? ' For a gray failure the checks do not see, an operator flips the ARC routing controls (next step).' : ''}`,
    );
    code.push(`# health of ${old} and ${next}, as Route 53's checkers see it`);
    code.push(...healthCheckLookup(t, old, 'OLD_CHECK'));
    code.push(...healthCheckLookup(t, next, 'NEW_CHECK'));
  } else {
    text.push('The topology has no routing: nothing detects the loss or moves traffic for you. Decide from your own monitoring, and repoint clients outside topoform.');
  }
  if (t.alarms) {
    const global = t.routing
      ? ` The health check alarms live in us-east-1 (the only region where Route 53 publishes their metrics), on the global workspace's topic \`${md(names.alarmGlobalTopic(t.name))}\`.`
      : '';
    // One replication alarm per store and region where the metric is published: with several series, the worst of them.
    const worst = plannedAlarms(t).some((a) => a.query !== undefined)
      ? ' A replication alarm over several regions (a table sending to several, a bucket receiving from several) watches the worst of them; its description names the metric (by `ReceivingRegion` or `SourceBucket`) that shows which one lags.'
      : '';
    text.push(`Alarms go to the SNS topic \`${md(names.alarmTopic(t.name))}\` in each region, subscribed by ${t.alarms.email.map((e) => md(e)).join(', ')}.${global}${worst} The commands below list what is in alarm.`);
    for (const r of [old, next]) {
      code.push(`aws cloudwatch describe-alarms ${at(t, r)} --state-value ALARM --action-prefix "arn:${t.partition}:sns:${r}:${regionAccount(t, r) ?? '$ACCOUNT'}:${names.alarmTopic(t.name)}" --query 'MetricAlarms[].[AlarmName,StateReason]' --output text`);
    }
    if (t.routing) {
      // Route 53 publishes health check metrics in us-east-1 only: their alarms are the global workspace's, on its own topic.
      code.push(`aws cloudwatch describe-alarms --region us-east-1${edge(t)} --state-value ALARM --action-prefix "arn:${t.partition}:sns:us-east-1:${edgeIdentity(t).account ?? '$ACCOUNT'}:${names.alarmGlobalTopic(t.name)}" --query 'MetricAlarms[].[AlarmName,StateReason]' --output text`);
    }
  } else {
    text.push('The topology has no `alarms`: replication lag and endpoint health are not alarmed by topoform. Add `alarms: { email: [...] }` to get them.');
  }
  const aurora = t.data.filter((s): s is AuroraStore => s.type === 'aurora' && s.groups.some((g) => g[0] === old && g.length > 1));
  for (const s of aurora) {
    const g = s.groups.find((x) => x[0] === old)!;
    code.push(`aws rds describe-global-clusters ${at(t, next)} --global-cluster-identifier ${auroraGlobalName(t, s, groupHome(t, g))} --query 'GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter]' --output text`);
  }
  text.push(`Fail over when ${old} is unhealthy from outside (the health checks above, not one client) or impaired in a way the checks do not see. A planned failover (a drill, a migration) keeps ${old} running until the end.`);
  return step(`Decide: is ${old} lost?`, text, code);
}

function arc(t: Topology, old: string, next: string, back = false): Step | undefined {
  if (!t.routing?.recoveryControl) return undefined;
  const [on, off] = back ? [old, next] : [next, old];
  return step(
    `Move traffic with ARC: ${on} On, ${off} Off`,
    [
      `ARC routing controls gate each region's records. The change goes to the cluster's data plane (five regional endpoints; try another when one fails), not to Route 53's control plane and not to Terraform. The safety rule \`at-least-one-region-on\` refuses a change that leaves every region Off, so both states are set in one call.`,
      `The ARNs and endpoints are outputs of the global workspace (\`${ARC_OUTPUTS.controls}\`, \`${ARC_OUTPUTS.endpoints}\`): read them now, and keep a copy where you can reach it during an outage of the Terraform state's region.`,
    ],
    [
      `ARNS=$(${tf('global', `output -json ${ARC_OUTPUTS.controls}`)})`,
      `ENDPOINTS=$(${tf('global', `output -json ${ARC_OUTPUTS.endpoints}`)})`,
      `for i in 0 1 2 3 4; do`,
      `  EP_URL=$(echo "$ENDPOINTS" | jq -r ".[$i].endpoint"); EP_REGION=$(echo "$ENDPOINTS" | jq -r ".[$i].region")`,
      `  aws route53-recovery-cluster update-routing-control-states --region "$EP_REGION"${edge(t)} --endpoint-url "$EP_URL" \\`,
      `    --update-routing-control-state-entries "$(echo "$ARNS" | jq -c '[{RoutingControlArn: .["${on}"], RoutingControlState: "On"}, {RoutingControlArn: .["${off}"], RoutingControlState: "Off"}]')" && break`,
      `done`,
      `aws route53-recovery-cluster get-routing-control-state --region "$EP_REGION"${edge(t)} --endpoint-url "$EP_URL" --routing-control-arn "$(echo "$ARNS" | jq -r '.["${on}"]')"`,
    ],
  );
}

function auroraSteps(t: Topology, from: string, to: string, back = false): Step[] {
  const out: Step[] = [];
  for (const s of t.data) {
    if (s.type !== 'aurora') continue;
    const g = s.groups.find((x) => x[0] === (back ? to : from) && x.length > 1);
    if (!g) continue;
    const global = auroraGlobalName(t, s, groupHome(t, g));
    if (!back) to = destination(g, to);
    const target = regionOf(t, to);
    const arn = clusterArn(t, s, target);
    const code: string[] = [];
    const text: string[] = [];
    if (!back && s.instances.secondary === 0) {
      text.push(`The cluster in ${to} is headless (no instances): add a writer instance first, then promote. To keep it under Terraform afterwards, set \`instances.secondary\` and import the instance.`);
      code.push(
        `aws rds create-db-instance ${at(t, to)} --db-cluster-identifier ${names.auroraCluster(t.name, s.name, to)} --db-instance-identifier ${names.auroraCluster(t.name, s.name, to)}-0 --engine ${s.engine} --db-instance-class ${s.instanceClass}`,
        `aws rds wait db-instance-available ${at(t, to)} --db-instance-identifier ${names.auroraCluster(t.name, s.name, to)}-0`,
      );
    }
    text.push(
      back
        ? `Switch the writer of \`${md(global)}\` back to ${to} once its cluster has caught up (planned: no data loss, the old writer becomes a secondary).`
        : `Promote the cluster in ${to} to writer of the global database \`${md(global)}\`. Planned (${from} healthy): \`switchover-global-cluster\` waits for replication to catch up and loses nothing. Unplanned (${from} lost): \`failover-global-cluster --allow-data-loss\` promotes at once and loses what had not replicated (see the RPO above). Run only one of them.`,
    );
    code.push(`# planned: no data loss`);
    code.push(`aws rds switchover-global-cluster ${at(t, to)} --global-cluster-identifier ${global} --target-db-cluster-identifier ${arn}`);
    if (!back) {
      code.push(`# unplanned: ${from} is lost`);
      code.push(`aws rds failover-global-cluster ${at(t, to)} --global-cluster-identifier ${global} --target-db-cluster-identifier ${arn} --allow-data-loss`);
    }
    code.push(`aws rds describe-global-clusters ${at(t, to)} --global-cluster-identifier ${global} --query 'GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter]' --output text`);
    text.push('Terraform ignores the moved `global_cluster_identifier`, `replication_source_identifier` and `engine_version`, so the next plan of either workspace shows no destructive change.');
    out.push(step(`Aurora ${md(s.name)}: make ${to} the writer`, text, code));
  }
  return out;
}

/** Promoting each Global Datastore whose home is `from` (failover), or back to its home `next` (`back`). */
function cacheSteps(t: Topology, from: string, next: string, back = false): Step[] {
  const home = back ? next : from;
  return t.data
    .filter((s): s is CacheStore => s.type === 'cache' && s.mode === 'global' && s.groups.some((g) => g[0] === home && g.length > 1))
    .map((s) => ({ s, to: back ? next : destination(s.groups.find((g) => g[0] === from)!, next) }))
    .map(({ s, to }) =>
      step(
        `ElastiCache ${md(s.name)}: promote the member in ${to}`,
        ['AWS prefixes the Global Datastore id with a region code: look it up, then fail over. Terraform ignores the promoted role.'],
        [
          `GDS=$(aws elasticache describe-global-replication-groups ${at(t, to)} --show-member-info --query "GlobalReplicationGroups[?contains(GlobalReplicationGroupId, '${t.name}-${s.name}')].GlobalReplicationGroupId | [0]" --output text)`,
          `aws elasticache failover-global-replication-group ${at(t, to)} --global-replication-group-id "$GDS" --primary-region ${to} --primary-replication-group-id ${names.cacheReplicationGroup(t.name, s.name, to)}`,
        ],
      ),
    );
}

function dataChecks(t: Topology, from: string, next: string): Step | undefined {
  const code: string[] = [];
  const text: string[] = [];
  for (const s of t.data) {
    const lost = s.groups.find((x) => x.includes(from) && x.length > 1);
    const g = lost ?? s.groups.find((x) => x.includes(next));
    if (!g) continue;
    const to = lost ? destination(lost, next) : next;
    const home = g[0]!;
    switch (s.type) {
      case 'dynamodb':
        code.push(`aws dynamodb describe-table ${at(t, to)} --table-name ${names.dynamodbTable(t.name, s.name)} --query 'Table.{Status:TableStatus,Replicas:Replicas[].[RegionName,ReplicaStatus]}'`);
        text.push(
          s.consistency === 'strong'
            ? `DynamoDB \`${md(s.name)}\` (strongly consistent): every replica should be ACTIVE; a region cut off from the quorum refuses writes.`
            : `DynamoDB \`${md(s.name)}\`: the replica in ${to} is writable already (multi-writer); items written in ${from} in the last second may be missing, last writer wins when it returns.`,
        );
        break;
      case 's3':
        if (!g.includes(from)) break;
        code.push(`aws s3api get-bucket-replication${profile(t, regionAccount(t, home))} --bucket ${names.bucket(t.name, s.name, home)} --query 'ReplicationConfiguration.Rules[].[ID,Status,Destination.Bucket]' --output text`);
        code.push(`aws s3api list-objects-v2 ${at(t, to)} --bucket ${names.bucket(t.name, s.name, to)} --max-items 5 --query 'Contents[].[Key,LastModified]' --output text`);
        text.push(
          s.direction === 'two-way'
            ? `S3 \`${md(s.name)}\`: the bucket \`${md(names.bucket(t.name, s.name, to))}\` is writable and replicates to the other buckets.`
            : `S3 \`${md(s.name)}\`: the bucket \`${md(names.bucket(t.name, s.name, to))}\` is writable, but one-way replication runs from \`${md(names.bucket(t.name, s.name, home))}\` only: what is written in ${to} now is not copied back until failback.`,
        );
        break;
      case 'secret': {
        const owner = groupHome(t, g);
        const secret = names.secret(t.name, s, owner);
        code.push(`aws secretsmanager describe-secret ${at(t, to)} --secret-id ${sh(secret)} --query '{Name:Name,PrimaryRegion:PrimaryRegion,Rotation:RotationEnabled}'`);
        text.push(`Secret \`${md(secret)}\`: ${owner === to ? 'its primary is here' : `a read replica of ${owner}: reads work; to write or rotate during the outage, promote it outside Terraform (\`aws secretsmanager stop-replication-to-replica ${at(t, to)} --secret-id ${md(secret)}\`) and delete or import it before the home workspace applies again`}.`);
        break;
      }
      case 'parameter':
        code.push(`aws ssm get-parameter ${at(t, to)} --name ${sh(names.parameter(t.name, s.name))}${s.secure ? ' --with-decryption' : ''} --query 'Parameter.[Name,Version]' --output text`);
        text.push(`Parameter \`${md(names.parameter(t.name, s.name))}\`: written in every region by its own workspace, nothing to promote.`);
        break;
      case 'dsql':
        text.push(`Aurora DSQL \`${md(s.name)}\`: synchronous across the peered regions, nothing to promote; a region cut off from the quorum cannot commit.`);
        break;
      case 'cache':
        if (s.mode === 'per-region') text.push(`Cache \`${md(s.name)}\`: per region, cold in ${to} for the moved traffic; expect more load on the source of truth.`);
        break;
      case 'queue':
        code.push(`aws sqs get-queue-attributes ${at(t, to)} --queue-url "$(aws sqs get-queue-url ${at(t, to)} --queue-name ${names.queue(t.name, s.name, s.fifo)} --query QueueUrl --output text)" --attribute-names ApproximateNumberOfMessages ApproximateAgeOfOldestMessage`);
        text.push(`Queue \`${md(names.queue(t.name, s.name, s.fifo))}\`: ${to} has its own, empty of ${from}'s messages; start the consumers in ${to} if they do not run there. The messages left in ${from}'s queue stay there until ${from} returns (SQS deletes them after ${formatSeconds(s.retentionSeconds)}); drain them then, or accept them as lost.`);
        break;
      case 'events':
        text.push(
          s.delivery === 'forward'
            ? `Events \`${md(names.eventBus(t.name, s.name))}\`: producers in ${to} put on their own bus, which forwards to the regions still up; events put in ${from} in its last seconds may not have been forwarded.`
            : `Events \`${md(names.eventBus(t.name, s.name))}\`: the global endpoint \`${md(names.eventEndpoint(t.name, s.name))}\` sends to ${to} once its health check fails (no apply); events of the last seconds before may be missing there.`,
        );
        break;
      case 'backup':
        text.push(`Backup \`${md(s.name)}\`: the recovery points copied into ${to}'s vault \`${md(names.backupVault(t.name, s.name))}\` are there to restore from; ${from}'s plan stops until it returns, ${to}'s goes on (its copies to ${from} fail and alarm meanwhile).`);
        break;
      case 'aurora':
        break;
    }
  }
  if (text.length === 0) return undefined;
  return step(`Check the data in ${next}${t.data.some((s) => s.groups.some((g) => g.includes(from) && g.length > 1 && !g.includes(next))) ? ' and the other groups\' regions' : ''}`, text, code);
}

/** Scaling the region that takes over up to full capacity (or, `back`, down to its standby capacity again). */
function scaleStep(t: Topology, file: string, from: string, to: string, back = false): Step | undefined {
  const region = regionOf(t, to);
  if (region.capacity >= 100) return undefined;
  const app = t.app;
  if (back) {
    const text = [`Give ${region.name} its standby capacity again: set its \`capacity\` back to ${region.capacity} in the topology, synthesize, and apply only that region's workspace.`];
    return step(`Scale ${region.name} back to ${region.capacity}%`, text, app ? [`topoform synth ${sh(file)} --out "$OUT"`, tf(region.name, 'apply')] : undefined);
  }
  const now = app?.scale ? `${region.capacity}% (${md(app.scale.input)} = ${scaledCount(app.scale.full, region.capacity)} of ${app.scale.full})` : `${region.capacity}%`;
  if (!app) {
    return step(`Scale ${region.name} up to full capacity`, [`${region.name} runs at ${now} of full capacity${region.capacity === 0 ? ' (pilot light: nothing runs)' : ''}. topoform does not manage the app here (no \`app.module\`): scale it to full capacity with the tooling that deploys it, then check it serves before traffic arrives.`]);
  }
  // A replica of a table whose home is the lost region is read through that region: plan without refreshing it.
  const replicaOfLost = t.data.filter((s) => s.type === 'dynamodb' && s.consistency === 'eventual' && s.groups.some((g) => g[0] === from && g.includes(to)));
  const text = [
    `${region.name} runs at ${now}. Raise its \`capacity\` to 100 in the topology (regions entry ${region.name}), synthesize, and apply only ${region.name}'s workspace: it plans without ${from}'s state (no workspace reads another's, except global reading app.module endpoints, and failing over needs no global apply).`,
  ];
  if (replicaOfLost.length > 0) {
    text.push(`It holds the replica of ${replicaOfLost.map((s) => `\`${md(s.name)}\``).join(', ')}, which the provider reads through the table in ${from}: while ${from} is down, apply with \`-refresh=false\`.`);
  }
  return step(`Scale ${region.name} up to full capacity`, text, [
    `# ${sh(file)}: regions[${t.regions.indexOf(region)}] (${region.name}) capacity: 100`,
    `topoform synth ${sh(file)} --out "$OUT"`,
    tf(region.name, 'init'),
    tf(region.name, replicaOfLost.length > 0 ? 'apply -refresh=false' : 'apply'),
  ]);
}

function jobSteps(t: Topology, from: string, to: string, back = false): Step | undefined {
  const jobs = t.jobs.filter((j) => j.placement === 'follow-primary' && jobPlacement(t, j).length > 0);
  if (jobs.length === 0) return undefined;
  const code: string[] = [];
  for (const j of jobs) {
    const name = names.schedule(t.name, j.name);
    for (const [region, state] of [
      [to, 'ENABLED'],
      [from, 'DISABLED'],
    ] as const) {
      code.push(`# ${name} in ${region}: ${state}${region === from && !back ? ` (when ${from} answers)` : ''}`);
      code.push(`aws scheduler get-schedule ${at(t, region)} --name ${name} --output json > ${name}.${region}.json`);
      code.push(
        `aws scheduler update-schedule ${at(t, region)} --cli-input-json "$(jq '{Name, GroupName, ScheduleExpression, ScheduleExpressionTimezone, FlexibleTimeWindow, Target, KmsKeyArn, Description, StartDate, EndDate, ActionAfterCompletion} | with_entries(select(.value != null))' ${name}.${region}.json)" --state ${state}`,
      );
    }
  }
  return step(
    `Jobs: run the follow-primary schedules in ${to}`,
    [
      `These jobs follow the primary: their schedules exist in every region and run only in the primary (${jobs.map((j) => `\`${md(names.schedule(t.name, j.name))}\``).join(', ')}). Enable them in ${to} and disable them in ${from}, so they never run twice. \`update-schedule\` replaces the whole schedule, so each command sends the schedule back as it is with only its state changed. Terraform ignores \`state\` on them: no apply needed, and the next plan is clean.`,
    ],
    code,
  );
}

function verify(t: Topology, to: string): Step {
  if (!t.routing) return step(`Verify ${to}`, [`Check that clients reach ${to} through the way you repointed them.`]);
  return step(
    `Verify ${to} serves`,
    [`The health check of ${to} must be Success from the checkers, and the domain must answer.`],
    [...healthCheckLookup(t, to, 'NEW_CHECK'), ...curl(t)],
  );
}

/**
 * The last step of a failover (and of a failback): make the topology say which region is the primary, with
 * `topoform promote`, then synth, plan and apply in the workspaces' order. `home` stays where the shared resources are.
 */
function promoteStep(t: Topology, file: string, from: string, to: string, back = false): Step {
  const home = t.home.name;
  const order = workspaceGraph(t).map((w) => w.name);
  const down = back ? [] : [from];
  return step(
    back ? `Make the topology say ${to} is the primary again` : `Make the topology say ${to} is the primary`,
    [
      `Once traffic and the writers are in ${to}, the topology must say so, or the next apply works against the new roles. \`topoform promote\` rewrites \`${md(file)}\` in place (comments and formatting kept): ${to} is listed first, roles, capacities and drills follow the role, and \`home\` stays ${home}, so the key family and every resource several regions share stay in the workspace that created them. It prints what the next plan of each workspace does: no key, table, cluster, bucket, secret or parameter is destroyed, and synth refuses to write an output that would.`,
      ...(down.includes(home)
        ? [
            keyFamilyNote(t, home, to, down),
          ]
        : []),
      down.length > 0
        ? `Then synthesize and plan each workspace in this order. ${from}'s workspace cannot be planned while ${from} is down${from === home ? `, nor its shared resources changed (it is the home): apply it when ${from} returns` : ''}; every other workspace plans and applies now (ARCHITECTURE.md, the outage table).`
        : 'Then synthesize, plan and apply each workspace in this order.',
    ],
    [
      `npx topoform promote ${to} ${sh(file)}`,
      `npx topoform synth ${sh(file)} --out "$OUT"`,
      ...order.filter((w) => !down.includes(w)).flatMap((w) => [tf(w, 'init -input=false'), tf(w, 'plan -out=promote.tfplan'), tf(w, 'apply promote.tfplan')]),
    ],
  );
}

function numbered(steps: (Step | undefined)[]): Step[] {
  return steps.filter((s): s is Step => s !== undefined).map((s, i) => ({ ...s, n: i + 1 }));
}

function failoverSteps(t: Topology, file: string, old: string, next: string): Step[] {
  const steps: (Step | undefined)[] = [
    setup(t),
    decide(t, old, next),
    arc(t, old, next),
    ...auroraSteps(t, old, next),
    ...cacheSteps(t, old, next),
    dataChecks(t, old, next),
    scaleStep(t, file, old, next),
    jobSteps(t, old, next),
    verify(t, next),
    promoteStep(t, file, old, next),
  ];
  return numbered(steps);
}

function failbackSteps(t: Topology, file: string, old: string, next: string): Step[] {
  const wait = step(
    `Wait for ${old} to return`,
    [
      `${old}'s health check is Success again and its workspace plans clean (it was not applied during the outage). Failback is planned: never hurry it.`,
    ],
    [...(t.routing ? healthCheckLookup(t, old, 'OLD_CHECK') : []), tf(old, 'plan')],
  );
  const s3 = t.data
    .filter((s) => s.type === 's3' && s.direction === 'one-way' && s.groups.some((g) => g[0] === old && g.length > 1))
    .map((s) => ({ s, next: destination(s.groups.find((g) => g[0] === old)!, next) }))
    .map(({ s, next }) =>
      step(
        `S3 ${md(s.name)}: copy back what was written in ${next}`,
        [`Replication runs one way from ${old}: objects written to \`${md(names.bucket(t.name, s.name, next))}\` during the outage are not in \`${md(names.bucket(t.name, s.name, old))}\`. Copy them back before traffic returns (sync copies only what is missing or changed).`],
        [`aws s3 sync s3://${names.bucket(t.name, s.name, next)} s3://${names.bucket(t.name, s.name, old)} --source-region ${next} ${at(t, old)}`],
      ),
    );
  const jobs = jobSteps(t, next, old, true);
  const steps: (Step | undefined)[] = [
    wait,
    ...s3,
    ...auroraSteps(t, next, old, true),
    ...cacheSteps(t, next, old, true),
    arc(t, old, next, true),
    jobs && { ...jobs, title: `Jobs: run the follow-primary schedules in ${old} again` },
    verify(t, old),
    scaleStep(t, file, old, next, true),
    promoteStep(t, file, next, old, true),
  ];
  return numbered(steps);
}

// ---- drills ---------------------------------------------------------------------------------------------------

/** What the drill's experiment does, from the same targets the FIS template is built from (model/drills.ts). */
function drillWords(t: Topology, d: Topology['drills'][number]): string[] {
  const targets = drillTargets(t, d);
  const does: string[] = [];
  if (targets.network) does.push(`cuts the routes of ${d.target}'s subnets (${targets.network.subnetIds.map((x) => `\`${md(x)}\``).join(', ')}) to ${targets.network.isolateFrom.join(', ')}`);
  for (const x of targets.tables) does.push(`pauses the replication of DynamoDB global table \`${md(x.table)}\``);
  for (const x of targets.buckets) does.push(`pauses S3 replication from \`${md(x.bucket)}\` to ${x.destinations.map((dest) => `\`${md(dest.bucket)}\``).join(', ')}`);
  for (const x of targets.aurora) does.push(`switches Aurora global cluster \`${md(x.globalCluster)}\` over to ${x.promote} (planned: no data loss) and does not switch it back: fail back with the procedure above`);
  if (d.scenario === 'region-isolation' && !targets.network) does.push(`does not cut any network link (${d.target} has no \`network\`): only the replication pauses above`);
  // Queues and buses are regional AWS endpoints outside the region's subnets: FIS's cross-region route action leaves
  // them reachable from inside the region and cuts the region's applications off the other regions' ones.
  const here = (type: 'queue' | 'events') => t.data.filter((s) => s.type === type && s.groups.some((g) => g.includes(d.target)));
  if (d.scenario === 'region-isolation') {
    const queues = here('queue');
    const buses = here('events');
    if (queues.length > 0) {
      does.push(`leaves the SQS queues of ${d.target} (${queues.map((s) => `\`${md(names.queue(t.name, s.name, s.type === 'queue' && s.fifo))}\``).join(', ')}) running: SQS has no replication to pause, and ${targets.network ? 'the cut routes stop applications in ' + d.target + ' from reaching other regions\' queues, not their own' : 'no route is cut'}; messages in them stay there (what an outage of ${d.target} would strand)`);
    }
    if (buses.length > 0) {
      does.push(`leaves the EventBridge buses of ${d.target} (${buses.map((s) => `\`${md(names.eventBus(t.name, s.name))}\``).join(', ')}) delivering: EventBridge forwards between regions outside your subnets, so events keep crossing; to rehearse losing a bus, disable its forwarding rules by hand (\`aws events disable-rule ${at(t, d.target)} --event-bus-name <bus> --name <rule>\`) and enable them after`);
    }
  }
  const stops = drillStopAlarms(t, d, targets);
  const stop = stops.length > 0
    ? `It stops by itself when ${stops.map((a) => `\`${md(a.name)}\``).join(' or ')} fires (its stop conditions: alarms its own fault does not set off).`
    : 'Nothing stops it early (FIS stop condition none): watch the service, and stop it by hand with the command below.';
  return [`The experiment ${does.join('; ')}.`, stop, `Its template id is the \`${DRILL_TEMPLATES_OUTPUT}\` output of the ${d.target} workspace.`];
}

function drills(t: Topology, e: Estimate, single: boolean): RunbookView['drills'] {
  // One region: no failover procedure, whose first step gives the accounts' profiles; the checklist gives them.
  const profiles = single ? profileSection(t, '  ') : [];
  const entries = t.drills.map((d) =>
    step(
      `Drill ${md(d.name)}: ${d.scenario} of ${d.target} for ${md(d.duration)}`,
      drillWords(t, d),
      [
        `TEMPLATE=$(${tf(d.target, `output -json ${DRILL_TEMPLATES_OUTPUT}`)} | jq -r '.["${d.name}"]')`,
        `EXPERIMENT=$(aws fis start-experiment ${at(t, d.target)} --experiment-template-id "$TEMPLATE" --query 'experiment.id' --output text)`,
        `aws fis get-experiment ${at(t, d.target)} --id "$EXPERIMENT" --query 'experiment.state'`,
        `# to stop it early:`,
        `aws fis stop-experiment ${at(t, d.target)} --id "$EXPERIMENT"`,
      ],
    ),
  );
  const view: RunbookView['drills'] = {
    before: [
      ...(profiles.length > 0 ? [profiles.join('\n\n')] : []),
      `Run \`topoform check\` on the topology: the budget above is what the drill measures against (typical RTO ${humanDuration(e.rto.typical)}, RPO ${humanDuration(e.rpo.typical)}).`,
      'Tell the people on call and the service owners; agree who decides, who runs the commands, who takes the time.',
      t.alarms ? `Confirm the alarm subscriptions of \`${md(names.alarmTopic(t.name))}\` are confirmed in every region.` : 'The topology has no `alarms`: decide how you will see replication lag and health during the drill.',
      'Copy the Terraform outputs this runbook uses (routing controls, drill templates) somewhere reachable without the state bucket.',
      ...regionsNeedingRouteQuota(t).map(
        (r) =>
          `Once, before the first drill that cuts ${r} off: raise its VPC quota "${ROUTE_QUOTA.name}" to ${routeQuotaFloor(r)} plus the routes its route tables hold (FIS adds its own routes; the experiment fails below that): \`${md(routeQuotaRequest(r))}${profile(t, regionAccount(t, r))}\`.`,
      ),
    ],
    during: ['Note the time of each phase: detection, traffic shift, data promotion, app capacity.', 'Follow the failover procedure above, step by step; write down every command that did not work as written.'],
    after: [
      'Compare each phase with its estimate; a phase over its worst figure is a finding.',
      'Fail back with the procedure above, and check that every workspace plans clean.',
      'Fix the runbook or the topology for every finding, and schedule the next drill.',
    ],
    entries: [...entries, ...restoreTestingSteps(t)],
    none: false,
  };
  if (t.drills.length === 0) {
    view.none = step(
      'No drills in this topology',
      ['A failover that has never been rehearsed will not work when needed. Add drills to the topology, synthesize, and run them on a schedule, for example:'],
      ['drills:', `  - { name: primary-region-outage, scenario: region-isolation, target: ${t.primary.name} }`],
    );
  }
  return view;
}

/** Restore testing of each backup store, run by AWS Backup on its schedule: how to read its results. */
function restoreTestingSteps(t: Topology): Step[] {
  return t.data.flatMap((s) => {
    if (s.type !== 'backup' || !s.restoreTesting) return [];
    const plan = names.restoreTestingPlan(t.name, s.name);
    const regions = s.groups.flat();
    return [
      step(
        `Restore testing of ${md(s.name)}: every week, by AWS Backup`,
        [
          `AWS Backup restores the latest recovery point of each kind of store from \`${md(names.backupVault(t.name, s.name))}\` in ${regions.join(', ')} (${RESTORE_TESTING.schedule}, UTC), keeps the restored resource ${RESTORE_TESTING.validationWindowHours} hours and deletes it. A failed restore job reaches the alarm topic${t.alarms ? '' : ' once the topology has `alarms`'}.`,
          'Read the results after each run; a restore that never completed is a backup you cannot count on.',
        ],
        regions.map((r) => `aws backup list-restore-jobs ${at(t, r)} --by-restore-testing-plan-arn "$(aws backup get-restore-testing-plan ${at(t, r)} --restore-testing-plan-name ${plan} --query 'RestoreTestingPlan.RestoreTestingPlanArn' --output text)" --query 'RestoreJobs[].[CreationDate,ResourceType,Status,ValidationStatus]' --output table`),
      ),
    ];
  });
}

function takeover(t: Topology, old: string, next: string): string {
  const carrying = trafficRegions(t).filter((n) => n !== old);
  const traffic = t.routing
    ? carrying.length > 0
      ? `Traffic of ${old} goes to ${carrying.join(', ')} by itself (health checks).`
      : `Traffic of ${old} goes to ${next} by itself (health checks).`
    : 'No routing: clients must be repointed outside topoform.';
  return `${traffic} This procedure makes ${next} the new primary: the writer of single-writer stores (in each group, the group's next region when ${next} is not in it) and the region where follow-primary jobs run.`;
}

// ---- the view -------------------------------------------------------------------------------------------------

export function runbookView(t: Topology, opts: { file: string; version: string; out: string }): RunbookView {
  const e = estimate(t);
  const old = t.primary.name;
  const next = takerOf(t, old)?.name;
  return {
    topology: md(t.name),
    version: md(opts.version),
    file: md(opts.file),
    regenerate: `topoform docs ${sh(opts.file)} --out ${sh(opts.out)}`,
    pattern: t.pattern,
    regions: t.regions.map((r) => `${r.name} (${r.role}, capacity ${r.capacity}%)`).join(', '),
    tags: Object.keys(t.tags).length > 0 ? Object.entries(t.tags).map(([k, v]) => `${md(k)}=${md(v)}`).join(', ') : false,
    mermaid: diagram(t),
    budget: budget(e),
    dataLoss: dataLoss(t, e),
    oldPrimary: old,
    newPrimary: next ?? old,
    single: next === undefined,
    takeover: next ? takeover(t, old, next) : '',
    failover: next ? failoverSteps(t, opts.file, old, next) : [],
    failback: next ? failbackSteps(t, opts.file, old, next) : [],
    drills: drills(t, e, next === undefined),
  };
}
