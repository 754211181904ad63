import type { Category, Channel, Person, Role } from './model.ts';

/**
 * Who is told at once when a complaint is submitted. Source: a product-quality complaint goes at
 * the same time to the sales, quality, purchasing and general managers.
 */
export const routedRoles: Record<Category, readonly Role[]> = {
  PRODUCT_QUALITY: ['SALES_MANAGER', 'QUALITY_MANAGER', 'PURCHASING_MANAGER', 'GENERAL_MANAGER'],
  DELIVERY: ['SALES_MANAGER', 'SERVICE_MANAGER'],
  SERVICE: ['SERVICE_MANAGER'],
  BILLING: ['SALES_MANAGER', 'SERVICE_MANAGER'],
  OTHER: ['SERVICE_MANAGER'],
};

export interface Recipient {
  readonly personId: string;
  readonly channel: Channel;
}

/** One entry per person × channel the person accepts and can be reached on; no duplicates. */
export function recipientsFor(people: readonly Person[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const person of people) {
    for (const channel of person.channels) {
      const reachable = channel === 'SMS' ? Boolean(person.phone) : Boolean(person.email);
      const key = `${person.personId}#${channel}`;
      if (reachable && !seen.has(key)) {
        seen.add(key);
        out.push({ personId: person.personId, channel });
      }
    }
  }
  return out;
}
