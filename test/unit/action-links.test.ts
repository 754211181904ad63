import { describe, expect, it } from 'vitest';
import { linkUseKey, parseKeyRing, signActionLink, verifyActionLink, type ActionGrant } from '../../shared/domain/action-links.ts';

const now = new Date('2026-11-26T08:00:00Z');
const grant: ActionGrant = { p: 'SALES_CONFIRMATION', c: 'CMP-2026-000001', r: 2, s: 'sales.li', e: now.getTime() / 1000 + 3600 };
const k1 = 'a'.repeat(40);
const k2 = 'b'.repeat(40);

describe('signed action links', () => {
  it('verify with the key that signed them, and say what they grant', () => {
    const ring = parseKeyRing(JSON.stringify({ current: 'k1', k1 }));
    expect(verifyActionLink(ring, signActionLink(ring, grant), now)).toEqual({ ok: true, grant });
  });

  it('refuse an altered payload, an altered signature, a foreign key and garbage', () => {
    const ring = parseKeyRing(JSON.stringify({ current: 'k1', k1 }));
    const [v, kid, payload, sig] = signActionLink(ring, grant).split('.');
    const other = Buffer.from(JSON.stringify({ ...grant, s: 'gm.chen' })).toString('base64url');
    expect(verifyActionLink(ring, [v, kid, other, sig].join('.'), now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyActionLink(ring, [v, kid, payload, `${sig!.slice(0, -2)}AA`].join('.'), now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    const foreign = parseKeyRing(JSON.stringify({ current: 'k1', k1: k2 }));
    expect(verifyActionLink(ring, signActionLink(foreign, grant), now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyActionLink(ring, 'v1.k1.e30', now)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyActionLink(ring, 'hello', now)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('expire at their deadline', () => {
    const ring = parseKeyRing(JSON.stringify({ current: 'k1', k1 }));
    const token = signActionLink(ring, grant);
    expect(verifyActionLink(ring, token, new Date(grant.e * 1000 - 1)).ok).toBe(true);
    expect(verifyActionLink(ring, token, new Date(grant.e * 1000))).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('survive a key rotation while the old key stays in the ring, and die when it leaves', () => {
    const before = parseKeyRing(JSON.stringify({ current: 'k1', k1 }));
    const during = parseKeyRing(JSON.stringify({ current: 'k2', k1, k2 }));
    const after = parseKeyRing(JSON.stringify({ current: 'k2', k2 }));
    const old = signActionLink(before, grant);
    expect(verifyActionLink(during, old, now).ok).toBe(true);
    expect(signActionLink(during, grant).split('.')[1]).toBe('k2');
    expect(verifyActionLink(after, old, now)).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  it('take a bare secret as a ring of one key, and refuse a ring that names a missing or short key', () => {
    expect(parseKeyRing(k1)).toEqual({ current: 'k1', keys: { k1 } });
    expect(() => parseKeyRing(JSON.stringify({ current: 'k3', k1 }))).toThrow(/current/);
    expect(() => parseKeyRing(JSON.stringify({ current: 'k1', k1: 'short' }))).toThrow(/24/);
    expect(() => parseKeyRing('short')).toThrow(/24/);
    expect(() => parseKeyRing(JSON.stringify({ current: 'k.1', 'k.1': k1 }))).toThrow(/key ids/);
  });

  it('never look a key id up on the prototype', () => {
    const ring = parseKeyRing(JSON.stringify({ current: 'k1', k1 }));
    const [, , payload, sig] = signActionLink(ring, grant).split('.');
    for (const kid of ['constructor', '__proto__', 'toString']) {
      expect(verifyActionLink(ring, ['v1', kid, payload, sig].join('.'), now)).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
    }
  });

  it('are used once per purpose, complaint, revision and person', () => {
    expect(linkUseKey(grant)).toBe('SALES_CONFIRMATION#CMP-2026-000001#2#sales.li');
  });
});
