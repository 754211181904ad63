import { apiGet } from '../api.ts';
import { duration, useLocale, useT } from '../i18n.ts';
import type { EmailRow, Page } from '../types.ts';
import { Loaded, useLoad } from './Loadable.tsx';

/** Emails waiting for an agent (GET /queues/email-intake): sender, subject, customer match, age. */
export default function EmailIntake() {
  const t = useT();
  const locale = useLocale();
  const emails = useLoad(() => apiGet<Page<EmailRow>>('/queues/email-intake?limit=100'), []);
  return (
    <main>
      <h1>{t('emailIntake')}</h1>
      <Loaded state={emails}>
        {(page) => page.items.length === 0 ? <p className="empty">{t('noEmails')}</p> : (
          <table>
            <thead><tr><th scope="col">{t('from')}</th><th scope="col">{t('subject')}</th><th scope="col">{t('match')}</th><th scope="col">{t('attachments')}</th><th scope="col">{t('age')}</th></tr></thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.inboundId}>
                  <td>{r.from?.name ? `${r.from.name} <${r.from.address}>` : r.from?.address}{!r.senderVerified && <> <span className="warning">({t('unverified')})</span></>}</td>
                  <td>{r.subject}{r.note && <><br /><small>{r.note}</small></>}</td>
                  <td>{r.match.kind === 'CUSTOMER' ? `${r.match.customerName ?? ''} (${r.match.customerCode})` : r.match.kind === 'AMBIGUOUS' ? t('ambiguous') : t('unmatched')}</td>
                  <td>{t('attachmentsCount', { count: r.attachments.accepted })}</td>
                  <td>{duration(r.ageMinutes * 60_000, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </main>
  );
}
