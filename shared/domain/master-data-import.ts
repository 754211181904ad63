import { parse as parseCsv } from 'csv-parse/sync';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { CompanyPolicy } from './company-policy.ts';
import { Address, Contact, Customer, Person, Role, SalesDocument, Channel, MAX_ADDRESSES, MAX_CONTACTS } from './model.ts';
import { normalizePhone } from './phone.ts';

export const ImportKind = z.enum(['customers', 'documents', 'people']);
export type ImportKind = z.infer<typeof ImportKind>;

/**
 * all-or-nothing (default): nothing is written unless every row is accepted.
 * valid-only: the accepted rows are written, the rejected ones reported.
 */
export const ImportMode = z.enum(['all-or-nothing', 'valid-only']);
export type ImportMode = z.infer<typeof ImportMode>;

export interface RowIssue { field: string; message: string }
export interface RowReport {
  /** 1-based data row (CSV: the header is row 0). */
  row: number;
  key?: string;
  /** UPDATED: a person on file whose record changes (roles, contact, active). */
  status: 'ACCEPTED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  issues: RowIssue[];
  /** People: what happened to the person's sign-in account (see shared/services/accounts.ts). */
  account?: string;
}

/** Rows of a CSV (header line, one record per line) or a JSON array. */
export function parseRows(format: 'csv' | 'json', content: unknown): Record<string, unknown>[] {
  if (format === 'json') {
    const rows = typeof content === 'string' ? JSON.parse(content) : content;
    if (!Array.isArray(rows)) throw new Error('a JSON import is an array of rows');
    return rows as Record<string, unknown>[];
  }
  if (typeof content !== 'string') throw new Error('a CSV import is text');
  return parseCsv(content, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, unknown>[];
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
// Only text and numbers are read as text: anything else (an object, a list, true) is passed on
// as it is, so the row's schema refuses it instead of storing "[object Object]" (fuzz.test.ts).
const text = (v: unknown) => (blank(v) ? undefined : typeof v === 'string' || typeof v === 'number' ? String(v).trim() : v);
/** A row's key for its report line: text, or nothing. */
const keyText = (v: unknown) => { const t = text(v); return typeof t === 'string' ? t : undefined; };
const list = (v: unknown) => (Array.isArray(v) ? v : blank(v) ? [] : String(v).split('|').map((s) => s.trim()).filter(Boolean));

/** CSV columns are flat (contact_name, address_city, phones as a|b); JSON may nest. */
function customerShape(row: Record<string, unknown>) {
  return {
    code: text(row.code),
    name: text(row.name),
    email: text(row.email),
    locale: text(row.locale),
    phones: list(row.phones),
    contacts: Array.isArray(row.contacts) ? row.contacts : blank(row.contact_name) && blank(row.contact_phone) && blank(row.contact_email) ? [] : [{
      name: text(row.contact_name), phone: text(row.contact_phone), email: text(row.contact_email), role: text(row.contact_role),
    }],
    addresses: Array.isArray(row.addresses) ? row.addresses : blank(row.address_line1) && blank(row.address_city) ? [] : [{
      line1: text(row.address_line1), city: text(row.address_city), province: text(row.address_province),
      postalCode: text(row.address_postal_code), country: text(row.address_country),
    }],
  };
}

const issuesOf = (error: z.ZodError): RowIssue[] => error.issues.map((i) => ({ field: i.path.join('.') || '(row)', message: i.message }));

const CustomerImport = Customer.extend({
  contacts: z.array(Contact).min(1, 'at least one contact is required').max(MAX_CONTACTS),
  addresses: z.array(Address).min(1, 'at least one address is required').max(MAX_ADDRESSES),
});

/** Company names compared without case, spacing, punctuation or legal-form words. */
export function comparableName(name: string): string {
  return name.normalize('NFKC').toLowerCase()
    .replace(/股份有限公司|有限责任公司|有限公司|集团|公司/g, '')
    .replace(/\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|gmbh|group)\b/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Whether the edit distance of a and b is at most `limit`, computed only in the band of width
 * 2·limit+1 around the diagonal and abandoned as soon as a row exceeds the limit: O(length·limit)
 * instead of O(length²), which keeps an import of thousands of customers against thousands on
 * file fast.
 */
function withinEditDistance(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  const INF = limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => (j <= limit ? j : INF));
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(INF);
    row[0] = i <= limit ? i : INF;
    let best = row[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), INF);
      best = Math.min(best, row[j]!);
    }
    if (best > limit) return false;
    prev = row;
  }
  return prev[b.length]! <= limit;
}

/** Near-identical, on names already made comparable: equal, or one typo apart per ten characters. */
function nearlySameComparable(x: string, y: string): boolean {
  if (!x || !y || Math.min(x.length, y.length) < 3) return false;
  return withinEditDistance(x, y, Math.max(1, Math.floor(Math.min(x.length, y.length) / 10)));
}

/** Near-identical: equal once compared, or one typo apart per ten characters. */
export function nearlySameName(a: string, b: string): boolean {
  return nearlySameComparable(comparableName(a), comparableName(b));
}

const sameRecord = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

export interface Checked<T> { reports: RowReport[]; accepted: T[] }

/**
 * Customers: complete (contacts and addresses), a code of the company's pattern, numbers that
 * parse, and no duplicate — same code, same number, or a near-identical name — against the
 * other rows or the customers on file. A row identical to the customer on file is UNCHANGED,
 * so importing the same file twice changes nothing.
 */
export function checkCustomers(rows: Record<string, unknown>[], existing: Customer[], policy: CompanyPolicy): Checked<Customer> {
  const codePattern = new RegExp(policy.customerCodePattern);
  const byCode = new Map(existing.map((c) => [c.code, c]));
  const phoneOwner = new Map<string, string>();
  for (const c of existing) for (const p of [...c.phones, ...c.contacts.flatMap((k) => (k.phone ? [k.phone] : []))]) phoneOwner.set(p, c.code);
  // Each name made comparable once, not once per pair.
  const names = existing.map((c) => ({ code: c.code, name: c.name, comparable: comparableName(c.name) }));
  const reports: RowReport[] = [];
  const accepted: Customer[] = [];

  rows.forEach((raw, index) => {
    const report: RowReport = { row: index + 1, key: keyText(raw.code), status: 'REJECTED', issues: [] };
    reports.push(report);
    const parsed = CustomerImport.safeParse(customerShape(raw));
    if (!parsed.success) { report.issues.push(...issuesOf(parsed.error)); return; }
    const customer = parsed.data;
    if (!codePattern.test(customer.code)) report.issues.push({ field: 'code', message: `does not follow the company's code pattern ${policy.customerCodePattern}` });
    const normalize = (raw: string, field: string) => {
      const e164 = normalizePhone(raw, policy.defaultCountry as CountryCode);
      if (!e164) report.issues.push({ field, message: `${raw} is not a valid phone number` });
      return e164 ?? raw;
    };
    customer.phones = customer.phones.map((p, i) => normalize(p, `phones.${i}`));
    customer.contacts = customer.contacts.map((c, i) => ({ ...c, phone: c.phone && normalize(c.phone, `contacts.${i}.phone`) }));
    if (report.issues.length) return;

    const onFile = byCode.get(customer.code);
    if (onFile && sameRecord(onFile, customer)) { report.status = 'UNCHANGED'; return; }
    if (onFile) report.issues.push({ field: 'code', message: `customer ${customer.code} exists already` });
    for (const phone of new Set([...customer.phones, ...customer.contacts.flatMap((c) => (c.phone ? [c.phone] : []))])) {
      const owner = phoneOwner.get(phone);
      if (owner && owner !== customer.code) report.issues.push({ field: 'phones', message: `${phone} belongs to customer ${owner}` });
    }
    const comparable = comparableName(customer.name);
    const twin = names.find((n) => n.code !== customer.code && nearlySameComparable(n.comparable, comparable));
    if (twin) report.issues.push({ field: 'name', message: `"${customer.name}" is nearly the same as ${twin.code} "${twin.name}" (a duplicate under another code?)` });
    if (report.issues.length) return;

    report.status = 'ACCEPTED';
    accepted.push(customer);
    byCode.set(customer.code, customer);
    for (const phone of [...customer.phones, ...customer.contacts.flatMap((c) => (c.phone ? [c.phone] : []))]) phoneOwner.set(phone, customer.code);
    names.push({ code: customer.code, name: customer.name, comparable });
  });
  return { reports, accepted };
}

const DocumentImport = SalesDocument.extend({
  warrantyMonths: z.coerce.number().int().min(0).max(240),
  serialNumber: z.string().trim().min(1).optional(),
});

/** Orders and delivery notes: complete, of a known customer and an active salesperson, each number once. */
export function checkDocuments(
  rows: Record<string, unknown>[],
  known: { customers: Set<string>; salespeople: Set<string>; documents: Map<string, SalesDocument> },
): Checked<SalesDocument> {
  const seen = new Set<string>();
  const reports: RowReport[] = [];
  const accepted: SalesDocument[] = [];
  rows.forEach((raw, index) => {
    const report: RowReport = { row: index + 1, key: keyText(raw.number), status: 'REJECTED', issues: [] };
    reports.push(report);
    const parsed = DocumentImport.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, blank(v) ? undefined : v])));
    if (!parsed.success) { report.issues.push(...issuesOf(parsed.error)); return; }
    const doc = parsed.data;
    if (!known.customers.has(doc.customerCode)) report.issues.push({ field: 'customerCode', message: `no customer ${doc.customerCode}` });
    // The salesperson confirms responses to the order's customer: an active person with the SALES role.
    if (!known.salespeople.has(doc.salespersonId)) report.issues.push({ field: 'salespersonId', message: `no active salesperson ${doc.salespersonId}` });
    const onFile = known.documents.get(doc.number);
    if (onFile && sameRecord(onFile, doc) && !seen.has(doc.number)) { seen.add(doc.number); report.status = 'UNCHANGED'; return; }
    if (onFile || seen.has(doc.number)) report.issues.push({ field: 'number', message: `document ${doc.number} is there already` });
    seen.add(doc.number);
    if (report.issues.length) return;
    report.status = 'ACCEPTED';
    accepted.push(doc);
  });
  return { reports, accepted };
}

const PersonImport = Person.extend({
  // Each role once: a role named twice would be written twice in one transaction.
  roles: z.preprocess((v) => [...new Set(list(v))], z.array(Role).min(1)),
  channels: z.preprocess((v) => (blank(v) ? undefined : list(v)), z.array(Channel).min(1).default(['SMS', 'EMAIL'])),
  // CSV says true/false; JSON may say it as a boolean.
  active: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(true)),
}).refine((p) => p.phone || p.email, { message: 'a phone or an email is required to reach this person', path: ['phone'] });

/**
 * People: roles that exist, reachable, a manager on file or in the batch, no duplicate id or
 * number. A person on file is updated by a row with their id (new roles, contact, `active:
 * false` to disable them); the same id twice in one batch is refused.
 */
export function checkPeople(rows: Record<string, unknown>[], existing: Person[], policy: CompanyPolicy): Checked<Person> {
  const byId = new Map(existing.map((p) => [p.personId, p]));
  // Sign-in usernames are person ids, compared without case: Wang.Fang and wang.fang are one user.
  const byFoldedId = new Map(existing.map((p) => [p.personId.toLowerCase(), p.personId]));
  const phoneOwner = new Map(existing.flatMap((p) => (p.phone ? [[p.phone, p.personId] as const] : [])));
  const batchIds = new Set(rows.map((r) => keyText(r.personId)).filter(Boolean));
  // One desk extension, one active person: their calls pop up on that person's console only.
  // People in this batch give up their extension on file first, so extensions can move and swap.
  const extensionOwner = new Map(existing.flatMap((p) => (p.extension && p.active && !batchIds.has(p.personId) ? [[p.extension, p.personId] as const] : [])));
  const reports: RowReport[] = [];
  const accepted: Person[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const report: RowReport = { row: index + 1, key: keyText(raw.personId), status: 'REJECTED', issues: [] };
    reports.push(report);
    const parsed = PersonImport.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, blank(v) ? undefined : v])));
    if (!parsed.success) { report.issues.push(...issuesOf(parsed.error)); return; }
    const person = parsed.data as Person;
    if (person.phone) {
      const e164 = normalizePhone(person.phone, policy.defaultCountry as CountryCode);
      if (!e164) { report.issues.push({ field: 'phone', message: `${person.phone} is not a valid phone number` }); return; }
      person.phone = e164;
    }
    if (person.managerId && !byId.has(person.managerId) && !batchIds.has(person.managerId)) {
      report.issues.push({ field: 'managerId', message: `no person ${person.managerId}` });
    }
    const onFile = byId.get(person.personId);
    if (onFile && sameRecord(onFile, person) && !seen.has(person.personId)) { seen.add(person.personId); report.status = 'UNCHANGED'; return; }
    if (seen.has(person.personId)) report.issues.push({ field: 'personId', message: `person ${person.personId} is in this batch twice` });
    const folded = byFoldedId.get(person.personId.toLowerCase());
    if (folded && folded !== person.personId) report.issues.push({ field: 'personId', message: `${person.personId} differs from the person id ${folded} only in case` });
    if (!onFile && !folded) byFoldedId.set(person.personId.toLowerCase(), person.personId);
    const owner = person.phone ? phoneOwner.get(person.phone) : undefined;
    if (owner && owner !== person.personId) report.issues.push({ field: 'phone', message: `${person.phone} belongs to ${owner}` });
    const atDesk = person.extension && person.active ? extensionOwner.get(person.extension) : undefined;
    if (atDesk && atDesk !== person.personId) report.issues.push({ field: 'extension', message: `extension ${person.extension} is ${atDesk}'s` });
    seen.add(person.personId);
    if (report.issues.length) return;
    report.status = onFile ? 'UPDATED' : 'ACCEPTED';
    accepted.push(person);
    if (person.phone) phoneOwner.set(person.phone, person.personId);
    if (person.extension && person.active) extensionOwner.set(person.extension, person.personId);
  });
  return { reports, accepted };
}
