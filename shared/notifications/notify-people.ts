import type { Channel, Complaint, Person } from '../domain/model.ts';
import { renderMessage, type MessageEvent, type MessageFacts } from '../domain/messages.ts';
import { deliverOnce, type DeliveryOutcome } from './deliver.ts';

/** Address of a person on a channel, or undefined when they cannot be reached there. */
export function addressOf(person: Pick<Person, 'phone' | 'email'>, channel: Channel): string | undefined {
  return channel === 'SMS' ? person.phone : person.email;
}

/**
 * Tell one person about a complaint event on one channel, in the person's language. A failure is
 * thrown so the calling step retries; what was already sent is not sent again.
 */
export async function notifyPerson(args: {
  complaint: Complaint;
  person: Person;
  channel: Channel;
  event: MessageEvent;
  dedupeSuffix?: string;
  task?: MessageFacts['task'];
  tasks?: MessageFacts['tasks'];
  level?: number;
  /** A signed link for this person (made per person: it acts as them). */
  actionLink?: (person: Person) => MessageFacts['actionLink'];
  rejection?: MessageFacts['rejection'];
  hold?: MessageFacts['hold'];
  satisfaction?: MessageFacts['satisfaction'];
  senderEmail: string;
}): Promise<DeliveryOutcome | 'UNREACHABLE'> {
  const address = addressOf(args.person, args.channel);
  if (!address) return 'UNREACHABLE';
  return deliverOnce({
    complaintId: args.complaint.complaintId,
    event: args.dedupeSuffix ? `${args.event}#${args.dedupeSuffix}` : args.event,
    recipientId: args.person.personId,
    channel: args.channel,
    address,
    message: renderMessage(args.event, args.person.locale, { complaint: args.complaint, task: args.task, tasks: args.tasks, level: args.level, actionLink: args.actionLink?.(args.person), rejection: args.rejection, hold: args.hold, satisfaction: args.satisfaction }, args.channel),
    senderEmail: args.senderEmail,
  });
}

/** Every channel each person accepts; one failure does not keep the others from being sent. */
export async function notifyPeople(
  people: readonly Person[],
  base: Omit<Parameters<typeof notifyPerson>[0], 'person' | 'channel'>,
): Promise<void> {
  const sends = people.flatMap((person) => person.channels.map((channel) => notifyPerson({ ...base, person, channel })));
  const results = await Promise.allSettled(sends);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
