import fc from 'fast-check';
import { z } from 'zod';

/**
 * Malformed requests derived from the HTTP contract (shared/api/contract.ts): a route's request
 * schemas are turned into JSON Schema (the same conversion the OpenAPI document uses), and a
 * valid sample request is mutated one thing at a time — one field, the whole body, one path
 * parameter, the query, a header — so each request is invalid for a known reason.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** JSON text spliced into a body as is (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes RawJson verbatim and keeps own `__proto__` keys. */
export function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${serialize((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Path = (string | number)[];
const ABSENT = Symbol('absent');

/** A copy of `body` with the value at `path` replaced (or removed with ABSENT); own-property safe. */
function setAt(body: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  const next = setAt(copy[head!], rest, value);
  if (next === ABSENT) {
    if (Array.isArray(copy)) copy.splice(head as number, 1); else delete copy[head!];
  } else {
    Object.defineProperty(copy, head!, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);

/** The JSON types a schema admits (integer counts as number). */
function typesOf(s: JsonSchema): Set<string> {
  const options = s.oneOf ?? s.anyOf;
  if (options) return new Set(options.flatMap((o) => [...typesOf(o)]));
  if (s.const !== undefined) return new Set([jsonType(s.const)]);
  if (s.enum) return new Set(s.enum.map(jsonType));
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return new Set(t.map((x) => (x === 'integer' ? 'number' : x)));
}

/** The branch of a union the value is in (by type, then by a const discriminator). */
function branchFor(s: JsonSchema, value: unknown): JsonSchema {
  const options = s.oneOf ?? s.anyOf;
  if (!options) return s;
  return options.find((o) => typesOf(o).has(jsonType(value)) && Object.entries(o.properties ?? {})
    .every(([k, p]) => p.const === undefined || (value as Record<string, unknown>)?.[k] === p.const)) ?? options[0]!;
}

export interface Site {
  path: Path;
  /** The schema of the value (the union itself when the sample has no value here). */
  schema: JsonSchema;
  value: unknown;
  present: boolean;
  required: boolean;
}

/** Every place in a sample body a mutation can aim at: each field the schema knows (present or not), each object. */
export function sitesOf(value: unknown, schema: JsonSchema, path: Path = [], required = true, present = true): Site[] {
  const s = present ? branchFor(schema, value) : schema;
  const sites: Site[] = [{ path, schema: s, value, present, required }];
  if (!present) return sites;
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, p] of Object.entries(s.properties)) {
      const has = Object.hasOwn(value, key);
      sites.push(...sitesOf((value as Record<string, unknown>)[key], p, [...path, key], (s.required ?? []).includes(key), has));
    }
  }
  if (typeof s.additionalProperties === 'object' && value && typeof value === 'object') {
    // A record's entries: none is required by name.
    for (const [key, v] of Object.entries(value)) sites.push(...sitesOf(v, s.additionalProperties, [...path, key], false, true));
  }
  // An element is not required by itself (removing one is "empty list" or nothing at all).
  if (s.items && Array.isArray(value) && value.length > 0) sites.push(...sitesOf(value[0], s.items, [...path, 0], false, true));
  return sites;
}

export interface BodyMutant {
  /** What was done, for the failure message: `body.tasks.0.dueAt: wrong type (number)`. */
  what: string;
  body: string;
  /** Headers to add or replace (content-type). `null` removes one. */
  headers?: Record<string, string | null>;
  /** Sent as bytes, so no content-type is added by the client. */
  asBytes?: boolean;
  /** The mutation touched the field that authenticates the request (an action link's token). */
  touchesAuth?: boolean;
}

const anyJson = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}), fc.constant([1, 'a']), fc.constant({ a: { b: 1 } }),
);
const valueOfType: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.constantFrom('', 'x', '123', 'true', 'null', '{}', 'NaN', 'Infinity', '1e309'), fc.string({ maxLength: 12 })),
  number: fc.oneof(fc.constantFrom(0, -1, 1, 1.5, 2 ** 53, -(2 ** 53)), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.constantFrom([], [1], ['a'], [null], [{}], [[]]),
  object: fc.constantFrom({}, { a: 1 }, { value: 'x' }, { length: 1, 0: 'a' }),
};

/** Units that make a string long: ASCII, two-byte, CJK (three bytes), emoji (a surrogate pair), a mix. */
const longUnits = ['a', 'ä', '中', '文字', '😀', 'a中😀'];
const controls = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f'];
const blanks = [' ', '   ', '\t', '\n\n', '\r\n', ' \t\r\n ', '\u00a0', '\u3000', '\u2003', '\ufeff'];
/** Invisible but not whitespace: a "required text" of only these says nothing. */
const invisibles = ['\u200b', '\u200b\u200b', '\u2060', '\u200d', '\u00ad', '\u200e\u200f'];
/** Deeply nested JSON of a given depth. */
const nested = (depth: number, kind: 'object' | 'array') =>
  new RawJson(kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepValue = fc.tuple(fc.constantFrom(8, 64, 1000, 20_000), fc.constantFrom('object' as const, 'array' as const)).map(([d, k]) => ({ value: nested(d, k), what: `nested ${k}s ${d} deep` }));

const label = (path: Path) => ['body', ...path].join('.');

export interface MutationOptions {
  /** The route's contract accepts this body (used only to tell a blank optional field, "not given", from a blank required one). */
  accepts: (body: unknown) => boolean;
  /** Body paths that authenticate the request (a mutation there may be a 401). */
  authPaths?: string[];
  /** Objects whose unknown fields are documented as ignored (the phone system's events). */
  lenientObjects?: string[];
  /** The route's body cap in bytes. */
  maxBodyBytes: number;
}

/**
 * Mutations of one field each, plus whole-body ones (invalid JSON, wrong content type, an array
 * or deep nesting where the object goes, too large), each an arbitrary of malformed bodies.
 */
export function bodyMutations(sample: unknown, schema: JsonSchema, options: MutationOptions): { kind: string; group: 'field' | 'body'; arb: fc.Arbitrary<BodyMutant> }[] {
  const out: { kind: string; group: 'field' | 'body'; arb: fc.Arbitrary<BodyMutant> }[] = [];
  const text = serialize(sample);
  const at = (site: Site, kind: string, arb: fc.Arbitrary<{ value: unknown; what: string }>) => {
    const touchesAuth = (options.authPaths ?? []).includes(site.path.join('.'));
    out.push({
      kind: `${label(site.path)}: ${kind}`,
      group: site.path.length > 0 ? 'field' : 'body',
      arb: arb.map(({ value, what }) => ({ what: `${label(site.path)}: ${what}`, body: serialize(setAt(sample, site.path, value)), touchesAuth })),
    });
  };

  for (const site of sitesOf(sample, schema)) {
    const s = site.schema;
    const types = typesOf(s);
    const root = site.path.length === 0;
    // Wrong JSON types.
    const wrong = Object.keys(valueOfType).filter((t) => !types.has(t) && !(t === 'object' && root));
    if (wrong.length > 0 && types.size > 0) {
      at(site, 'wrong type', fc.constantFrom(...wrong).chain((t) => valueOfType[t]!.map((value) => ({ value, what: `wrong type (${t}: ${serialize(value).slice(0, 40)})` }))));
    }
    if (!root && site.required) at(site, 'missing', fc.constant({ value: ABSENT, what: 'missing (required)' }));
    if (!root) at(site, 'deep nesting', deepValue);

    const branches = s.oneOf ?? s.anyOf ?? [s];
    for (const b of branches) {
      const valueHere = site.present && typesOf(b).has(jsonType(site.value)) ? site.value : undefined;
      if (typesOf(b).has('string') && !b.enum && b.const === undefined) stringMutations(sample, site, b, typeof valueHere === 'string' ? valueHere : 'abc', at, options);
      if (b.enum || b.const !== undefined) {
        const allowed = (b.enum ?? [b.const]) as string[];
        const first = String(allowed[0]);
        at(site, 'not one of the values', fc.oneof(
          fc.constantFrom(first.toLowerCase(), `${first} `, ` ${first}`, first.slice(0, -1), `${first}\u0000`, '', `${first}${first}`),
          fc.string({ minLength: 1, maxLength: 20 }),
        ).filter((v) => !allowed.includes(v)).map((value) => ({ value, what: `not one of the values (${JSON.stringify(value)})` })));
      }
      if (typesOf(b).has('number')) numberMutations(site, b, at);
      if (typesOf(b).has('array')) {
        if ((b.minItems ?? 0) > 0) at(site, 'empty list', fc.constant({ value: [], what: `empty list (at least ${b.minItems})` }));
        const element = Array.isArray(valueHere) && valueHere.length > 0 ? valueHere[0] : undefined;
        const limit = b.maxItems ?? 2000; // no maximum: a long list must still be refused (every list is bounded)
        if (element !== undefined) {
          at(site, 'too many items', fc.integer({ min: 1, max: 3 }).map((extra) => ({
            value: Array.from({ length: limit + extra }, () => element), what: `${limit + extra} items (at most ${b.maxItems ?? 'unbounded!'})`,
          })));
        }
        at(site, 'an object where the list goes', fc.constant({ value: { 0: element ?? 1, length: 1 }, what: 'an object where the list goes' }));
      }
      if (typesOf(b).has('object')) {
        const value = site.present ? site.value : {};
        at(site, 'a list where the object goes', fc.constantFrom([], [value]).map((v) => ({ value: v, what: `a list where the object goes (${v.length} items)` })));
        const known = Object.keys(b.properties ?? {});
        if (b.properties && !(options.lenientObjects ?? []).includes(site.path.join('.'))) {
          at(site, 'unknown field', fc.tuple(
            fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '', 'id', 'PK', 'status', 'admin', `${known[0] ?? 'x'}_`, ` ${known[0] ?? 'x'}`, (known[0] ?? 'x').toUpperCase()), fc.string({ minLength: 1, maxLength: 16 })),
            anyJson,
          ).filter(([k]) => !known.includes(k)).map(([k, v]) => ({ value: withOwn(value, k, v), what: `unknown field ${JSON.stringify(k)}` })));
        }
        const names = b.propertyNames;
        if (typeof b.additionalProperties === 'object' && names && (names.pattern || names.maxLength !== undefined || names.minLength !== undefined)) {
          const template = Object.values(value as object)[0] ?? {};
          at(site, 'a key the record refuses', fc.oneof(fc.constantFrom('', 'Has Spaces', 'UPPER', '__proto__', 'a/b', 'k'.repeat((names.maxLength ?? 64) + 1), '中文'), fc.string({ maxLength: 10 }))
            .filter((k) => !matches(k, names) && !Object.hasOwn(value as object, k))
            .map((k) => ({ value: withOwn(value, k, template), what: `a key the record refuses (${JSON.stringify(k.slice(0, 20))})` })));
        }
      }
    }
  }

  // The body as a whole.
  out.push({ kind: 'invalid JSON', group: 'body', arb: fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => ({ what: `invalid JSON (cut after ${n} characters)`, body: text.slice(0, n) })),
    fc.constantFrom(
      `${text.slice(0, -1)},}`, text.replaceAll('"', "'"), `${text}${text}`, `\ufeff${text}`, `${text}]`, `{${text}`, text.replace(/"(\w+)":/, '$1:'),
      '{"a":NaN}', '{"a":Infinity}', '{"a":0x10}', '{"a":01}', '{"a":.5}', '{"a":"\\x41"}', '{"a":"\\ud800"', '//\n{}', 'undefined', '{', '}', '   ', '\u0000',
    ).map((body) => ({ what: `invalid JSON (${JSON.stringify(body.slice(0, 30))})`, body })),
  ) });
  out.push({ kind: 'JSON that is not an object', group: 'body', arb: fc.constantFrom('null', '[]', '""', '"text"', '0', '-1', 'true', '1e400', `[${text}]`, `"${text.replaceAll('"', '\\"')}"`)
    .map((body) => ({ what: `JSON that is not an object (${body.slice(0, 30)})`, body })) });
  out.push({ kind: 'empty body', group: 'body', arb: fc.constant({ what: 'empty body', body: '' }) });
  out.push({ kind: 'deep nesting as the body', group: 'body', arb: fc.tuple(fc.constantFrom(1000, 50_000), fc.constantFrom('object' as const, 'array' as const))
    .map(([d, k]) => ({ what: `body: nested ${k}s ${d} deep`, body: nested(d, k).text })) });
  out.push({ kind: 'wrong content type', group: 'body', arb: fc.oneof(
    fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp',
      'application/json-patch+json', 'application/jsonx', 'json', 'application', '*/*', '', ' ', 'application/octet-stream', 'application\u0009/json')
      .map((ct) => ({ what: `content-type ${JSON.stringify(ct)}`, body: text, headers: { 'content-type': ct } })),
    fc.constant({ what: 'no content-type', body: text, headers: { 'content-type': null }, asBytes: true }),
  ) });
  out.push({ kind: 'too large', group: 'body', arb: fc.constantFrom(1, 4096).map((extra) => ({
    what: `body ${extra} bytes over the ${options.maxBodyBytes}-byte cap`, body: `${text}${' '.repeat(options.maxBodyBytes - Buffer.byteLength(text) + extra)}`,
  })) });
  return out;
}

function withOwn(value: unknown, key: string, v: unknown) {
  const copy: Record<string, unknown> = { ...(value as object) };
  Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

function matches(v: string, s: JsonSchema): boolean {
  if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  if (s.minLength !== undefined && v.length < s.minLength) return false;
  return s.pattern === undefined || new RegExp(s.pattern, 'u').test(v);
}

type At = (site: Site, kind: string, arb: fc.Arbitrary<{ value: unknown; what: string }>) => void;

function stringMutations(sample: unknown, site: Site, s: JsonSchema, value: string, at: At, options: MutationOptions) {
  const max = s.maxLength;
  const limit = max ?? 100_000; // no maximum: a long string must still be refused (every string is bounded)
  // Multi-byte units only where the result stays well under the body cap (that would be a 413 for another reason).
  const units = limit * 12 < options.maxBodyBytes ? longUnits : ['a'];
  // Lengths count characters (code points), as zod does: an emoji is one character, two UTF-16 units, four bytes.
  at(site, 'too long', fc.tuple(fc.constantFrom(...units), fc.integer({ min: 1, max: 40 })).map(([unit, extra]) => {
    const long = unit.repeat(Math.ceil((limit + extra) / [...unit].length));
    return { value: long, what: `${[...long].length} characters of ${JSON.stringify(unit)} (at most ${max ?? 'unbounded!'})` };
  }));
  at(site, 'control character', fc.tuple(fc.constantFrom(...controls), fc.integer({ min: 1, max: Math.max(1, value.length - 1) })).map(([c, i]) => {
    const v = `${value.slice(0, i)}${c}${value.slice(i)}`;
    return { value: v, what: `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')} at ${i}` };
  }));
  if (s.pattern || s.format) {
    const re = s.pattern ? new RegExp(s.pattern, 'u') : undefined;
    at(site, `not a ${s.format ?? 'match'}`, fc.oneof(
      fc.constantFrom(`${value}x`, `x${value}`, value.toLowerCase().replace(/t/, ' '), value.replace(/\d/, 'A'), value.replace(/\d(?!.*\d)/, '9').replace(/(\d\d)$/, '99'), '2026-13-01T00:00:00Z', '2026-02-30', 'tomorrow', '00000000-0000-0000-0000-00000000000g'),
      fc.string({ maxLength: 40 }),
    ).filter((v) => v !== value && !(re?.test(v) ?? false)).map((v) => ({ value: v, what: `not a ${s.format ?? `match of ${s.pattern}`} (${JSON.stringify(v.slice(0, 40))})` })));
  }
  // Blank where the contract requires something (a blank optional field is "not given", which is valid).
  const blankRefused = !options.accepts(setAt(sample, site.path, ' '));
  if (blankRefused) {
    at(site, 'blank', fc.constantFrom(...blanks).map((b) => ({ value: b, what: `blank (${JSON.stringify(b)})` })));
    at(site, 'invisible only', fc.constantFrom(...invisibles).map((b) => ({ value: b, what: `only invisible characters (${JSON.stringify(b)})` })));
  }
}

function numberMutations(site: Site, s: JsonSchema, at: At) {
  const lows: unknown[] = [-1, -1e308, new RawJson('-1e400')];
  if (s.minimum !== undefined) lows.push(s.minimum - 1);
  if (s.exclusiveMinimum !== undefined) lows.push(s.exclusiveMinimum);
  const floor = s.minimum ?? s.exclusiveMinimum;
  const below = (v: unknown) => typeof v !== 'number' || (s.minimum !== undefined ? v < s.minimum : s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum);
  at(site, 'too small', fc.constantFrom(...lows.filter(below))
    .map((value) => ({ value, what: `too small (${serialize(value)}; minimum ${floor ?? 'none'})` })));
  const highs: unknown[] = [1e308, new RawJson('1e400'), new RawJson(`1${'0'.repeat(400)}`), 2 ** 53 + 2];
  if (s.maximum !== undefined) highs.push(s.maximum + 1);
  if (s.exclusiveMaximum !== undefined) highs.push(s.exclusiveMaximum);
  at(site, 'too large', fc.constantFrom(...highs).map((value) => ({ value, what: `too large (${serialize(value).slice(0, 30)}; maximum ${s.maximum ?? s.exclusiveMaximum ?? 'unbounded!'})` })));
  if (s.type === 'integer') {
    at(site, 'not an integer', fc.constantFrom(1.5, (s.minimum ?? 0) + 0.5, 1e-7).map((value) => ({ value, what: `not an integer (${value})` })));
  }
}

/** Raw path segments (sent as is) that are not a usable value for a path parameter. */
export function pathSegmentMutations(param: string, schema: JsonSchema, valid: string): fc.Arbitrary<{ segment: string; what: string }> {
  const max = schema.maxLength ?? 64;
  const raw = fc.constantFrom(
    '%zz', '%', '%0', '%g0', '%00', `${encodeURIComponent(valid)}%00`, '%00%00%00', '%01', '%7F', '%0A', '%0D%0A', '%C3%28', '%FF', '%ED%A0%80', '%E2%82',
    '..', '.', '%2e%2e', '%2E', '..%2F..%2Fconfig%2Frules', '%2F', 'a%2Fb', '%5C..%5C', '%20', '%20%20%20', '%09', '+', '%25zz', '%252e%252e',
    '%E2%98%8E', encodeURIComponent('中文字符'), encodeURIComponent('😀😀😀'), encodeURIComponent('\u202eevil'), encodeURIComponent('Ω≈ç√'),
    `${encodeURIComponent(valid)}x`, `x${encodeURIComponent(valid)}`, encodeURIComponent(valid.toLowerCase()) === encodeURIComponent(valid) ? 'X' : encodeURIComponent(valid.toLowerCase()),
    '%7B%22a%22%3A1%7D', 'null', 'undefined', '0', '-1', '1e400', 'NaN', '__proto__', 'constructor',
  ).filter((s) => s !== encodeURIComponent(valid)).map((segment) => ({ segment, what: `path.${param} = ${segment.slice(0, 40)}` }));
  // At most ~8 KB of request line: Node's HTTP server (like API Gateway) refuses longer heads before any route runs.
  const long = fc.tuple(fc.constantFrom('A', '9', encodeURIComponent('中'), encodeURIComponent('😀'), '%00'), fc.constantFrom(max + 1, 300, 2000, 7000))
    .map(([unit, n]) => {
      const count = Math.max(max + 1, Math.min(n, Math.floor(8000 / unit.length)));
      return { segment: unit.repeat(count), what: `path.${param} = ${count} × ${unit}` };
    });
  const random = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).map((s) => encodeURIComponent(s))
    .filter((s) => s !== encodeURIComponent(valid) && s !== '.' && !/^[0-9 +()-]{3,}$/.test(decodeURIComponent(s)))
    .map((segment) => ({ segment, what: `path.${param} = ${segment.slice(0, 60)}` }));
  return fc.oneof(raw, long, random);
}

/** Query strings (without `?`) that add a parameter the route does not know, or spoil one it does. */
export function queryMutations(query: Record<string, string>, schema: JsonSchema | undefined): fc.Arbitrary<{ query: string; what: string }> {
  const known = Object.keys(schema?.properties ?? {});
  const base = new URLSearchParams(query).toString();
  const join = (extra: string) => (base ? `${base}&${extra}` : extra);
  const unknown = fc.tuple(
    fc.oneof(fc.constantFrom('foo', 'expand', 'limit2', 'LIMIT', 'Cursor', 'next', '__proto__', 'constructor', 'toString', '', 'limit[]', 'cursor.x', 'a b'), fc.string({ minLength: 1, maxLength: 12 })),
    fc.constantFrom('', '1', 'x', '%zz', 'true'),
  ).filter(([name]) => !known.includes(name)).map(([name, v]) => ({ query: join(`${encodeURIComponent(name)}=${v}`), what: `query: unknown parameter ${JSON.stringify(name)}` }));
  const spoilt: fc.Arbitrary<{ query: string; what: string }>[] = [];
  for (const [name, s] of Object.entries(schema?.properties ?? {})) {
    const others = Object.fromEntries(Object.entries(query).filter(([k]) => k !== name));
    const withValue = (v: string) => ({ query: [new URLSearchParams(others).toString(), `${name}=${v}`].filter(Boolean).join('&'), what: `query.${name} = ${v.slice(0, 40)}` });
    if (s.type === 'integer' || s.type === 'number') {
      spoilt.push(fc.oneof(
        fc.constantFrom('0', '-1', String((s.maximum ?? 100) + 1), '1000000', '1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', '1.5', '', '%20', 'abc', '9'.repeat(400), '10abc', '%00', '%zz', '[]', '{}', 'null', 'true', '1%2C2'),
        fc.integer({ min: (s.maximum ?? 100) + 1 }).map(String),
        fc.integer({ max: (s.minimum ?? 1) - 1 }).map(String),
      ).map(withValue));
    } else {
      spoilt.push(fc.oneof(
        fc.constantFrom('%zz', '..', 'not%20base64!', '%00', '', '%E4%B8%AD%E6%96%87', 'a'.repeat((s.maxLength ?? 700) + 1), '%2B%2F%3D', '__proto__',
          Buffer.from('COMPLAINT').toString('base64url'), Buffer.from('"EVENT#1"').toString('base64url'), Buffer.from('{"PK":{"S":"CONFIG"}}').toString('base64url')),
        fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !/^(EVENT|DELIVERY)#/.test(v)).map((v) => Buffer.from(v).toString('base64url')),
      ).map(withValue));
    }
  }
  return fc.oneof(unknown, ...spoilt);
}
