import { duration, useLocale, useT } from '../i18n.ts';

/** The SLA clock: time left to the deadline, or how long it is overdue. */
export function SlaClock({ dueAt, now = Date.now() }: { dueAt?: string; now?: number }) {
  const t = useT();
  const locale = useLocale();
  if (!dueAt) return <span className="sla none">{t('slaNone')}</span>;
  const left = Date.parse(dueAt) - now;
  return left >= 0
    ? <span className="sla ok">{t('slaLeft', { time: duration(left, locale) })}</span>
    : <span className="sla overdue">{t('slaOverdue', { time: duration(-left, locale) })}</span>;
}
