import type { CapaUpdate } from '../api/contract.ts';
import { applyCapa, newOwners } from '../domain/capa.ts';
import { grantFor } from '../api/access.ts';
import { conflict, forbidden, invalidField } from '../domain/errors.ts';
import type { Person } from '../domain/model.ts';
import { getCapa, saveCapa, staleVersion, type StoredCapa } from '../store/capa.ts';
import { getComplaint, listTasks } from '../store/complaints.ts';
import { getPeople } from '../store/master-data.ts';
import { resumeStep } from '../workflow/sfn.ts';

/** The complaint's CAPA (version 0 and no `capa` until recorded); 404 for an unknown complaint. */
export async function readCapa(complaintId: string): Promise<StoredCapa> {
  await getComplaint(complaintId, false);
  return getCapa(complaintId);
}

/**
 * Record the CAPA (a whole replacement) on the version the caller read. The domain applies the
 * status rules and stamps who moved an action and when; owners a change names must be active
 * people; the write is refused on a closed complaint or a stale version. A change that changes
 * nothing writes nothing and answers what is recorded.
 */
export async function recordCapa(complaintId: string, update: CapaUpdate, actor: Person, now = new Date()): Promise<StoredCapa> {
  const complaint = await getComplaint(complaintId);
  if (grantFor('SaveCapa', actor.roles) !== 'ALL') {
    // The access matrix lets task assignees in (OWN); of them, only the investigation's.
    const tasks = await listTasks(complaintId);
    if (!tasks.some((t) => t.investigation && t.assigneeId === actor.personId)) {
      throw forbidden('only a quality manager or the assignee of the investigation task records the CAPA');
    }
  }
  if (complaint.status === 'CLOSED') throw conflict(`complaint ${complaintId} is closed; its CAPA no longer changes`);
  const stored = await getCapa(complaintId);
  if (stored.version !== update.expectedVersion) throw staleVersion(update.expectedVersion);
  const { capa, changes } = applyCapa(stored.capa, update.capa, actor, now);
  const owners = newOwners(stored.capa, update.capa);
  if (owners.length) {
    const people = await getPeople(owners.map((o) => o.ownerId));
    for (const { index, ownerId } of owners) {
      if (!people.some((p) => p.personId === ownerId && p.active !== false)) {
        throw invalidField(`body.capa.preventiveActions.${index}.ownerId`, `no active person ${ownerId}`);
      }
    }
  }
  if (changes.length === 0) return stored;
  const saved = await saveCapa(complaintId, capa, update.expectedVersion, {
    at: now.toISOString(), type: stored.version === 0 ? 'CAPA_RECORDED' : 'CAPA_UPDATED', actor: actor.personId,
    detail: { version: update.expectedVersion + 1, changes },
  });
  // A response waiting for the CAPA: the workflow looks again (and waits on if still incomplete).
  const after = await getComplaint(complaintId);
  if (after.status === 'AWAITING_CAPA') await resumeStep(after.stepTokens?.CAPA, {});
  return saved;
}
