import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 form of a caller number, or undefined when it is not a valid number. */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'CN'): string | undefined {
  const cleaned = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
