// `topoform promote REGION`: the text rewrite that makes REGION the primary. Pure (text in, text out, no cdktf): the
// two items of `regions` swap places by splicing their source text, roles and capacities follow the positions, and
// `home` is pinned to the old primary so that no shared resource changes owner. Every byte outside the changed spans
// stays as written, comments included.
import { isMap, isScalar, isSeq, parseDocument, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import type { RegionInput, RoleName, TopologyInput } from '../model/input';
import { declaredAccount, replicationGroups, roleOf } from '../model/normalize';
import { PATTERNS } from '../model/patterns';

export interface PromoteEdit {
  /** 1-based line in the ORIGINAL text. */
  line: number;
  /** e.g. "regions[0] (us-east-1) and regions[1] (us-west-2) swap places", "eu-west-1: role secondary", "home: eu-west-1 pinned". */
  what: string;
}

export interface PromoteNote {
  /** JSON pointer segments into the ORIGINAL document, e.g. ['drills', 0, 'target']. */
  path: (string | number)[];
  severity: 'error' | 'warning';
  message: string;
  hint: string;
}

export interface Promoted {
  text: string;
  noop: boolean;
  oldPrimary: string;
  edits: PromoteEdit[];
  notes: PromoteNote[];
}

/** The inline comment of the `home` line promote writes. */
export const HOME_COMMENT = '# owns the shared resources (key family, global clusters and tables, secrets); pinned by topoform promote';

/** A replacement of original[start, end) by text. Insertions have start === end. */
interface Splice {
  start: number;
  end: number;
  text: string;
}

type Item = YAMLMap<ParsedNode, ParsedNode | null> & { range: [number, number, number] };

/**
 * Makes `region` the first of `regions` (the primary, rule primary-first) by swapping it with the current first one.
 * `input` is the schema-valid data of `text`. Throws when `region` is not listed or the text cannot be rewritten
 * safely (the result is parsed back and checked against the data it must have).
 */
export function promoteText(text: string, input: TopologyInput, region: string): Promoted {
  const k = input.regions.findIndex((r) => r.name === region);
  if (k === -1) {
    throw new Error(`cannot promote ${region}: it is not one of the regions (${input.regions.map((r) => r.name).join(', ')})`);
  }
  const a = input.regions[0]!;
  const b = input.regions[k]!;
  if (k === 0) return { text, noop: true, oldPrimary: a.name, edits: [], notes: [] };

  const doc = parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(`cannot promote: the text does not parse (${doc.errors[0]!.message})`);
  const root = doc.contents;
  if (!isMap(root)) throw new Error('cannot promote: the document is not a mapping');
  const seq = pairOf(root, 'regions')?.value;
  if (!isSeq(seq) || seq.items.length !== input.regions.length) throw new Error('cannot promote: `regions` is not the list the data says');
  const itemA = itemAt(seq.items, 0);
  const itemB = itemAt(seq.items, k);

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineOf = lineIndex(text);
  const traits = PATTERNS[input.pattern];
  const edits: PromoteEdit[] = [{ line: lineOf(itemA.range[0]), what: `regions[0] (${a.name}) and regions[${k}] (${b.name}) swap places` }];

  // Effective roles and capacities as they stand; each region takes the other's.
  const roleA = roleOf(input, 0);
  const roleB = roleOf(input, k);
  const capA = capacityOf(input, a, roleA);
  const capB = capacityOf(input, b, roleB);
  const defaultRole = (index: number): RoleName => (index === 0 ? traits.defaultRoles.first : traits.defaultRoles.rest);
  const defaultCapacity = (role: RoleName): number => (role === 'secondary' ? traits.secondaryCapacity : 100);

  /** The item's new text: role and capacity set for its new place, indented for the column it moves to. */
  const retarget = (item: Item, name: string, newIndex: number, role: RoleName, capacity: number, toColumn: number): string => {
    const span = spanOf(text, item);
    const local: Splice[] = [];
    const inserts: string[] = [];
    for (const [key, target, fallback] of [
      ['role', role, defaultRole(newIndex)],
      ['capacity', capacity, defaultCapacity(role)],
    ] as const) {
      const pair = pairOf(item, key);
      if (pair) {
        const value = pair.value;
        if (!isScalar(value) || !value.range) throw new Error(`cannot promote: ${name}'s ${key} is not a plain value`);
        if (String(value.toJSON()) === String(target)) continue;
        local.push({ start: value.range[0], end: value.range[1], text: scalarText(text.slice(value.range[0], value.range[1]), target) });
        edits.push({ line: lineOf(value.range[0]), what: `${name}: ${key} ${target}` });
      } else if (target !== fallback) {
        inserts.push(`${key}: ${target}`);
        edits.push({ line: lineOf(namePair(item, name).key.range[0]), what: `${name}: ${key} ${target}` });
      }
    }
    if (inserts.length > 0) {
      const pair = namePair(item, name);
      if (item.flow) {
        local.push({ start: pair.value.range[1], end: pair.value.range[1], text: inserts.map((s) => `, ${s}`).join('') });
      } else {
        const at = lineEnd(text, pair.value.range[1]);
        const indent = ' '.repeat(columnOf(text, pair.key.range[0]));
        local.push({ start: at, end: at, text: inserts.map((s) => `${eol}${indent}${s}`).join('') });
      }
    }
    const own = applySplices(text.slice(span.start, span.end), local.map((s) => ({ ...s, start: s.start - span.start, end: s.end - span.start })));
    return reindent(own, columnOf(text, span.start), toColumn, name);
  };

  const spanA = spanOf(text, itemA);
  const spanB = spanOf(text, itemB);
  const splices: Splice[] = [
    { ...spanA, text: retarget(itemB, b.name, 0, roleA, capA, columnOf(text, spanA.start)) },
    { ...spanB, text: retarget(itemA, a.name, k, roleB, capB, columnOf(text, spanB.start)) },
  ];

  // Ownership stays with the old primary: `home` pinned right after the top-level `pattern` pair.
  if (!pairOf(root, 'home')) {
    const pattern = pairOf(root, 'pattern');
    if (!pattern || !isScalar(pattern.value) || !isScalar(pattern.key)) throw new Error('cannot promote: no top-level `pattern` to write `home` after');
    const home = `home: ${plain(a.name)}`;
    if (root.flow) {
      const at = pattern.value.range![1];
      splices.push({ start: at, end: at, text: `, ${home}` });
    } else {
      const at = lineEnd(text, pattern.value.range![1]);
      const column = columnOf(text, pattern.key.range![0]);
      const line = ' '.repeat(column) + home;
      splices.push({ start: at, end: at, text: `${eol}${line}${commentPad(text, column, line.length)}${HOME_COMMENT}` });
    }
    edits.push({ line: lineOf(pattern.key.range![0]), what: `home: ${a.name} pinned` });
  }

  // Drills rehearse a role: the primary's loss, a standby's. Under a pattern with a primary their targets follow the
  // swap (A's drills to B, B's to A), and notesFor says so at each. A database-failover drill must start from the
  // writer (rule drill-failover-has-reader), so it follows under every pattern. Under the all-active patterns a
  // drill names a region by choice and stays.
  const retargeted: [number, string][] = [];
  (input.drills ?? []).forEach((d, i) => {
    const to = d.target === a.name ? b.name : d.target === b.name && traits.needsPrimary ? a.name : undefined;
    if (to === undefined || (!traits.needsPrimary && d.scenario !== 'database-failover')) return;
    const node = doc.getIn(['drills', i, 'target'], true);
    if (!isScalar(node) || !node.range) throw new Error(`cannot promote: drills[${i}].target is not a plain value`);
    splices.push({ start: node.range[0], end: node.range[1], text: plain(to) });
    edits.push({ line: lineOf(node.range[0]), what: `drill ${d.name}: target ${to} (${d.scenario === 'database-failover' && to === b.name ? 'a database failover starts from the writer' : `the drill follows the role ${d.target} had`})` });
    retargeted.push([i, to]);
  });

  const out = applySplices(text, splices);
  check(doc.toJS() as Record<string, unknown>, out, k, { role: roleB, capacity: capB }, { role: roleA, capacity: capA }, traits, a.name, retargeted);
  edits.sort((x, y) => x.line - y.line);
  return { text: out, noop: false, oldPrimary: a.name, edits, notes: notesFor(input, k) };
}

/** What the swap leaves for the user to decide, with the path of the value in the original document. */
function notesFor(input: TopologyInput, k: number): PromoteNote[] {
  const a = input.regions[0]!.name;
  const b = input.regions[k]!.name;
  const traits = PATTERNS[input.pattern];
  const notes: PromoteNote[] = [];
  const globalRegion = input.state?.globalRegion;
  if (globalRegion === b && traits.needsPrimary) {
    notes.push({
      path: ['state', 'globalRegion'],
      severity: 'error',
      message: `state.globalRegion is ${b}: the global workspace's state would be in the new primary`,
      hint: `choose another region that is not ${b} for state.globalRegion (and move the global workspace's state there)`,
    });
  }
  // Unset, the global workspace's state lives in the last region: swapping the last region moves it (S3 backend only;
  // local state has no region and HCP Terraform none of AWS's).
  if (globalRegion === undefined && input.state?.backend === 's3' && k === input.regions.length - 1) {
    notes.push({
      path: ['regions', k],
      severity: 'warning',
      message: `state.globalRegion is not set, so the global workspace's state lives in the last region: ${b} now, ${a} after the swap`,
      hint: traits.needsPrimary
        ? `move the global workspace's state to ${a} (terraform init -migrate-state) before its next apply, or set state.globalRegion to a region other than ${b}`
        : `set state.globalRegion: ${b} to keep the global workspace's state where it is`,
    });
  }
  (input.drills ?? []).forEach((d, i) => {
    if (d.target !== a && d.target !== b) return;
    if (traits.needsPrimary) {
      if (d.scenario === 'database-failover' && d.target === a) return; // follows the writer: nothing to decide
      const to = d.target === a ? b : a;
      notes.push({
        path: ['drills', i, 'target'],
        severity: 'warning',
        message: `drill ${d.name} now targets ${to}, which has the role ${d.target} had`,
        hint: `if it was meant for ${d.target} by name rather than by role, set its target back to ${d.target}`,
      });
    } else if (d.target === a && d.scenario !== 'database-failover') {
      notes.push({
        path: ['drills', i, 'target'],
        severity: 'warning',
        message: `drill ${d.name} targets ${a}, no longer the first region`,
        hint: `under ${input.pattern} every region is active and the drill stays where it is; change it to ${b} if it rehearses the first region's loss`,
      });
    }
  });
  (input.jobs ?? []).forEach((j, i) => {
    const named = j.placement === `region:${a}` ? a : j.placement === `region:${b}` ? b : undefined;
    if (named === undefined) return;
    notes.push({
      path: ['jobs', i, 'placement'],
      severity: 'warning',
      message: `job ${j.name} runs in ${named} by name (placement ${j.placement}), not by role: it does not follow the promotion`,
      hint: `check that it still runs where it should; placement follow-primary follows the primary`,
    });
  });
  keyHomesStay(input, k, notes);
  if (input.pattern === 'partitioned') {
    const before = input.regions;
    const after = [...before];
    [after[0], after[k]] = [after[k]!, after[0]!];
    const groupsAfter = replicationGroups('partitioned', after, true);
    for (const group of replicationGroups('partitioned', before, true)) {
      const jurisdiction = before.find((r) => r.name === group[0])!.jurisdiction;
      const now = groupsAfter.find((g) => g.includes(group[0]!))!;
      if (now.join() === group.join()) continue;
      const which = jurisdiction === undefined ? 'the regions without a jurisdiction' : `jurisdiction ${jurisdiction}`;
      notes.push({
        path: ['regions', k],
        severity: 'error',
        message: `swapping ${a} and ${b} would change which region homes the regulated stores of ${which}: its regions would run ${now.join(', ')} instead of ${group.join(', ')}`,
        hint: `reorder the regions by hand so that the regions of ${which} keep their order (${group.join(', ')})`,
      });
    }
  }
  return notes;
}

/**
 * Each account other than the home's keeps its key family's primary key in its first listed region
 * (src/model/accounts.ts keyHome): a swap that changes which region that is would move the key family from one
 * workspace to another, destroying the key every store of that account encrypts with.
 */
function keyHomesStay(input: TopologyInput, k: number, notes: PromoteNote[]): void {
  const before = input.regions;
  const accounts = new Set(before.flatMap((r) => { const x = declaredAccount(r); return x === undefined ? [] : [x]; }));
  if (accounts.size < 2) return;
  const after = [...before];
  [after[0], after[k]] = [after[k]!, after[0]!];
  const home = before.find((r) => r.name === input.home) ?? before[0]!;
  const first = (list: readonly RegionInput[], account: string) => list.find((r) => declaredAccount(r) === account)!.name;
  for (const account of [...accounts].sort()) {
    if (account === declaredAccount(home)) continue;
    const was = first(before, account);
    const now = first(after, account);
    if (was === now) continue;
    notes.push({
      path: ['regions', k],
      severity: 'error',
      message: `swapping ${before[0]!.name} and ${before[k]!.name} would move account ${account}'s key family from ${was} to ${now}: its primary key lives in the account's first listed region, and a move destroys it`,
      hint: `reorder the regions by hand so that ${was} stays the first region of account ${account}`,
    });
  }
}

/** A region's capacity as normalize gives it: as written, else 100 for a primary or active, the pattern's for a secondary. */
function capacityOf(input: TopologyInput, r: RegionInput, role: RoleName): number {
  return r.capacity ?? (role === 'secondary' ? PATTERNS[input.pattern].secondaryCapacity : 100);
}

/**
 * Parses the result and compares it with the data it must have: the original with the two regions swapped, their
 * roles and capacities as promote sets them, and `home`. Anything else (an anchor moved after its alias, an
 * indentation the splice got wrong) is a bug or a text promote cannot rewrite, and throws.
 */
function check(
  original: Record<string, unknown>,
  out: string,
  k: number,
  forA: { role: RoleName; capacity: number },
  forB: { role: RoleName; capacity: number },
  traits: (typeof PATTERNS)[keyof typeof PATTERNS],
  home: string,
  drillTargets: readonly (readonly [number, string])[],
): void {
  const parsed = parseDocument(out, { version: '1.2', schema: 'core', merge: false, uniqueKeys: false });
  if (parsed.errors.length > 0) throw new Error(`promote produced a text that does not parse (${parsed.errors[0]!.message}); no file was changed`);
  const regions = [...(original.regions as Record<string, unknown>[])];
  const set = (r: Record<string, unknown>, index: number, want: { role: RoleName; capacity: number }): Record<string, unknown> => {
    const next = { ...r };
    const role = index === 0 ? traits.defaultRoles.first : traits.defaultRoles.rest;
    if ('role' in next || want.role !== role) next.role = want.role;
    if ('capacity' in next || want.capacity !== (want.role === 'secondary' ? traits.secondaryCapacity : 100)) next.capacity = want.capacity;
    return next;
  };
  const oldA = regions[0]!;
  regions[0] = set(regions[k]!, 0, forB);
  regions[k] = set(oldA, k, forA);
  const expected: Record<string, unknown> = { ...original, regions };
  if (!('home' in original)) expected.home = home;
  if (drillTargets.length > 0) {
    const drills = [...(original.drills as Record<string, unknown>[])];
    for (const [i, target] of drillTargets) drills[i] = { ...drills[i], target };
    expected.drills = drills;
  }
  if (!deepEqual(parsed.toJS(), expected)) throw new Error('promote could not rewrite this text safely (the result would not read as the promoted topology); no file was changed');
}

function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((key) => Object.prototype.hasOwnProperty.call(y, key) && deepEqual((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]));
}

function pairOf(map: YAMLMap<unknown, unknown>, key: string): Pair<ParsedNode, ParsedNode | null> | undefined {
  return (map.items as Pair<ParsedNode, ParsedNode | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

function namePair(item: Item, name: string): { key: ParsedNode; value: ParsedNode } {
  const pair = pairOf(item, 'name');
  if (!pair || !pair.value) throw new Error(`cannot promote: region ${name} has no name key`);
  return { key: pair.key, value: pair.value };
}

function itemAt(items: unknown[], index: number): Item {
  const item = items[index];
  if (!isMap(item) || !item.range) throw new Error(`cannot promote: regions[${index}] is not a mapping`);
  return item as Item;
}

/**
 * The text an item owns: from its first key (or `{`) to the end of its last value, with an inline comment on that
 * last line; not the line break after it, nor the comment lines and blank lines before the next `-`.
 */
function spanOf(text: string, item: Item): { start: number; end: number } {
  let end = item.range[1];
  if (text[end - 1] === '\n') end -= text[end - 2] === '\r' ? 2 : 1;
  const rest = /^[ \t]+#[^\r\n]*/.exec(text.slice(end, lineEnd(text, end)));
  if (rest) end += rest[0].length;
  return { start: item.range[0], end };
}

/** Offset of the end of the line holding `offset`, before its line break. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Moves an item's text from one column to another: its lines after the first shift with it. */
function reindent(own: string, from: number, to: number, name: string): string {
  if (from === to) return own;
  return own
    .split('\n')
    .map((line, i) => {
      if (i === 0 || line.trim() === '') return line;
      if (to > from) return ' '.repeat(to - from) + line;
      if (!line.startsWith(' '.repeat(from - to))) throw new Error(`cannot promote: region ${name}'s lines are indented less than it moves left`);
      return line.slice(from - to);
    })
    .join('\n');
}

/** The new value in the quoting style of the old one. */
function scalarText(old: string, value: string | number): string {
  if (typeof value === 'number') return String(value);
  if (old.startsWith('"')) return JSON.stringify(value);
  if (old.startsWith("'")) return `'${value.replaceAll("'", "''")}'`;
  return plain(value);
}

/** A name as a plain scalar when it reads back as the same string, else double-quoted. */
function plain(value: string): string {
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);
}

/** Spaces before an inline comment: to the column the file's top-level inline comments use, else two. */
function commentPad(text: string, column: number, length: number): string {
  const counts = new Map<number, number>();
  for (const line of text.split(/\r?\n/)) {
    if (columnOfKey(line) !== column) continue;
    const m = /^([^#'"]*?\S)([ \t]+)#/.exec(line);
    if (!m) continue;
    const at = m[1]!.length + m[2]!.length;
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  let best: number | undefined;
  let most = 0;
  for (const [at, n] of counts) if (n > most) [best, most] = [at, n];
  return best !== undefined && best >= length + 2 ? ' '.repeat(best - length) : '  ';
}

function columnOfKey(line: string): number | undefined {
  const m = /^( *)[^\s#-]/.exec(line);
  return m ? m[1]!.length : undefined;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((x, y) => y.start - x.start || y.end - x.end)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
