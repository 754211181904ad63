import { z } from 'zod';

/**
 * Text people type, bounded and printable. `singleLine` refuses every control character, so a
 * value made only of NULs or escapes cannot pass for content; `multiLine` allows line breaks and
 * tabs. Both trim, and a required value must keep at least one visible character.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|\r(?!\n)/;
// (The bidirectional embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 count as
// control characters: in an SMS or an email they can make text read differently from what it
// is, "Trojan Source" style; neither Chinese nor English text needs them.)
// Visible: neither whitespace, a control character, nor a format character (\p{Cf}: zero-width
// space and joiners, word joiner, soft hyphen, direction marks). A value made only of those
// shows nothing, so it cannot pass for a title, a reason or a call id (found by
// test/integration/fuzz.test.ts).
const VISIBLE = /[^\s\p{Cc}\p{Cf}]/u;

/** A string that is valid Unicode: a lone surrogate cannot be stored as UTF-8 or sent by SMS. */
const wellFormed = () => z.string().refine((s) => (s as string & { isWellFormed(): boolean }).isWellFormed(), { message: 'not valid Unicode text', abort: true });

export function singleLine(max: number, required = 'required') {
  return wellFormed().trim().max(max).refine((s) => !CONTROL.test(s), { message: 'control characters are not allowed', abort: true })
    .refine((s) => VISIBLE.test(s), required);
}

export function multiLine(max: number, required = 'required') {
  return wellFormed().trim().max(max).refine((s) => !CONTROL_BUT_LINES.test(s), { message: 'control characters other than line breaks and tabs are not allowed', abort: true })
    .refine((s) => VISIBLE.test(s), required);
}

/** Optional text: absent, empty or blank is "not given" (undefined); otherwise as singleLine/multiLine. */
export function optionalSingleLine(max: number) {
  return wellFormed().trim().max(max).refine((s) => !CONTROL.test(s), 'control characters are not allowed')
    .transform((s) => (VISIBLE.test(s) ? s : undefined)).optional();
}

export function optionalMultiLine(max: number) {
  return wellFormed().trim().max(max).refine((s) => !CONTROL_BUT_LINES.test(s), 'control characters other than line breaks and tabs are not allowed')
    .transform((s) => (VISIBLE.test(s) ? s : undefined)).optional();
}
