import type { CallEventInput } from '../api/contract.ts';
import type { CountryCode } from 'libphonenumber-js';
import type { CompanyPolicy } from '../domain/company-policy.ts';
import { DomainError, invalidField } from '../domain/errors.ts';
import { normalizePhone } from '../domain/phone.ts';
import { verifyWebhook } from '../domain/signature.ts';
import type { Person } from '../domain/model.ts';
import { getCall, getExtensionCall, putExtensionCall, recordCallEvent } from '../store/calls.ts';
import { screenPop } from './screen-pop.ts';

/** Seconds a signed request stays acceptable: refuses replays of captured requests. */
export const REPLAY_WINDOW_SECONDS = 300;
/** A call still shown as answered after this long lost its ENDED event: the console stops showing it. */
export const CALL_SHOWN_FOR_MS = 2 * 60 * 60_000;
/** Ringing this long without an answer: missed, or picked up elsewhere (a ring group, a transfer). */
export const RINGING_SHOWN_FOR_MS = 3 * 60_000;

const WITHHELD = new Set(['', 'anonymous', 'private', 'unknown', 'restricted']);

/** 401 and nothing else for a request that is not signed by the phone system, or signed too long ago. */
export function authenticatePhoneSystem(secret: string, rawBody: string, headers: Record<string, string | undefined>, now = new Date()) {
  const verdict = verifyWebhook({
    secret, body: rawBody, now, windowSeconds: REPLAY_WINDOW_SECONDS,
    timestamp: headers['x-pbx-timestamp'], signature: headers['x-pbx-signature'],
  });
  if (verdict === 'VALID') return;
  const reason = {
    MISSING: 'x-pbx-timestamp and x-pbx-signature headers are required',
    STALE: `the timestamp is outside the ${REPLAY_WINDOW_SECONDS} s window`,
    INVALID: 'the signature does not match',
  }[verdict];
  throw new DomainError('Unauthorized', reason, 401);
}

/**
 * A call event from the phone system. Recorded once per call id and event; a redelivery gets
 * the first answer again. RINGING and ANSWERED answer with the screen pop for the caller.
 */
export async function receiveCallEvent(input: CallEventInput, policy: CompanyPolicy, now = new Date()) {
  const withheld = WITHHELD.has(input.callerNumber.toLowerCase());
  const phone = withheld ? undefined : normalizePhone(input.callerNumber, policy.defaultCountry as CountryCode);
  if (!withheld && !phone) throw invalidField('body.callerNumber', `${input.callerNumber} is not a valid phone number`);

  const customers = phone && input.event !== 'ENDED' ? await screenPop(phone, now) : [];
  const response = {
    callId: input.callId,
    event: input.event,
    phone: phone ?? null,
    match: customers.length > 0,
    ...(input.event === 'ENDED' ? {} : { customers }),
  };
  const { stored } = await recordCallEvent({
    callId: input.callId, event: input.event, callerNumber: input.callerNumber, phone, agentExtension: input.agentExtension,
    occurredAt: input.occurredAt ?? now.toISOString(), receivedAt: now.toISOString(), response,
  });
  // The agent at the extension sees the call pop up (the console asks GET /calls/current). An
  // event that names no extension (a hang-up before anyone answered) ends the call at the
  // extension its earlier events named.
  const extension = input.agentExtension ?? (await getCall(input.callId))?.map((e) => e.agentExtension).find(Boolean);
  if (extension) {
    // The phone system's clock orders the events; one far off ours (a local time sent as UTC)
    // would freeze the desk until then, so such a time is taken as ours.
    const at = Date.parse(stored.occurredAt);
    const occurredAt = Math.abs(at - now.getTime()) > REPLAY_WINDOW_SECONDS * 1000 ? now.toISOString() : new Date(at).toISOString();
    await putExtensionCall({ extension, callId: input.callId, event: input.event, occurredAt, responseJson: JSON.stringify(stored.response) });
  }
  // A redelivery's answer is the first delivery's, stored as JSON: the same shape.
  return stored.response as typeof response;
}

/**
 * The call ringing or answered at the signed-in person's extension, with its screen pop; null
 * when there is none (no extension on file, no call, the call ended or is too old).
 */
export async function currentCall(person: Person, now = new Date()) {
  const extension = person.extension ?? null;
  const call = extension ? await getExtensionCall(extension) : undefined;
  const age = call ? now.getTime() - Date.parse(call.occurredAt) : Infinity;
  if (!call || call.event === 'ENDED' || age >= (call.event === 'RINGING' ? RINGING_SHOWN_FOR_MS : CALL_SHOWN_FOR_MS)) return { extension, call: null };
  const answer = JSON.parse(call.responseJson) as Awaited<ReturnType<typeof receiveCallEvent>>;
  return { extension, call: { ...answer, event: call.event, occurredAt: call.occurredAt } };
}
