import type { Complaint, Customer, SalesDocument } from '../domain/model.ts';
import { slaState } from '../domain/sla.ts';
import { warrantyState } from '../domain/warranty.ts';
import { customerHistory, customersByPhone } from '../store/master-data.ts';

const urgencyRank = { URGENT: 0, NORMAL: 1 } as const;
const slaRank = { OVERDUE: 0, DUE_SOON: 1, PENDING: 2, ON_TRACK: 3, MET: 4, MISSED: 4 } as const;

export interface ScreenPopCustomer {
  customer: Customer;
  recentDocuments: (SalesDocument & { warranty: 'IN_WARRANTY' | 'OUT_OF_WARRANTY' })[];
  openComplaints: ComplaintSummary[];
  recentComplaints: ComplaintSummary[];
}

export type ComplaintSummary = Pick<Complaint, 'complaintId' | 'status' | 'urgency' | 'category' | 'receivedAt' | 'resolutionDueAt' | 'productName' | 'documentNumber'>
  & { slaState: ReturnType<typeof slaState> };

/**
 * Everything an agent should see before saying hello: each customer behind the number (a shared
 * switchboard number can match several), their recent deliveries with warranty state, and their
 * complaints with status and SLA state, the most pressing open one first. Queries only.
 */
export async function screenPop(e164: string, now = new Date()): Promise<ScreenPopCustomer[]> {
  const customers = await customersByPhone(e164);
  return Promise.all(customers.map(async (customer) => {
    const [documents, complaints] = await Promise.all([
      customerHistory<SalesDocument>(customer.code, 'DOC#', 5),
      customerHistory<Complaint>(customer.code, 'COMPLAINT#', 20),
    ]);
    const summaries = complaints.map((c): ComplaintSummary => ({
      complaintId: c.complaintId, status: c.status, urgency: c.urgency, category: c.category, receivedAt: c.receivedAt,
      resolutionDueAt: c.resolutionDueAt, productName: c.productName, documentNumber: c.documentNumber, slaState: slaState(c, now),
    }));
    return {
      customer,
      recentDocuments: documents.map((d) => ({ ...d, warranty: warrantyState(d.shipDate, d.warrantyMonths, now) })),
      openComplaints: summaries.filter((c) => c.status !== 'CLOSED')
        .sort((a, b) => slaRank[a.slaState] - slaRank[b.slaState] || urgencyRank[a.urgency] - urgencyRank[b.urgency] || a.receivedAt.localeCompare(b.receivedAt)),
      recentComplaints: summaries.slice(0, 5),
    };
  }));
}
