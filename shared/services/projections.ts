import type { Capa } from '../domain/capa.ts';
import type { Complaint, ComplaintTask } from '../domain/model.ts';
import {
  canonical, capaFacts, complaintFacts, counterDelta, isLaterSequence, taskMark, taskView, taskViewCounters, viewCounters, withComplaint,
  type ComplaintView, type Counter, type TaskView,
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
  let changedTasks: { before?: TaskView; after: TaskView }[] = [];

  switch (kind) {
    case 'complaint': {
      if (!isLaterSequence(change.sequence, before.seq.complaint)) return 'ALREADY_APPLIED';
      view.seq.complaint = change.sequence;
      // A complaint item is never deleted; if it were, its view would keep the last facts.
      if (change.image) view.complaint = complaintFacts(change.image as unknown as Complaint);
      // Open tasks' rows show the complaint's customer, urgency and hold: refresh those that differ.
      if (view.complaint) {
        const facts = withComplaint(view.complaint);
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

  // Most changes of a complaint item are of no interest to a queue (a step parking its token): when
  // no projection would change, nothing is written. Safe to skip: an older image coming later is
  // still refused by the sequence kept, and a newer one is compared again.
  const sameView = canonical(withoutBookkeeping(view)) === canonical(withoutBookkeeping(before));
  const sameTasks = changedTasks.every((t) => t.before && canonical({ ...t.before, seq: '' }) === canonical({ ...t.after, seq: '' }));
  if (stored && sameView && sameTasks) return 'UNCHANGED';

  view.version = before.version + 1;
  const counters: Counter[] = [
    ...counterDelta(viewCounters(before), viewCounters(view)),
    ...changedTasks.flatMap((t) => counterDelta(t.before ? taskViewCounters(t.before) : [], taskViewCounters(t.after))),
  ];
  const written = await writeProjections({
    view, readVersion: stored?.version, taskViews: changedTasks.map((t) => t.after), counters: mergeCounters(counters),
  });
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
    const before = stored ?? emptyView(complaintId);
    const facts = complaintFacts(complaint);
    const view: ComplaintView = {
      complaintId, complaint: facts, ...(capa.capa ? { capa: capaFacts(capa.capa) } : {}),
      tasks: Object.fromEntries(tasks.map((t) => [t.taskId, taskMark(t)])),
      ...(notifiedAt ? { firstNotifiedAt: notifiedAt } : {}),
      // The items as they are now supersede every record so far; any record still in flight carries
      // an image no newer than these, and the item's last record its newest. So the sequence guard
      // starts over (which also survives a recreated stream, whose numbers may start lower).
      seq: {}, version: before.version,
    };
    const previous = new Map(storedTasks.map((t) => [t.taskId, t]));
    const changedTasks = tasks.map((task) => {
      const old = previous.get(task.taskId);
      const fresh = taskView(task, facts, '0');
      return { before: old, after: task.status === 'DONE' && old ? { ...fresh, complaint: old.complaint } : fresh };
    }).filter((t) => !t.before || canonical({ ...t.before, seq: '' }) !== canonical({ ...t.after, seq: '' }));
    if (stored && changedTasks.length === 0 && canonical(withoutBookkeeping(view)) === canonical(withoutBookkeeping(before))) return 'UNCHANGED';
    view.version = before.version + 1;
    const counters = mergeCounters([
      ...counterDelta(viewCounters(before), viewCounters(view)),
      ...changedTasks.flatMap((t) => counterDelta(t.before ? taskViewCounters(t.before) : [], taskViewCounters(t.after))),
    ]);
    if (await writeProjections({ view, readVersion: stored?.version, taskViews: changedTasks.map((t) => t.after), counters })) return 'APPLIED';
    await backOff(attempt);
  }
  throw new Error(`rebuilding the projection of ${complaintId}: the view kept changing under ${MAX_ATTEMPTS} attempts`);
}

const withoutBookkeeping = ({ seq: _seq, version: _version, ...rest }: ComplaintView) => rest;

/** One update per report row (a transaction may not touch an item twice). */
function mergeCounters(counters: readonly Counter[]): Counter[] {
  return counterDelta([], counters);
}
