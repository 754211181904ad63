import { z } from 'zod';
import { DomainError, invalidField } from './errors.ts';
import type { Category, Role } from './model.ts';
import { multiLine, optionalMultiLine, singleLine } from './text.ts';

/**
 * Corrective and preventive action (CAPA, ISO 9001 style) recorded as data on a complaint:
 * containment (what was done at once), the root cause (a 5M+E category plus text), the corrective
 * action, and preventive actions, each with an owner, a due date and a status that moves
 * PLANNED → IMPLEMENTED → VERIFIED, one step at a time, with who and when stamped by the system.
 *
 * Rules (pure; the service adds the checks that need the table):
 * - A new preventive action starts PLANNED; statuses never go back or skip a step.
 * - Only a quality manager verifies, and never the action's owner or whoever marked it
 *   implemented (four eyes).
 * - An action past PLANNED is a record of what was done: its description, owner and due date no
 *   longer change, and it cannot be removed.
 * - A new or re-dated due date lies in the future.
 * Errors name the request field (`body.capa…`).
 */

export const RootCauseCategory = z.enum(['MAN', 'MACHINE', 'MATERIAL', 'METHOD', 'MEASUREMENT', 'ENVIRONMENT'])
  .describe('The 5M+E cause category: man, machine, material, method, measurement, environment');
export type RootCauseCategory = z.infer<typeof RootCauseCategory>;

export const PreventiveActionStatus = z.enum(['PLANNED', 'IMPLEMENTED', 'VERIFIED']);
export type PreventiveActionStatus = z.infer<typeof PreventiveActionStatus>;

export const MAX_PREVENTIVE_ACTIONS = 20;
export const MAX_CAPA_TEXT = 4000;
export const MAX_ACTION_TEXT = 1000;

const instant = z.iso.datetime({ offset: true });

export const PreventiveActionInput = z.object({
  id: z.string().max(8).regex(/^PA[1-9]\d?$/, 'an action id such as PA1').describe('Chosen by the client, unique in the list (PA1 … PA99)'),
  description: multiLine(MAX_ACTION_TEXT, 'say what prevents a recurrence'),
  ownerId: singleLine(64).describe('The person who carries the action out'),
  dueAt: instant,
  status: PreventiveActionStatus.describe('PLANNED → IMPLEMENTED → VERIFIED, one step at a time; a new action starts PLANNED'),
}).strict();
export type PreventiveActionInput = z.infer<typeof PreventiveActionInput>;

export const RootCause = z.object({
  category: RootCauseCategory,
  description: multiLine(MAX_CAPA_TEXT, 'say what caused the problem'),
}).strict();
export type RootCause = z.infer<typeof RootCause>;

/** What a client sends: the whole CAPA (a replacement), sections filled in as the work goes on. */
export const CapaInput = z.object({
  containment: multiLine(MAX_CAPA_TEXT, 'say what was done at once to contain the problem'),
  rootCause: RootCause.optional(),
  correctiveAction: optionalMultiLine(MAX_CAPA_TEXT),
  preventiveActions: z.array(PreventiveActionInput).min(1).max(MAX_PREVENTIVE_ACTIONS)
    .superRefine((actions, ctx) => {
      const seen = new Set<string>();
      actions.forEach((a, i) => {
        if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${a.id} appears twice` });
        seen.add(a.id);
      });
    })
    .optional(),
}).strict();
export type CapaInput = z.infer<typeof CapaInput>;

/** A preventive action as recorded: the input plus who moved it and when. */
export const PreventiveAction = PreventiveActionInput.extend({
  implementedBy: z.string().optional(),
  implementedAt: instant.optional(),
  verifiedBy: z.string().optional(),
  verifiedAt: instant.optional(),
  /** Fed back to the customer: when the confirmed response that contained it was delivered, and which revision. */
  fedBackAt: instant.optional(),
  fedBackRevision: z.number().int().min(1).optional(),
});
export type PreventiveAction = z.infer<typeof PreventiveAction>;

export const Capa = z.object({
  containment: z.string(),
  rootCause: RootCause.optional(),
  correctiveAction: z.string().optional(),
  preventiveActions: z.array(PreventiveAction).max(MAX_PREVENTIVE_ACTIONS).optional(),
});
export type Capa = z.infer<typeof Capa>;

const NEXT: Record<PreventiveActionStatus, PreventiveActionStatus | undefined> = {
  PLANNED: 'IMPLEMENTED',
  IMPLEMENTED: 'VERIFIED',
  VERIFIED: undefined,
};

/**
 * May an action go from `from` (undefined: it is new) to `to`? Staying is always allowed; a new
 * action starts PLANNED; otherwise exactly one step forward.
 */
export function canMove(from: PreventiveActionStatus | undefined, to: PreventiveActionStatus): boolean {
  if (from === undefined) return to === 'PLANNED';
  return from === to || NEXT[from] === to;
}

export interface CapaActor { personId: string; roles: readonly Role[] }

/**
 * The CAPA after `input` is applied to what is recorded (`previous`, undefined when nothing is),
 * by `actor` at `now`, and what changed (for the timeline; empty when nothing did). Throws a
 * DomainError naming the field for a move or an edit the rules above refuse.
 */
export function applyCapa(previous: Capa | undefined, input: CapaInput, actor: CapaActor, now: Date): { capa: Capa; changes: string[] } {
  const at = now.toISOString();
  const before = new Map((previous?.preventiveActions ?? []).map((a) => [a.id, a]));
  const changes: string[] = [];
  if (previous?.containment !== input.containment) changes.push('containment');
  if (!sameRootCause(previous?.rootCause, input.rootCause)) changes.push('rootCause');
  if (previous?.correctiveAction !== input.correctiveAction) changes.push('correctiveAction');

  const actions = (input.preventiveActions ?? []).map((given, i): PreventiveAction => {
    const field = `body.capa.preventiveActions.${i}`;
    const old = before.get(given.id);
    const dueAt = new Date(given.dueAt).toISOString();
    if (old && old.status !== 'PLANNED') {
      for (const name of ['description', 'ownerId'] as const) {
        if (given[name] !== old[name]) throw locked(`${field}.${name}`, old);
      }
      if (dueAt !== old.dueAt) throw locked(`${field}.dueAt`, old);
    }
    if ((!old || dueAt !== old.dueAt) && Date.parse(dueAt) <= now.getTime()) throw invalidField(`${field}.dueAt`, 'the due date must be in the future');
    if (!canMove(old?.status, given.status)) {
      throw new DomainError('InvalidTransition', old
        ? `${given.id} is ${old.status}; it can only ${NEXT[old.status] ? `move to ${NEXT[old.status]}` : 'stay VERIFIED'}`
        : `${given.id} is new; a new action starts PLANNED`, 409, `${field}.status`);
    }
    const next: PreventiveAction = { ...old, ...given, dueAt };
    if (given.status === 'IMPLEMENTED' && old?.status === 'PLANNED') Object.assign(next, { implementedBy: actor.personId, implementedAt: at });
    if (given.status === 'VERIFIED' && old?.status === 'IMPLEMENTED') {
      if (!actor.roles.includes('QUALITY_MANAGER')) throw verifierRefused(`${field}.status`, 'only a quality manager verifies a preventive action');
      if (actor.personId === old.ownerId || actor.personId === old.implementedBy) {
        throw verifierRefused(`${field}.status`, 'a preventive action is verified by someone other than its owner and whoever implemented it');
      }
      Object.assign(next, { verifiedBy: actor.personId, verifiedAt: at });
    }
    if (!old) changes.push(`${given.id} added`);
    else {
      if (old.description !== next.description || old.ownerId !== next.ownerId || old.dueAt !== next.dueAt) changes.push(`${given.id} edited`);
      if (old.status !== next.status) changes.push(`${given.id} ${old.status} → ${next.status}`);
    }
    return next;
  });

  const kept = new Set(actions.map((a) => a.id));
  for (const old of before.values()) {
    if (kept.has(old.id)) continue;
    if (old.status !== 'PLANNED') throw locked('body.capa.preventiveActions', old, 'cannot be removed');
    changes.push(`${old.id} removed`);
  }

  const capa: Capa = {
    containment: input.containment,
    ...(input.rootCause ? { rootCause: input.rootCause } : {}),
    ...(input.correctiveAction !== undefined ? { correctiveAction: input.correctiveAction } : {}),
    ...(actions.length ? { preventiveActions: actions } : {}),
  };
  return { capa, changes };
}

/** The owners a change newly names (new actions, re-assigned ones): they must be active people. */
export function newOwners(previous: Capa | undefined, input: CapaInput): { index: number; ownerId: string }[] {
  const before = new Map((previous?.preventiveActions ?? []).map((a) => [a.id, a.ownerId]));
  return (input.preventiveActions ?? []).flatMap((a, index) => (before.get(a.id) === a.ownerId ? [] : [{ index, ownerId: a.ownerId }]));
}

const sameRootCause = (a?: RootCause, b?: RootCause) => a?.category === b?.category && a?.description === b?.description;

const locked = (field: string, action: PreventiveAction, what = 'no longer changes') =>
  new DomainError('ActionLocked', `${action.id} is ${action.status}: what was done is on record and ${what}`, 409, field);

const verifierRefused = (field: string, message: string) => new DomainError('Forbidden', message, 403, field);

/** What a response needs from the CAPA before it can be drafted, by field of the CAPA. */
export type CapaRequirement = 'rootCause' | 'preventiveActions';

/**
 * What the CAPA still lacks for a response to a complaint of `category` to be drafted, under the
 * company policy (capaRequiredFor): a root cause and at least one preventive action. Empty when
 * nothing is missing or the category requires nothing.
 */
export function missingForResponse(capa: Capa | undefined, category: Category, requiredFor: readonly Category[]): CapaRequirement[] {
  if (!requiredFor.includes(category)) return [];
  return [
    ...(capa?.rootCause ? [] : ['rootCause' as const]),
    ...(capa?.preventiveActions?.length ? [] : ['preventiveActions' as const]),
  ];
}
