import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { key, tableKeys } from '../table-keys.ts';
import type { Customer, Person, Role, SalesDocument } from '../domain/model.ts';
import { db, tableName, withoutKeys } from './db.ts';

/** Every number that should find the customer: its own and its contacts'. */
export function customerNumbers(customer: Pick<Customer, 'phones' | 'contacts'>): string[] {
  return [...new Set([...customer.phones, ...(customer.contacts ?? []).flatMap((c) => (c.phone ? [c.phone] : []))])];
}

/** Every address that should find the customer (an inbound email's sender): its own and its contacts', lower case. */
export function customerEmails(customer: Pick<Customer, 'email' | 'contacts'>): string[] {
  return [...new Set([customer.email, ...(customer.contacts ?? []).map((c) => c.email)].filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
}

/**
 * Customer profile plus one phone-index item per number, written together; then one email-index
 * item per address. Those are outside the transaction (with 20 phones and 50 contacts they would
 * pass its 100 items) and idempotent: an import interrupted between the two is made whole by the
 * next, and a reader checks the profile still has the address (customersByEmail).
 */
export async function putCustomer(customer: Customer): Promise<void> {
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: tableName, Item: { ...key.customer(customer.code), entity: 'Customer', ...directory('CUSTOMER', customer.code), ...customer } } },
      ...customerNumbers(customer).map((phone) => ({
        Put: { TableName: tableName, Item: { PK: key.phone(phone), SK: key.customerScope(customer.code), entity: 'PhoneIndex', customerCode: customer.code } },
      })),
    ],
  }));
  // PutItem each (the import's role has PutItem, not BatchWriteItem): at most 51 small items.
  await Promise.all(customerEmails(customer).map((address) => db.send(new PutCommand({
    TableName: tableName,
    Item: { PK: key.email(address), SK: key.customerScope(customer.code), entity: 'EmailIndex', customerCode: customer.code },
  }))));
}

/**
 * The customers an email address belongs to (own or a contact's). An index item left by an earlier
 * import (the address since removed) is ignored: the profile must still name the address.
 */
export async function customersByEmail(address: string): Promise<Customer[]> {
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey },
    ExpressionAttributeValues: { ':pk': key.email(address) },
  }));
  const codes = [...new Set((out.Items ?? []).map((i) => String(i.customerCode)))];
  if (codes.length === 0) return [];
  // Every profile, or an error: a customer left unread (throttling) would make an ambiguous
  // sender look like one customer's, or like no one's.
  const found: Record<string, unknown>[] = [];
  let keys: Record<string, unknown>[] = codes.map((c) => key.customer(c));
  for (let attempt = 1; keys.length; attempt += 1) {
    if (attempt > 3) throw new Error(`customers behind ${address}: ${keys.length} profile(s) left unread after 3 attempts`);
    const got = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
    found.push(...(got.Responses?.[tableName] ?? []));
    keys = got.UnprocessedKeys?.[tableName]?.Keys ?? [];
    if (keys.length) await new Promise((r) => setTimeout(r, 50 * attempt));
  }
  return found.map((item) => withoutKeys<Customer>(item)!)
    .filter((customer) => customerEmails(customer).includes(address.toLowerCase()));
}

export async function putDocument(doc: SalesDocument): Promise<void> {
  await db.send(new TransactWriteCommand({
    TransactItems: [{
      Put: {
        TableName: tableName,
        Item: { ...key.document(doc.number), entity: 'SalesDocument', GSI1PK: key.customerScope(doc.customerCode), GSI1SK: `DOC#${doc.shipDate}#${doc.number}`, ...doc },
      },
    }],
  }));
}

/**
 * Person profile plus one membership item per role, so "who are the quality managers" is a Query.
 * An inactive person holds no memberships (nobody routes work to them); memberships of roles the
 * person no longer has are removed in the same transaction.
 */
export async function putPerson(person: Person): Promise<void> {
  const before = await getPerson(person.personId);
  const roles = person.active === false ? [] : person.roles;
  const dropped = (before && before.active !== false ? before.roles : []).filter((r) => !roles.includes(r));
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: tableName, Item: { ...key.person(person.personId), entity: 'Person', ...directory('PERSON', person.personId), ...person } } },
      ...roles.map((role) => ({
        Put: { TableName: tableName, Item: { PK: key.role(role), SK: `PERSON#${person.personId}`, entity: 'RoleMember', personId: person.personId } },
      })),
      ...dropped.map((role) => ({ Delete: { TableName: tableName, Key: { PK: key.role(role), SK: `PERSON#${person.personId}` } } })),
    ],
  }));
}

export async function getDocument(number: string): Promise<SalesDocument | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.document(number) }));
  return withoutKeys<SalesDocument>(out.Item);
}

export async function getCustomer(code: string): Promise<Customer | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.customer(code) }));
  return withoutKeys<Customer>(out.Item);
}

export async function getPerson(personId: string): Promise<Person | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.person(personId) }));
  return withoutKeys<Person>(out.Item);
}

export async function getPeople(personIds: readonly string[]): Promise<Person[]> {
  const unique = [...new Set(personIds)];
  const found: Person[] = [];
  // BatchGetItem takes at most 100 keys.
  for (let i = 0; i < unique.length; i += 100) {
    const out = await db.send(new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: unique.slice(i, i + 100).map((id) => key.person(id)) } },
    }));
    found.push(...(out.Responses?.[tableName] ?? []).map((item) => withoutKeys<Person>(item)!));
  }
  return found.sort((a, b) => unique.indexOf(a.personId) - unique.indexOf(b.personId));
}

export async function peopleWithRoles(roles: readonly Role[]): Promise<Person[]> {
  const ids: string[] = [];
  for (const role of roles) {
    const out = await db.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': tableKeys.partitionKey },
      ExpressionAttributeValues: { ':pk': key.role(role) },
    }));
    ids.push(...(out.Items ?? []).map((i) => String(i.personId)));
  }
  return getPeople(ids);
}

export async function customersByPhone(e164: string): Promise<Customer[]> {
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': tableKeys.partitionKey },
    ExpressionAttributeValues: { ':pk': key.phone(e164) },
  }));
  const codes = (out.Items ?? []).map((i) => String(i.customerCode));
  if (codes.length === 0) return [];
  const got = await db.send(new BatchGetCommand({
    RequestItems: { [tableName]: { Keys: codes.map((c) => key.customer(c)) } },
  }));
  return (got.Responses?.[tableName] ?? []).map((item) => withoutKeys<Customer>(item)!);
}

/** Newest first: the customer's documents or complaints through the lookup index. */
export async function customerHistory<T>(customerCode: string, prefix: 'DOC#' | 'COMPLAINT#', limit = 10): Promise<T[]> {
  const idx = tableKeys.indexes.byLookup;
  const out = await db.send(new QueryCommand({
    TableName: tableName,
    IndexName: idx.name,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': idx.partitionKey, '#sk': idx.sortKey },
    ExpressionAttributeValues: { ':pk': key.customerScope(customerCode), ':prefix': prefix },
    ScanIndexForward: false,
    Limit: limit,
  }));
  return (out.Items ?? []).map((item) => withoutKeys<T>(item)!);
}

/** Index attributes that list every customer or person (import checks; no Scan). */
function directory(kind: 'CUSTOMER' | 'PERSON', id: string) {
  return { GSI1PK: `DIRECTORY#${kind}`, GSI1SK: id };
}

/** All customers or all people, through the directory index, paged. */
export async function listDirectory<T>(kind: 'CUSTOMER' | 'PERSON'): Promise<T[]> {
  const idx = tableKeys.indexes.byLookup;
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({
      TableName: tableName,
      IndexName: idx.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': idx.partitionKey },
      ExpressionAttributeValues: { ':pk': `DIRECTORY#${kind}` },
      ExclusiveStartKey: start,
    }));
    out.push(...(page.Items ?? []).map((i) => withoutKeys<T>(i)!));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function getDocuments(numbers: readonly string[]): Promise<SalesDocument[]> {
  const unique = [...new Set(numbers)];
  const found: SalesDocument[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    const out = await db.send(new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: unique.slice(i, i + 100).map((n) => key.document(n)) } },
    }));
    found.push(...(out.Responses?.[tableName] ?? []).map((item) => withoutKeys<SalesDocument>(item)!));
  }
  return found;
}

/** The digests the people's accounts were last synced with, by person id. */
export async function accountDigests(personIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(personIds)];
  const found = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 100) {
    const out = await db.send(new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: unique.slice(i, i + 100).map((id) => key.personAccount(id)), ProjectionExpression: 'personId, digest' } },
    }));
    for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.personId), String(item.digest));
  }
  return found;
}

export async function recordAccountDigest(personId: string, digest: string): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...key.personAccount(personId), entity: 'PersonAccount', personId, digest } }));
}
