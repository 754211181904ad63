import { accessMatrix, grantFor, PERSONAL_LISTS, type StaffRouteId } from '../api/access.ts';
import type { Person, Role } from '../domain/model.ts';
import { DomainError, forbidden } from '../domain/errors.ts';
import { getPerson } from '../store/master-data.ts';
import { getComplaint, listTasks } from '../store/complaints.ts';

/**
 * The signed-in person, from the person id the verified token carries. Roles are never taken from
 * the token: the person record decides, read on every request, so a disabled person or a removed
 * role counts from the next request on. Unknown or disabled is 401 (the identity is no longer
 * good here); nothing in the message names anyone.
 */
export async function signedInPerson(personId: string | undefined): Promise<Person> {
  if (!personId) throw unauthorized('sign in: this request carries no signed-in person');
  const person = await getPerson(personId);
  if (!person || person.active === false) throw unauthorized('this account is not known here or not active; ask a master-data administrator');
  return person;
}

const unauthorized = (message: string) => new DomainError('Unauthorized', message, 401);

/** What OWN means for each role that is granted it (shared/api/access.ts). */
const OWN_TIES: Partial<Record<Role, 'holdsTask' | 'salespersonOfOrder'>> = {
  TASK_ASSIGNEE: 'holdsTask',
  SALES: 'salespersonOfOrder',
};

/**
 * May this person call this route on these items? ALL passes; OWN passes when the person is tied
 * to the complaint the path names. A complaint that does not exist is refused like one that is
 * not theirs, so OWN callers cannot probe which numbers exist.
 */
export async function authorize(route: StaffRouteId, person: Person, params: { complaintId?: string; taskId?: string }): Promise<void> {
  const grant = grantFor(route, person.roles);
  if (grant === 'ALL') return;
  if (grant === 'OWN' && !params.complaintId && PERSONAL_LISTS.has(route)) return;
  if (grant === 'OWN' && params.complaintId) {
    const ties = person.roles.filter((role) => accessMatrix[route][role] === 'OWN').map((role) => OWN_TIES[role]);
    if (await isTied(person.personId, params.complaintId, ties, params.taskId)) return;
  }
  throw forbidden(grant === 'OWN' ? 'you may do this only on complaints you are part of' : 'your roles do not allow this');
}

async function isTied(personId: string, complaintId: string, ties: (string | undefined)[], taskId?: string): Promise<boolean> {
  const complaint = await getComplaint(complaintId, false).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'NotFound') return undefined;
    throw error;
  });
  if (!complaint) return false;
  if (ties.includes('salespersonOfOrder') && complaint.salespersonId === personId) return true;
  if (ties.includes('holdsTask')) {
    const tasks = await listTasks(complaintId);
    return tasks.some((t) => t.assigneeId === personId && (taskId === undefined || t.taskId === taskId));
  }
  return false;
}
