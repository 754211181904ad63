import type { PreventiveActionStatus, RootCauseCategory } from './capa.ts';
import type { Customer } from './model.ts';

type Locale = Customer['locale'];

/**
 * The 5M+E categories as a customer reads them. In Chinese quality practice they are 人、机、料、
 * 法、测、环; the two-character forms below are how they are written in an 8D report.
 */
export const ROOT_CAUSE_CATEGORY_LABELS: Record<Locale, Record<RootCauseCategory, string>> = {
  'zh-CN': { MAN: '人员', MACHINE: '设备', MATERIAL: '材料', METHOD: '方法', MEASUREMENT: '测量', ENVIRONMENT: '环境' },
  en: { MAN: 'Man', MACHINE: 'Machine', MATERIAL: 'Material', METHOD: 'Method', MEASUREMENT: 'Measurement', ENVIRONMENT: 'Environment' },
};

export const ACTION_STATUS_LABELS: Record<Locale, Record<PreventiveActionStatus, string>> = {
  'zh-CN': { PLANNED: '计划中', IMPLEMENTED: '已实施', VERIFIED: '已验证' },
  en: { PLANNED: 'planned', IMPLEMENTED: 'implemented', VERIFIED: 'verified' },
};

/** The company's time zone for a complaint's dates: its business calendar's, else the default. */
export const companyTimeZone = (c: { sla?: { calendar: { timeZone: string } } }) => c.sla?.calendar.timeZone ?? 'Asia/Shanghai';

/** A day as the customer writes it: 2026年3月11日, or 11 March 2026. */
export function formatDay(at: Date | string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone, dateStyle: 'long' }).format(new Date(at));
}
