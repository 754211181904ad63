import type { Channel, Person } from './model.ts';

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
