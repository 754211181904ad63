import { createHash } from 'node:crypto';
import type { NewComplaint } from '../api/contract.ts';
import type { CountryCode } from 'libphonenumber-js';
import { invalidField, notFound, ValidationFailed } from '../domain/errors.ts';
import { companyYear, type CompanyPolicy } from '../domain/company-policy.ts';
import { missingRequiredFields, openCaseKeys } from '../domain/intake.ts';
import { getCall } from '../store/calls.ts';
import { warrantyState } from '../domain/warranty.ts';
import { normalizePhone } from '../domain/phone.ts';
import { getCustomer, getDocument, getPerson } from '../store/master-data.ts';
import { screenPop } from './screen-pop.ts';
import { getComplaint, insertComplaint, openComplaintFor } from '../store/complaints.ts';
import { startLifecycle } from '../workflow/sfn.ts';
import type { Person } from '../domain/model.ts';

/**
 * The agent gives the document number, the complaint text and the customer's requirements; the
 * rest (customer, product, serial, ship date, salesperson, warranty) comes from the document.
 * An open complaint about the same document or unit is not duplicated: the call is linked to it.
 */
export async function createComplaint(args: {
  input: NewComplaint;
  agent: Person;
  idempotencyKey?: string;
  stateMachineArn: string;
  policy: CompanyPolicy;
  now?: Date;
  /** The email intake item the agent made it from. */
  emailIntakeId?: string;
  /** What makes a repeat the same request (default: the agent and the input; see requestFingerprint). */
  requestFingerprint?: string;
}): Promise<{ complaintId: string; created: boolean; linked: boolean }> {
  const now = args.now ?? new Date();
  const { input, policy } = args;
  const { doc, customer, contactPhone } = await checkNewComplaint(input, policy);

  const result = await insertComplaint({
    year: companyYear(now, policy.timeZone),
    idempotencyKey: args.idempotencyKey,
    requestFingerprint: args.idempotencyKey ? args.requestFingerprint ?? requestFingerprint(args.agent.personId, input) : undefined,
    openKeys: openCaseKeys(doc),
    draft: {
      status: 'RECEIVED',
      customerCode: customer.code,
      customerName: customer.name,
      documentNumber: doc.number,
      productCode: doc.productCode,
      productName: doc.productName,
      serialNumber: doc.serialNumber,
      shipDate: doc.shipDate,
      warranty: warrantyState(doc.shipDate, doc.warrantyMonths, now),
      salespersonId: doc.salespersonId,
      description: input.description,
      customerRequirements: input.customerRequirements,
      contactName: input.contactName,
      contactPhone,
      preferredVisitTime: input.preferredVisitTime,
      callId: input.callId,
      emailIntakeId: args.emailIntakeId,
      urgency: input.urgency,
      category: input.category,
      recordedBy: args.agent.personId,
      receivedAt: now.toISOString(),
      stepTokens: {},
    },
  });
  // Every time, idempotently (the execution is named after the complaint): the request that
  // wrote the complaint may have died, or had a 503, before starting it, and its caller's retry
  // may come back as a repeat (same key) or as a link (no key, the same unit).
  await startLifecycle(args.stateMachineArn, result.complaintId);
  return { complaintId: result.complaintId, created: result.outcome === 'CREATED', linked: result.outcome === 'LINKED' };
}

/**
 * What a new complaint must have before anything is written: the company's required fields, a
 * valid contact phone, a document on file whose customer is on file, a recorded call.
 */
export async function checkNewComplaint(input: NewComplaint, policy: CompanyPolicy) {
  const issues = missingRequiredFields(input, policy);
  const contactPhone = input.contactPhone ? normalizePhone(input.contactPhone, policy.defaultCountry as CountryCode) : undefined;
  if (input.contactPhone && !contactPhone) issues.push({ path: 'body.contactPhone', message: `${input.contactPhone} is not a valid phone number` });
  if (issues.length) throw new ValidationFailed(issues);
  const doc = await getDocument(input.documentNumber);
  if (!doc) throw invalidField('body.documentNumber', `no order or delivery note ${input.documentNumber}`);
  const customer = await getCustomer(doc.customerCode);
  if (!customer) throw invalidField('body.documentNumber', `document ${doc.number} names customer ${doc.customerCode}, who is not on file`);
  if (input.callId && !(await getCall(input.callId))) throw invalidField('body.callId', `no call ${input.callId} was recorded`);
  return { doc, customer, contactPhone };
}

/**
 * The request as the agent made it (who, and the validated input with its keys in a fixed order):
 * a repeat with the same Idempotency-Key must be this same request.
 */
function requestFingerprint(personId: string, input: NewComplaint): string {
  const ordered = Object.fromEntries(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([personId, ordered])).digest('base64url');
}

/** Caller ID for the agent's screen: the number normalized, then everything on file for it. */
export async function lookupCaller(rawNumber: string, policy: CompanyPolicy) {
  const e164 = normalizePhone(rawNumber, policy.defaultCountry as CountryCode);
  if (!e164) throw invalidField('path.phone', `${rawNumber} is not a valid phone number`);
  const customers = await screenPop(e164);
  return { phone: e164, match: customers.length > 0, customers };
}

/**
 * What a complaint from this document would say before the agent submits it: the document with
 * its warranty state, its customer with the contacts to pick from, the salesperson, and the open
 * complaint about the same document or unit that the new one would be linked to instead.
 */
export async function lookupDocument(documentNumber: string, now = new Date()) {
  const doc = await getDocument(documentNumber);
  if (!doc) throw notFound('order or delivery note', documentNumber);
  const [customer, salesperson, openComplaintId] = await Promise.all([
    getCustomer(doc.customerCode), getPerson(doc.salespersonId), openComplaintFor(openCaseKeys(doc)),
  ]);
  const open = openComplaintId ? await getComplaint(openComplaintId, false) : undefined;
  return {
    document: { ...doc, warranty: warrantyState(doc.shipDate, doc.warrantyMonths, now) },
    // What the form shows and picks from; the rest of the customer's record stays out of the answer.
    customer: customer ? { code: customer.code, name: customer.name, contacts: customer.contacts } : null,
    salesperson: salesperson ? { personId: salesperson.personId, name: salesperson.name } : null,
    openComplaint: open ? { complaintId: open.complaintId, status: open.status, receivedAt: open.receivedAt } : null,
  };
}
