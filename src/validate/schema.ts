// Validate stage, part 1: the JSON Schema (precompiled by scripts/build-validator.js) -> diagnostics at file:line:col.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { PathSegment, SourceFile } from '../load/load';
import { didYouMean } from './suggest';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
  parentSchema?: { description?: string; properties?: Record<string, unknown>; enum?: unknown[] };
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

function toDiagnostics(source: SourceFile, errors: AjvError[]): Diagnostic[] {
  // anyOf/oneOf report every branch's failure; keep one message per alternative point.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const branchNoise = alternatives.some((a) => a !== e && e.schemaPath.startsWith(a.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')));
    if (branchNoise) continue;
    // A data store's `type` picks its definition through if/then; a failed `then` is reported by the errors inside it.
    if (e.keyword === 'if') continue;
    const d = describe(source, e);
    if (d) out.push(d);
  }
  return out;
}

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

const STORE_TYPES = ['aurora', 'dynamodb', 's3', 'secret', 'parameter', 'cache', 'dsql'];

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

const article = (t: string) => (t === 'object' ? 'a map' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`);

/** The description's help text without its @default note. */
function help(e: AjvError): string | undefined {
  const text = e.parentSchema?.description?.replace(/\s*@default[^.]*(\.|$)/, '').trim();
  return text ? text : undefined;
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

function describe(source: SourceFile, e: AjvError): Diagnostic | undefined {
  const path = segmentsOf(e.instancePath);
  const where = displayPath(path);
  const make = (code: string, message: string, hint: string | undefined, at: PathSegment[], key = false): Diagnostic => {
    const d: Diagnostic = { code, severity: 'error', message, pointer: pointerOf(at), range: source.rangeOf(at, { key }) };
    if (hint) d.hint = hint;
    return d;
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
      const guess = didYouMean(field, known);
      const hint = guess ? `did you mean \`${guess}\`?` : known.length ? `allowed fields here: ${known.join(', ')}` : undefined;
      return make('TOPO2001', `unknown field \`${field}\` in ${where}`, hint, [...path, field], true);
    }
    case 'required': {
      const field = String(e.params.missingProperty);
      const hint = field === 'type' && e.schemaPath.startsWith('#/$defs/dataStore') ? `add \`type\`: one of ${STORE_TYPES.join(', ')}` : `add \`${field}\``;
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
      return make('TOPO2006', `${where} ${quote(e.data)} does not have the required form`, help(e) ?? `expected a string matching ${String(e.params.pattern)}`, path);
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
      return make('TOPO2009', `${where} lists the same entry twice (items ${String(e.params.j)} and ${String(e.params.i)})`, 'remove the duplicate', [...path, Number(e.params.i)]);
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
