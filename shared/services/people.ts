import type { Person, Role } from '../domain/model.ts';
import { forbidden, DomainError } from '../domain/errors.ts';
import { getPerson } from '../store/master-data.ts';

/** The acting person, who must hold one of `roles` (or be one of `alsoAllowed`). */
export async function requireActor(actorId: string | undefined, roles: readonly Role[], alsoAllowed: readonly string[] = []): Promise<Person> {
  if (!actorId) throw new DomainError('Unauthenticated', 'the request names no person (x-person-id)', 403, 'header.x-person-id');
  const person = await getPerson(actorId);
  if (!person) throw forbidden(`person ${actorId} is not known`);
  if (!alsoAllowed.includes(person.personId) && !person.roles.some((r) => roles.includes(r))) {
    throw forbidden(`${person.name} (${person.personId}) may not do this; it needs one of: ${[...roles, ...alsoAllowed].join(', ')}`);
  }
  return person;
}

/** Everyone on the staff who may look at complaints and callers. */
export const STAFF_ROLES = [
  'SERVICE_AGENT', 'SERVICE_MANAGER', 'QUALITY_MANAGER', 'SALES', 'SALES_MANAGER', 'PURCHASING_MANAGER', 'GENERAL_MANAGER', 'TASK_ASSIGNEE',
] as const;
