import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The phone-system webhook signature: `v1=` + hex HMAC-SHA256 over `<timestamp>.<raw body>` with
 * the shared secret; the timestamp is Unix seconds, sent in its own header. Signing the timestamp
 * with the body lets us refuse replays outside the window.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureVerdict = 'VALID' | 'MISSING' | 'STALE' | 'INVALID';

export function verifyWebhook(args: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: Date;
  windowSeconds: number;
}): SignatureVerdict {
  if (!args.timestamp || !args.signature) return 'MISSING';
  if (!/^\d{9,11}$/.test(args.timestamp)) return 'INVALID';
  if (Math.abs(args.now.getTime() / 1000 - Number(args.timestamp)) > args.windowSeconds) return 'STALE';
  const expected = Buffer.from(signWebhook(args.secret, args.timestamp, args.body));
  const given = Buffer.from(args.signature.trim());
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'VALID' : 'INVALID';
}
