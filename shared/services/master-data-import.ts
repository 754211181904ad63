import type { ImportRequest } from '../api/contract.ts';
import type { CompanyPolicy } from '../domain/company-policy.ts';
import { ValidationFailed } from '../domain/errors.ts';
import {
  ImportMode, checkCustomers, checkDocuments, checkPeople, parseRows, type ImportKind, type RowReport,
} from '../domain/master-data-import.ts';
import type { Customer, Person } from '../domain/model.ts';
import {
  accountDigests, getDocuments, getPeople, listDirectory, putCustomer, putDocument, putPerson, recordAccountDigest,
} from '../store/master-data.ts';
import { accountDigest, syncAccount } from './accounts.ts';

export interface ImportResult {
  kind: ImportKind;
  mode: ImportMode;
  /** False when the batch was refused (all-or-nothing with a rejected row): nothing was written. */
  accepted: boolean;
  written: number;
  unchanged: number;
  rejected: number;
  /** People: accounts that could not be brought in line (see each row's `account`); run the import again. */
  accountFailures?: number;
  rows: RowReport[];
}

export interface ImportOptions {
  /** People imports keep each person's user account in line with the record (user pool id). */
  userPoolId?: string;
}

const MAX_ROWS = 5000;

/**
 * Import master data from the ERP or a spreadsheet. Every row is checked — completeness,
 * formats, duplicates within the batch and against what is on file — before anything is
 * written; the report says, row by row, what was accepted and why the rest was not.
 */
export async function importMasterData(
  kind: ImportKind,
  request: ImportRequest,
  policy: CompanyPolicy,
  options: ImportOptions = {},
): Promise<ImportResult> {
  let rows: Record<string, unknown>[];
  try {
    rows = parseRows(request.format, request.content);
  } catch (error) {
    throw new ValidationFailed([{ path: 'body.content', message: `not readable as ${request.format}: ${(error as Error).message}` }]);
  }
  if (rows.length === 0 || rows.length > MAX_ROWS) {
    throw new ValidationFailed([{ path: 'body.content', message: `between 1 and ${MAX_ROWS} rows per import; got ${rows.length}` }]);
  }

  const checked = await check(kind, rows, policy);
  const rejected = checked.reports.filter((r) => r.status === 'REJECTED').length;
  const unchanged = checked.reports.filter((r) => r.status === 'UNCHANGED').length;
  const proceed = rejected === 0 || request.mode === 'valid-only';
  if (proceed) {
    // Each row is one conditional-free put (or one small transaction): re-running a partly
    // written import reports the written rows as UNCHANGED and writes the rest.
    for (const record of checked.accepted) await write(kind, record);
  }
  const accountFailures = proceed && kind === 'people' && options.userPoolId
    ? await syncAccounts(options.userPoolId, checked.reports)
    : undefined;
  return {
    kind, mode: request.mode, accepted: proceed, written: proceed ? checked.accepted.length : 0, unchanged, rejected,
    ...(accountFailures === undefined ? {} : { accountFailures }), rows: checked.reports,
  };
}

/**
 * After the records are written: every person of the batch whose account is not yet in line
 * with their record (a digest kept beside the person says what it was last synced with) gets it
 * synced. An import that failed half-way through the accounts is finished by running it again,
 * and a re-run touches only what is still out of line. Returns how many could not be synced.
 */
async function syncAccounts(userPoolId: string, reports: RowReport[]) {
  const ids = reports.filter((r) => r.status !== 'REJECTED' && r.key).map((r) => r.key!);
  const [people, synced] = await Promise.all([
    getPeople(ids).then((list) => new Map(list.map((p) => [p.personId, p]))),
    accountDigests(ids),
  ]);
  let failures = 0;
  for (const report of reports) {
    const person = report.key ? people.get(report.key) : undefined;
    if (report.status === 'REJECTED' || !person) continue;
    const digest = accountDigest(person);
    if (synced.get(person.personId) === digest) { report.account = 'UNCHANGED'; continue; }
    try {
      report.account = await syncAccount(userPoolId, person);
      await recordAccountDigest(person.personId, digest);
    } catch (error) {
      failures++;
      report.account = 'FAILED';
      report.issues.push({ field: '(account)', message: `the sign-in account was not updated (${(error as Error).name}); import again to retry` });
    }
  }
  return failures;
}

async function check(kind: ImportKind, rows: Record<string, unknown>[], policy: CompanyPolicy) {
  switch (kind) {
    case 'customers':
      return checkCustomers(rows, await listDirectory<Customer>('CUSTOMER'), policy);
    case 'people':
      return checkPeople(rows, await listDirectory<Person>('PERSON'), policy);
    case 'documents': {
      const [customers, people, documents] = await Promise.all([
        listDirectory<Customer>('CUSTOMER'),
        listDirectory<Person>('PERSON'),
        getDocuments(rows.map((r) => String(r.number ?? '')).filter(Boolean)),
      ]);
      return checkDocuments(rows, {
        customers: new Set(customers.map((c) => c.code)),
        salespeople: new Set(people.filter((p) => p.active !== false && p.roles.includes('SALES')).map((p) => p.personId)),
        documents: new Map(documents.map((d) => [d.number, d])),
      });
    }
  }
}

async function write(kind: ImportKind, record: unknown) {
  if (kind === 'customers') await putCustomer(record as Customer);
  else if (kind === 'people') await putPerson(record as Person);
  else await putDocument(record as Parameters<typeof putDocument>[0]);
}
