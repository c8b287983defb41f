// Validate stage, part 1: the JSON Schema (precompiled by scripts/build-validator.js) -> diagnostics at file:line:col.
import type { Code } from '../diagnostics/codes';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { PathSegment, SourceFile } from '../load/load';
import { STORE_TYPES } from '../model/stores';
import { didYouMean } from './suggest';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
  parentSchema?: { description?: string; properties?: Record<string, unknown>; enum?: unknown[]; minimum?: number; maximum?: number };
  data?: unknown;
}
type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

let compiled: CompiledValidator | undefined;
function validator(): CompiledValidator {
  // Same relative location from src/validate (tests) and dist/validate (the CLI).
  compiled ??= require('../../generated/schema-validator.js') as CompiledValidator;
  return compiled;
}

export function checkSchema(source: SourceFile): Diagnostic[] {
  const validate = validator();
  if (validate(source.data)) return [];
  return toDiagnostics(source, validate.errors ?? []);
}

function toDiagnostics(source: SourceFile, all: AjvError[]): Diagnostic[] {
  // anyOf/oneOf report every branch's failure; keep one message per alternative point.
  const alternatives = all.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const errors = all.filter(
    (e) =>
      !alternatives.some((a) => a !== e && e.schemaPath.startsWith(a.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/'))) &&
      // A data store's `type` picks its definition through if/then; a failed `then` is reported by the errors inside it.
      e.keyword !== 'if',
  );
  const { typos, covered } = misspeltRequired(errors);
  const out: Diagnostic[] = [];
  let more = 0;
  for (const e of errors) {
    if (covered.has(e)) continue;
    // A generated or hostile file can break the schema tens of thousands of times: list enough to act on.
    if (out.length >= MAX_SCHEMA_DIAGNOSTICS) {
      more++;
      continue;
    }
    const d = describe(source, e, typos.get(e));
    if (d) out.push(d);
  }
  if (more > 0) {
    out.push(diagnostic('TOPO2010', 'error', `${more} more schema error${more === 1 ? '' : 's'} not listed`, { hint: `fix the ${MAX_SCHEMA_DIAGNOSTICS} above and validate again` }));
  }
  return out;
}

/**
 * A required field written with a typo breaks the schema twice: the field is missing, and an unknown field stands
 * beside it (reported by additionalProperties, or by nothing at all where the missing field is the data store's
 * `type` that picks the definition). The typo is the cause: the missing field is reported at the misspelt key, as
 * that key (`typos`, from the required error to the key), and the key's own unknown-field error is left out
 * (`covered`).
 */
function misspeltRequired(errors: readonly AjvError[]): { typos: Map<AjvError, string>; covered: Set<AjvError> } {
  const typos = new Map<AjvError, string>();
  const covered = new Set<AjvError>();
  // Each unknown key's error, and the keys already taken as a typo, by `instancePath NUL key` (a hostile file
  // breaks the schema tens of thousands of times: no pass over every error per error).
  const unknownKeys = new Map<string, AjvError>();
  for (const e of errors) if (e.keyword === 'additionalProperties') unknownKeys.set(`${e.instancePath}\0${String(e.params.additionalProperty)}`, e);
  const taken = new Set<string>();
  for (const missing of errors) {
    // Only in an object of named fields (not a map of free keys, where a near key may well be meant).
    const properties = missing.parentSchema?.properties;
    if (missing.keyword !== 'required' || properties === undefined || missing.data === null || typeof missing.data !== 'object') continue;
    const at = (k: string) => `${missing.instancePath}\0${k}`;
    const unknown = Object.keys(missing.data).filter((k) => !Object.hasOwn(properties, k) && !taken.has(at(k)));
    const key = didYouMean(String(missing.params.missingProperty), unknown);
    if (key === undefined) continue;
    typos.set(missing, key);
    taken.add(at(key));
    const own = unknownKeys.get(at(key));
    if (own) covered.add(own);
  }
  return { typos, covered };
}

/** How many schema errors are described one by one. */
export const MAX_SCHEMA_DIAGNOSTICS = 100;

export function segmentsOf(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export function pointerOf(segments: readonly PathSegment[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** `regions[0].endpoint.dnsName`, the way a person reads a path. */
export function displayPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out === '' ? 'the topology' : out;
}


function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

const article = (t: string) => (t === 'object' ? 'a map' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`);

/**
 * How to fix a value that breaks the schema at a place, in words (never the schema's regex or its description,
 * which say what the field is, not what to type). Keyed by the schema location without the failing keyword.
 */
const FIX_HINTS: Record<string, string> = {
  '#/properties/name': 'use 2-24 lower-case letters, digits and hyphens, starting with a letter, e.g. payments',
  '#/properties/tags/propertyNames': 'tag keys are 1-128 letters, digits, spaces and the characters _ . : / = + @ -, and must not start with aws:',
  '#/properties/tags/additionalProperties': 'tag values are up to 256 letters, digits, spaces and the characters _ . : / = + @ - (quote numbers, e.g. "4711")',
  '#/properties/state/properties/bucket': 'use a bucket name of lower-case letters, digits, dots and hyphens with {region} in it, e.g. acme-tfstate-{region}',
  '#/properties/state/properties/keyPrefix': 'use letters, digits and the characters ! _ . * \' ( ) / -, e.g. payments',
  '#/properties/state/properties/lock/anyOf/1/properties/dynamodb': 'use the name of an existing DynamoDB table: 3-255 letters, digits, _ . -',
  '#/properties/routing/properties/zoneId': 'use the hosted zone id as Route 53 shows it, e.g. Z0123456789ABCDEFGHIJ',
  '#/properties/routing/properties/healthCheck/properties/path': 'start the path with / and leave out spaces, e.g. /health',
  '#/properties/routing/properties/geolocation/additionalProperties/items': 'use a continent code (AF, AN, AS, EU, NA, OC, SA), a country code (DE), a US state (US-CA: Route 53 has no other subdivisions), or "*" for the default',
  '#/properties/jobs/items/properties/schedule': 'use an EventBridge Scheduler expression: cron(0 3 * * ? *), rate(5 minutes) or at(2026-12-01T00:00:00)',
  '#/properties/jobs/items/properties/placement': 'use follow-primary, every-region, or region:<code> such as region:us-east-1',
  '#/properties/suppress/items/properties/rule': 'use the lint code as topoform check prints it, e.g. TOPO6011',
  '#/$defs/duration': 'write a whole number and a unit: 500ms, 30s, 5m or 1h',
  '#/$defs/storeName': 'use 2-32 lower-case letters, digits and single hyphens, starting with a letter, e.g. orders',
  '#/$defs/identifier': 'use letters, digits, _ and -, starting with a letter or _',
  '#/$defs/hostname': 'use a DNS name in lower case, e.g. api.example.com',
  '#/$defs/arnTemplate': 'use a full ARN, with {region} where the region goes, e.g. arn:aws:lambda:{region}:111111111111:function:rotate',
  '#/$defs/regionEntry/properties/account': 'write the 12-digit account id in quotes, e.g. account: "012345678901"',
  '#/$defs/regionEntry/properties/roleArn': 'use the ARN of an IAM role, e.g. arn:aws:iam::111111111111:role/deploy',
  '#/$defs/regionEntry/properties/jurisdiction': 'use a short lower-case code such as eu or us',
  '#/$defs/regionEntry/properties/endpoint/properties/zoneId': "use the load balancer's canonical hosted zone id (from its description), e.g. Z35SXDOTRQ7X7K",
  '#/$defs/regionEntry/properties/endpoint/properties/arn': 'use the load balancer ARN, e.g. arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/my-alb/abc',
  '#/$defs/regionEntry/properties/network/properties/subnetIds/items': 'use subnet ids such as subnet-0a1b2c3d',
  '#/$defs/regionEntry/properties/network/properties/securityGroupIds/items': 'use security group ids such as sg-0a1b2c3d',
  '#/$defs/auroraStore/properties/engineVersion': 'write the version in quotes, e.g. engineVersion: "16.4"',
  '#/$defs/auroraStore/properties/instanceClass': 'use an RDS instance class such as db.r7g.large',
  '#/$defs/cacheStore/properties/nodeType': 'use an ElastiCache node type such as cache.r7g.large',
  '#/$defs/keyAttribute/properties/name': 'use 1-255 letters, digits, _ . -',
};

function help(e: AjvError): string | undefined {
  const at = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
  return FIX_HINTS[at];
}

function isStoreTypeList(values: readonly unknown[]): boolean {
  return values.length === STORE_TYPES.length && STORE_TYPES.every((t) => values.includes(t));
}

function isRegionList(values: readonly unknown[]): boolean {
  return values.includes('us-east-1') && values.includes('eu-west-1');
}

function quote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** ` from 1 to 10`: the bounds of a number field, for a hint. */
function bounds(schema: AjvError['parentSchema']): string {
  const min = schema?.minimum;
  const max = schema?.maximum;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  return max !== undefined ? ` of at most ${max}` : '';
}

/** For a number written in quotes: `remove the quotes, as in failureThreshold: 3 (YAML reads "3" as a string)`. */
function unquoteHint(key: PathSegment | undefined, value: string): string {
  return `remove the quotes, as in ${typeof key === 'string' ? `${key}: ` : ''}${value.trim()} (in quotes, YAML reads ${JSON.stringify(value)} as a string)`;
}

/** `typo`: for a missing required field, the unknown key beside it that most likely is that field, misspelt. */
function describe(source: SourceFile, e: AjvError, typo?: string): Diagnostic | undefined {
  const path = segmentsOf(e.instancePath);
  const where = displayPath(path);
  const make = (code: Code, message: string, hint: string | undefined, at: PathSegment[], key = false): Diagnostic => {
    return diagnostic(code, 'error', message, { hint, pointer: pointerOf(at), range: source.rangeOf(at, { key }) });
  };

  // A failure inside propertyNames concerns a key of the map, not a value.
  if (e.propertyName !== undefined) {
    const at = [...path, e.propertyName];
    if (e.keyword === 'enum' && isRegionList((e.params.allowedValues as unknown[]) ?? [])) {
      return make('TOPO2007', `unknown region code ${quote(e.propertyName)} in ${where}`, regionHint(e.propertyName, e.params.allowedValues as string[]), at, true);
    }
    return make('TOPO2006', `the key \`${e.propertyName}\` in ${where} is not allowed`, help(e) ?? 'keys here must be plain identifiers', at, true);
  }

  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // reported through the inner error, above
    case 'additionalProperties': {
      const field = String(e.params.additionalProperty);
      const known = Object.keys(e.parentSchema?.properties ?? {});
      // A field already given is no likely meaning of an unknown one: guess among the others first.
      const given = e.data !== null && typeof e.data === 'object' ? Object.keys(e.data) : [];
      const guess = didYouMean(field, known.filter((k) => !given.includes(k))) ?? didYouMean(field, known);
      const hint = guess ? `did you mean \`${guess}\`?` : known.length ? `allowed fields here: ${known.join(', ')}` : undefined;
      return make('TOPO2001', `unknown field \`${field}\` in ${where}`, hint, [...path, field], true);
    }
    case 'required': {
      const field = String(e.params.missingProperty);
      if (typo !== undefined) {
        return make(
          'TOPO2001',
          `unknown field \`${typo}\` in ${where} is likely \`${field}\` misspelt, which explains the missing required field \`${field}\``,
          `rename it to \`${field}\``,
          [...path, typo],
          true,
        );
      }
      const hint =
        // A data store's definition is compiled on its own, so its schemaPath starts at #/: known by its `type` enum.
        field === 'type' && isStoreTypeList((e.parentSchema?.properties?.['type'] as { enum?: unknown[] } | undefined)?.enum ?? [])
          ? `add \`type\`: one of ${STORE_TYPES.join(', ')}`
          : field === 'cloud' && e.schemaPath.startsWith('#/properties/state/')
            ? 'backend cloud needs the HCP Terraform workspaces: cloud: { organization: <organization>, workspacePrefix: <name>- }'
            : `add \`${field}\``;
      return make('TOPO2002', `missing required field \`${field}\` in ${where}`, hint, path);
    }
    case 'type': {
      const expected = String(e.params.type);
      const raw = source.sourceText(path);
      let hint = help(e);
      if (expected === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
        const key = path[path.length - 1];
        const text = raw ?? String(e.data);
        const lost = typeof e.data === 'number' && text.trim() !== String(e.data) ? ` (YAML read \`${text.trim()}\` as the number ${String(e.data)})` : '';
        hint = `quote it, as in ${typeof key === 'string' ? `${key}: ` : ''}"${text.trim()}"${lost}`;
      } else if (expected === 'boolean' && typeof e.data === 'string') {
        hint = `write true or false; YAML 1.2 reads ${JSON.stringify(e.data)} as a string`;
      } else if ((expected === 'integer' || expected === 'number') && typeof e.data === 'string') {
        // A number in quotes: the counterpart of an account id without them.
        const numeric = expected === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
        hint = numeric.test(e.data.trim()) ? unquoteHint(path[path.length - 1], e.data) : `write ${article(expected)}${bounds(e.parentSchema)}, without quotes`;
      }
      if (typeof e.data === 'number' && !Number.isFinite(e.data)) {
        return make('TOPO2003', `${where} must be a finite number, not ${(raw ?? String(e.data)).trim()}`, hint, path);
      }
      return make('TOPO2003', `${where} must be ${article(expected)}, not ${typeName(e.data)}`, hint, path);
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]) ?? [];
      if (isStoreTypeList(allowed)) {
        // The data store's `type`: it selects the store's definition, so nothing else about the store was checked.
        const store = displayPath(path.slice(0, -1));
        if (typeof e.data !== 'string') return make('TOPO2003', `${store}.type must be a string, not ${typeName(e.data)}`, undefined, path);
        const guess = didYouMean(e.data, STORE_TYPES);
        return make('TOPO2004', `unknown data store type ${quote(e.data)} at ${store}`, guess ? `did you mean ${quote(guess)}?` : `expected one of: ${STORE_TYPES.join(', ')}`, path);
      }
      if (isRegionList(allowed)) {
        return make('TOPO2007', `unknown region code ${quote(e.data)} at ${where}`, regionHint(String(e.data), allowed as string[]), path);
      }
      // A number in quotes, where numbers are allowed (interval: "10").
      if (typeof e.data === 'string' && e.data.trim() !== '' && allowed.includes(Number(e.data))) {
        return make('TOPO2004', `${where} is ${quote(e.data)}; expected one of: ${allowed.map(quote).join(', ')}`, unquoteHint(path[path.length - 1], e.data), path);
      }
      const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined;
      return make('TOPO2004', `${where} is ${quote(e.data)}; expected one of: ${allowed.map(quote).join(', ')}`, guess ? `did you mean ${quote(guess)}?` : help(e), path);
    }
    case 'const':
      return make('TOPO2004', `${where} is ${quote(e.data)}; it must be ${quote(e.params.allowedValue)}`, help(e), path);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = e.params.limit;
      const words = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[e.keyword];
      return make('TOPO2005', `${where} is ${String(e.data)}; it must be ${words} ${String(bound)}`, help(e), path);
    }
    case 'pattern':
      return make('TOPO2006', `${where} ${quote(e.data)} does not have the required form`, help(e) ?? 'see docs/topology-format.md for the form this field takes', path);
    case 'format':
      return make('TOPO2006', `${where} ${quote(e.data)} is not a valid ${String(e.params.format)}`, undefined, path);
    case 'minLength':
    case 'maxLength':
      return make('TOPO2006', `${where} must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(e.params.limit)} characters`, help(e), path);
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      const min = e.keyword.startsWith('min');
      const count = Array.isArray(e.data) ? e.data.length : Object.keys((e.data as object) ?? {}).length;
      return make('TOPO2008', `${where} has ${count} ${count === 1 ? 'entry' : 'entries'}; it needs ${min ? 'at least' : 'at most'} ${String(e.params.limit)}`, help(e), path);
    }
    case 'uniqueItems':
    {
      const [first, again] = [Number(e.params.i), Number(e.params.j)].sort((a, b) => a - b);
      return make('TOPO2009', `${where} lists the same entry twice (items ${first} and ${again})`, `remove the repeated entry ${where}[${again}]`, [...path, again!]);
    }
    case 'anyOf':
    case 'oneOf':
      return make('TOPO2004', `${where} does not have any of the allowed forms`, help(e), path);
    default:
      return make('TOPO2004', `${where} ${e.message ?? 'is not valid'}`, help(e), path);
  }
}

export function regionHint(value: string, allowed: readonly string[]): string {
  const guess = didYouMean(value, allowed);
  return guess ? `did you mean ${quote(guess)}?` : 'use an AWS region code such as "us-east-1" or "eu-central-1"';
}
