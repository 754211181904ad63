import type { Capa } from '../domain/capa.ts';
import type { Complaint, ComplaintTask } from '../domain/model.ts';
import {
  canonical, capaFacts, complaintFacts, counterDelta, isLaterSequence, taskMark, taskView, taskViewCounters, viewCounters, withComplaint,
  type ComplaintView, type TaskView,
} from '../domain/projections.ts';
import { firstSentAt, readTaskView, readTaskViews, readView, writeProjections } from '../store/projections.ts';
import { getCapa } from '../store/capa.ts';
import { getComplaint, listTasks } from '../store/complaints.ts';

/**
 * The projection consumer's work for one changed item of a complaint's partition (a DynamoDB
 * stream record): fold the item's new image into the complaint's view (and its task's view),
 * and move the report counters by the difference, in one transaction. Safe to repeat: an image
 * whose sequence number is not later than the one folded in changes nothing.
 */
export interface SourceChange {
  complaintId: string;
  /** The changed item's sort key: COMPLAINT, CAPA, TASK#<id> or DELIVERY#<…>. */
  sortKey: string;
  /** The item after the change; undefined when it was deleted. */
  image?: Record<string, unknown>;
  /** The stream record's sequence number (increases with every change of the item). */
  sequence: string;
}

export type ProjectionOutcome = 'APPLIED' | 'ALREADY_APPLIED' | 'UNCHANGED' | 'NOT_PROJECTED';


const MAX_ATTEMPTS = 8;
/** Between attempts that lost a race (the same view, or a hot counter row): a random pause up to a growing cap. */
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 20 * 2 ** attempt)));

export async function projectChange(change: SourceChange): Promise<ProjectionOutcome> {
  const kind = sourceKind(change.sortKey);
  if (!kind) return 'NOT_PROJECTED';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const outcome = await attemptProjection(kind, change);
    if (outcome !== 'RETRY') return outcome;
    await backOff(attempt);
  }
  throw new Error(`projection of ${change.complaintId} ${change.sortKey}: the view kept changing under ${MAX_ATTEMPTS} attempts`);
}

function sourceKind(sortKey: string) {
  if (sortKey === 'COMPLAINT') return 'complaint' as const;
  if (sortKey === 'CAPA') return 'capa' as const;
  if (sortKey.startsWith('TASK#')) return 'task' as const;
  if (sortKey.startsWith('DELIVERY#')) return 'delivery' as const;
  return undefined;
}

const emptyView = (complaintId: string): ComplaintView => ({ complaintId, tasks: {}, seq: {}, version: 0 });

async function attemptProjection(kind: NonNullable<ReturnType<typeof sourceKind>>, change: SourceChange): Promise<ProjectionOutcome | 'RETRY'> {
  const stored = await readView(change.complaintId);
  const before = stored ?? emptyView(change.complaintId);
  const view: ComplaintView = structuredClone(before);
  let changedTasks: TaskChange[] = [];

  switch (kind) {
    case 'complaint': {
      if (!isLaterSequence(change.sequence, before.seq.complaint)) return 'ALREADY_APPLIED';
      view.seq.complaint = change.sequence;
      // A complaint item is never deleted; if it were, its view would keep the last facts.
      if (change.image) view.complaint = complaintFacts(change.image as unknown as Complaint);
      // Open tasks' rows show the complaint's customer, urgency and hold: refresh those that differ
      // (read only when those facts changed: most complaint changes leave them alone).
      const facts = view.complaint && withComplaint(view.complaint);
      if (facts && (!before.complaint || canonical(withComplaint(before.complaint)) !== canonical(facts))) {
        changedTasks = (await readTaskViews(change.complaintId))
          .filter((tv) => tv.status === 'OPEN' && canonical(tv.complaint) !== canonical(facts))
          .map((tv) => ({ before: tv, after: { ...tv, complaint: facts } }));
      }
      break;
    }
    case 'capa': {
      if (!isLaterSequence(change.sequence, before.seq.capa)) return 'ALREADY_APPLIED';
      view.seq.capa = change.sequence;
      // The item holds the CAPA under `capa`, beside its version (shared/store/capa.ts).
      const capa = (change.image as { capa?: Capa } | undefined)?.capa;
      view.capa = capa ? capaFacts(capa) : undefined;
      break;
    }
    case 'task': {
      const taskId = change.sortKey.slice('TASK#'.length);
      const previous = await readTaskView(change.complaintId, taskId);
      if (previous && !isLaterSequence(change.sequence, previous.seq)) return 'ALREADY_APPLIED';
      if (!change.image) return 'NOT_PROJECTED'; // tasks are never deleted
      const task = change.image as unknown as ComplaintTask;
      view.tasks[taskId] = taskMark(task);
      changedTasks = [{ before: previous, after: taskView(task, view.complaint, change.sequence) }];
      break;
    }
    case 'delivery': {
      const sentAt = change.image?.status === 'SENT' ? change.image.sentAt : undefined;
      if (typeof sentAt !== 'string') return 'NOT_PROJECTED';
      if (before.firstNotifiedAt && before.firstNotifiedAt <= sentAt) return 'ALREADY_APPLIED';
      view.firstNotifiedAt = sentAt;
      break;
    }
  }

  return commit(stored, view, changedTasks);
}

type TaskChange = { before?: TaskView; after: TaskView };

/**
 * Write a complaint's new view, the task views that changed and the counters' difference, under
 * the version the view was read at; nothing when no projection would change. Most changes of a
 * complaint item are of no interest to a queue (a step parking its token), and skipping them is
 * safe: an older image coming later is still refused by the sequence kept, a newer one is
 * compared again.
 */
async function commit(stored: ComplaintView | undefined, view: ComplaintView, tasks: readonly TaskChange[]): Promise<'APPLIED' | 'UNCHANGED' | 'RETRY'> {
  const before = stored ?? emptyView(view.complaintId);
  const changed = tasks.filter((t) => !t.before || canonical({ ...t.before, seq: '' }) !== canonical({ ...t.after, seq: '' }));
  if (stored && changed.length === 0 && canonical(withoutBookkeeping(view)) === canonical(withoutBookkeeping(before))) return 'UNCHANGED';
  const counters = counterDelta([], [ // one update per report row (a transaction may not touch an item twice)
    ...counterDelta(viewCounters(before), viewCounters(view)),
    ...changed.flatMap((t) => counterDelta(t.before ? taskViewCounters(t.before) : [], taskViewCounters(t.after))),
  ]);
  const written = await writeProjections({ view: { ...view, version: before.version + 1 }, readVersion: stored?.version, taskViews: changed.map((t) => t.after), counters });
  return written ? 'APPLIED' : 'RETRY';
}

 /**
 * Rebuild a complaint's projections from its items as they are now (the backfill; a repair after
 * records the consumer gave up on): the view, its task views and the counters' difference, when
 * anything differs from what is stored. A done task's row keeps the complaint facts it was last
 * written with, as the stream consumer leaves it.
 */
export async function rebuildProjection(complaintId: string): Promise<'APPLIED' | 'UNCHANGED'> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // The view first, then the items: a consumer write in between changes the view's version, so
    // the write below fails and the rebuild reads again (never an old state under a new version).
    const [stored, storedTasks] = await Promise.all([readView(complaintId), readTaskViews(complaintId)]);
    const [complaint, capa, tasks, notifiedAt] = await Promise.all([
      getComplaint(complaintId), getCapa(complaintId), listTasks(complaintId), firstSentAt(complaintId),
    ]);
    const facts = complaintFacts(complaint);
    const view: ComplaintView = {
      complaintId, complaint: facts, ...(capa.capa ? { capa: capaFacts(capa.capa) } : {}),
      tasks: Object.fromEntries(tasks.map((t) => [t.taskId, taskMark(t)])),
      ...(notifiedAt ? { firstNotifiedAt: notifiedAt } : {}),
      // The items as they are now supersede every record so far; any record still in flight carries
      // an image no newer than these, and the item's last record its newest. So the sequence guard
      // starts over (which also survives a recreated stream, whose numbers may start lower).
      seq: {}, version: stored?.version ?? 0,
    };
    const previous = new Map(storedTasks.map((t) => [t.taskId, t]));
    const taskChanges = tasks.map((task): TaskChange => {
      const old = previous.get(task.taskId);
      const fresh = taskView(task, facts, '0');
      return { before: old, after: task.status === 'DONE' && old ? { ...fresh, complaint: old.complaint } : fresh };
    });
    const outcome = await commit(stored, view, taskChanges);
    if (outcome !== 'RETRY') return outcome;
    await backOff(attempt);
  }
  throw new Error(`rebuilding the projection of ${complaintId}: the view kept changing under ${MAX_ATTEMPTS} attempts`);
}

const withoutBookkeeping = ({ seq: _seq, version: _version, ...rest }: ComplaintView) => rest;
