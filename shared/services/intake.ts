import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Category, Urgency, type Complaint } from '../domain/model.ts';
import { invalidField } from '../domain/errors.ts';
import { warrantyState } from '../domain/warranty.ts';
import { normalizePhone } from '../domain/phone.ts';
import { customerHistory, customersByPhone, getCustomer, getDocument } from '../store/master-data.ts';
import { insertComplaint } from '../store/complaints.ts';
import { startLifecycle } from '../workflow/sfn.ts';
import { requireActor } from './people.ts';

export const NewComplaint = z.object({
  documentNumber: z.string().trim().min(1, 'the order or delivery-note number is required'),
  description: z.string().trim().min(5, 'describe the problem (at least 5 characters)').max(4000),
  customerRequirements: z.string().trim().min(1, "record the customer's requirements").max(4000),
  urgency: Urgency,
  category: Category,
});
export type NewComplaint = z.infer<typeof NewComplaint>;

/** Human-readable and unique; gapless yearly numbering arrives with the intake issue. */
export function newComplaintId(now: Date): string {
  return `CMP-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/**
 * The agent gives the document number, the complaint text and the customer's requirements; the
 * rest (customer, product, serial, ship date, salesperson, warranty) comes from the document.
 */
export async function createComplaint(args: {
  input: NewComplaint;
  actorId: string | undefined;
  idempotencyKey?: string;
  stateMachineArn: string;
  now?: Date;
}): Promise<{ complaintId: string; created: boolean }> {
  const now = args.now ?? new Date();
  const agent = await requireActor(args.actorId, ['SERVICE_AGENT', 'SERVICE_MANAGER']);
  const doc = await getDocument(args.input.documentNumber);
  if (!doc) throw invalidField('body.documentNumber', `no order or delivery note ${args.input.documentNumber}`);
  const customer = await getCustomer(doc.customerCode);
  if (!customer) throw invalidField('body.documentNumber', `document ${doc.number} names customer ${doc.customerCode}, who is not on file`);

  const complaint: Complaint = {
    complaintId: newComplaintId(now),
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
    description: args.input.description,
    customerRequirements: args.input.customerRequirements,
    urgency: args.input.urgency,
    category: args.input.category,
    recordedBy: agent.personId,
    receivedAt: now.toISOString(),
    stepTokens: {},
  };
  const result = await insertComplaint(complaint, args.idempotencyKey);
  // Also on a repeated request: the first may have written the complaint and died before starting.
  await startLifecycle(args.stateMachineArn, result.complaintId);
  return result;
}

/** Caller ID: who is calling, their recent deliveries and their complaints with state. */
export async function lookupCaller(rawNumber: string) {
  const e164 = normalizePhone(rawNumber);
  if (!e164) throw invalidField('path.phone', `${rawNumber} is not a valid phone number`);
  const customers = await customersByPhone(e164);
  const matches = await Promise.all(customers.map(async (customer) => ({
    customer,
    recentDocuments: await customerHistory(customer.code, 'DOC#', 5),
    recentComplaints: (await customerHistory<Complaint>(customer.code, 'COMPLAINT#', 5)).map((c) => ({
      complaintId: c.complaintId, status: c.status, urgency: c.urgency, category: c.category,
      receivedAt: c.receivedAt, resolutionDueAt: c.resolutionDueAt, productName: c.productName,
    })),
  })));
  return { phone: e164, match: matches.length > 0, customers: matches };
}
