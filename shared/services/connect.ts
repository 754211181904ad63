import type { CountryCode } from 'libphonenumber-js';
import type { CompanyPolicy } from '../domain/company-policy.ts';
import { normalizePhone } from '../domain/phone.ts';
import { screenPop, type ScreenPopCustomer } from './screen-pop.ts';

/**
 * Amazon Connect wants a flat map of string values back from a Lambda (no nesting, no numbers).
 * The contact flow reads them as $.External.<name>, e.g. to greet by name or to route callers
 * with an overdue complaint to a priority queue.
 */
export function connectAttributes(phone: string | undefined, customers: ScreenPopCustomer[]): Record<string, string> {
  const first = customers[0];
  const open = customers.flatMap((c) => c.openComplaints);
  const mostUrgent = first?.openComplaints[0];
  return {
    match: String(customers.length > 0),
    callerPhone: phone ?? '',
    customerCount: String(customers.length),
    customerCode: first?.customer.code ?? '',
    customerName: first?.customer.name ?? '',
    customerLocale: first?.customer.locale ?? '',
    openComplaintCount: String(open.length),
    mostUrgentComplaintId: mostUrgent?.complaintId ?? '',
    mostUrgentComplaintStatus: mostUrgent?.status ?? '',
    mostUrgentComplaintSlaState: mostUrgent?.slaState ?? '',
    mostUrgentComplaintUrgency: mostUrgent?.urgency ?? '',
  };
}

export async function lookupForConnect(address: string | undefined, policy: CompanyPolicy) {
  const phone = address ? normalizePhone(address, policy.defaultCountry as CountryCode) : undefined;
  return connectAttributes(phone, phone ? await screenPop(phone) : []);
}
