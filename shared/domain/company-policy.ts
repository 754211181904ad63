import { z } from 'zod';
import { Category } from './model.ts';
import { parseSettings } from './settings.ts';

/** Optional complaint fields that a company may make mandatory at intake. */
export const IntakeField = z.enum(['customerRequirements', 'contactName', 'contactPhone', 'preferredVisitTime', 'callId']);
export type IntakeField = z.infer<typeof IntakeField>;

/**
 * The per-company rules of intake and master data. Each company deploys its own copy of the
 * system, so the policy is deployment configuration: CDK context `companyPolicy` (cdk.json),
 * validated at synth and again at every cold start (env COMPANY_POLICY).
 */
export const CompanyPolicy = z.object({
  /** Fields the agent must fill in besides the document number and the description. */
  requiredFields: z.array(IntakeField).default(['customerRequirements']),
  descriptionMinLength: z.number().int().min(1).max(500).default(10),
  /** Structured customer codes, e.g. SY001: letters for the region, digits for the sequence. */
  customerCodePattern: z.string().default('^[A-Z]{2,4}[0-9]{3,6}$').refine((p) => {
    try { new RegExp(p); return true; } catch { return false; }
  }, 'not a valid regular expression'),
  /** Country assumed for caller numbers written without an international prefix. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('CN'),
  /**
   * Complaints of these categories get no response drafted before their CAPA names a root cause
   * and at least one preventive action (ISO 9001: a product defect is answered with its cause and
   * what prevents it, not only with what was done). The complaint waits for it (AWAITING_CAPA).
   */
  capaRequiredFor: z.array(Category).max(Category.options.length).default(['PRODUCT_QUALITY']),
  /** The company's time zone: complaint numbers restart each year in it. */
  timeZone: z.string().default('Asia/Shanghai').refine((tz) => {
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
  }, 'not an IANA time zone'),
});
export type CompanyPolicy = z.infer<typeof CompanyPolicy>;

export const parseCompanyPolicy = (raw: unknown): CompanyPolicy => parseSettings(CompanyPolicy, raw, 'company policy');

/** The calendar year of `at` in the company's time zone. */
export function companyYear(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}
