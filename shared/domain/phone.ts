import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const NOTATION = /^[\p{Nd}\s+＋().（）\/‐–-]+$/u;

/** E.164 form of a caller number, or undefined when it is not a valid number. */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'CN'): string | undefined {
  // Digits (also full-width ones) and the usual separators only: libphonenumber finds a number
  // inside any text ("x13800138000", "call 138…"), which made junk a valid caller (fuzz.test.ts).
  if (!NOTATION.test(raw)) return undefined;
  const cleaned = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
