import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed action links: one action, by one person, on one item, until a deadline, once. The link
 * carries `v1.<key id>.<payload>.<signature>`: the payload (base64url JSON) says what may be done,
 * the signature is HMAC-SHA256 over everything before it with the key named by the key id. The
 * keys are a key ring, so a new key can be introduced while links signed with the old one are
 * still out (README: Signed action links, rotation).
 *
 * Single use is not in the token: the action records the link's `use` key in the same
 * transaction as its effect, with a condition that it was not recorded before.
 */
// SATISFACTION: the customer's follow-up answer; `r` is the handling round, `s` the customer's code.
export const ActionPurpose = z.enum(['SALES_CONFIRMATION', 'RESPONSE_DOCUMENTS', 'SATISFACTION']);
export type ActionPurpose = z.infer<typeof ActionPurpose>;

const Payload = z.object({
  /** What the link may do. */
  p: ActionPurpose,
  /** The complaint. */
  c: z.string().min(1).max(64),
  /** The response revision it is about (a new revision needs a new link). */
  r: z.number().int().min(1),
  /** The person it acts as (for the customer's download link: the customer's code). */
  s: z.string().min(1).max(64),
  /** Expiry, Unix seconds. */
  e: z.number().int(),
}).strict();
export type ActionGrant = z.infer<typeof Payload>;

/** `{"current":"k2","k2":"…","k1":"…"}`; a bare string is a ring of one key named k1. */
export interface KeyRing { current: string; keys: Record<string, string> }

const MIN_KEY_LENGTH = 24;

export function parseKeyRing(secret: string): KeyRing {
  let json: unknown;
  try { json = JSON.parse(secret); } catch { json = undefined; }
  const { current, ...keys } = json && typeof json === 'object' ? json as Record<string, unknown> : { current: 'k1', k1: secret };
  const named = typeof current === 'string' && Object.hasOwn(keys, current);
  const wellFormed = Object.entries(keys).every(([id, k]) => /^[A-Za-z0-9_-]{1,32}$/.test(id) && typeof k === 'string' && k.length >= MIN_KEY_LENGTH);
  if (!named || !wellFormed) {
    throw new Error(`invalid configuration: the action-link key ring needs "current" naming one of its keys; key ids are letters, digits, _ or -, each key at least ${MIN_KEY_LENGTH} characters`);
  }
  return { current: current as string, keys: keys as Record<string, string> };
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const mac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export function signActionLink(ring: KeyRing, grant: ActionGrant): string {
  const head = `v1.${ring.current}.${b64(JSON.stringify(Payload.parse(grant)))}`;
  return `${head}.${mac(ring.keys[ring.current]!, head)}`;
}

export type LinkVerdict = { ok: true; grant: ActionGrant } | { ok: false; reason: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'EXPIRED' };

export function verifyActionLink(ring: KeyRing, token: string, now: Date): LinkVerdict {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return { ok: false, reason: 'MALFORMED' };
  const [, kid, payload, signature] = parts as [string, string, string, string];
  // Own keys only: a key id such as "constructor" must not reach the prototype.
  if (!Object.hasOwn(ring.keys, kid)) return { ok: false, reason: 'UNKNOWN_KEY' };
  const key = ring.keys[kid]!;
  const expected = Buffer.from(mac(key, `v1.${kid}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'BAD_SIGNATURE' };
  let parsed: z.ZodSafeParseResult<ActionGrant>;
  try {
    parsed = Payload.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'MALFORMED' };
  }
  if (!parsed.success) return { ok: false, reason: 'MALFORMED' };
  if (parsed.data.e * 1000 <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, grant: parsed.data };
}

/** The key under which the use of a link is recorded: one use per purpose, item, revision and person. */
export const linkUseKey = (g: ActionGrant) => `${g.p}#${g.c}#${g.r}#${g.s}`;

/** How long a salesperson's confirmation link stays good. */
export const SALES_LINK_HOURS = 72;

/** How long the customer's link to download the response documents stays good. */
export const RESPONSE_LINK_DAYS = 30;
