import { lazy, Suspense, useEffect, useState } from 'react';
import { currentSession, signOut, type Session } from './auth.ts';
import { LOCALES, LocaleContext, translator, type Locale } from './i18n.ts';
import { accessMatrix } from '../../shared/api/access.ts';
import { Complaints } from './screens/Complaints.tsx';
import { SignIn } from './screens/SignIn.tsx';

// Each screen beyond the list is its own chunk, fetched when first opened.
const ComplaintPage = lazy(() => import('./screens/ComplaintPage.tsx'));
const MyTasks = lazy(() => import('./screens/MyTasks.tsx'));
const EmailIntake = lazy(() => import('./screens/EmailIntake.tsx'));
const Confirmations = lazy(() => import('./screens/Confirmations.tsx'));
const Reports = lazy(() => import('./screens/Reports.tsx'));

/** The lists in the menu, each shown to the roles the access matrix lets read it (shared/api/access.ts). */
const MENU = [
  { route: 'complaints', label: 'openComplaints', api: 'ListOpenComplaints' },
  { route: 'tasks', label: 'myTasks', api: 'ListMyTasks' },
  { route: 'email', label: 'emailIntake', api: 'ListEmailIntake' },
  { route: 'confirmations', label: 'awaitingConfirmation', api: 'ListAwaitingConfirmation' },
  { route: 'reports', label: 'reports', api: 'GetSlaComplianceReport' },
] as const;
const mayRead = (api: (typeof MENU)[number]['api'], roles: readonly string[]) => roles.some((r) => r in accessMatrix[api]);

const LOCALE_KEY = 'complaint-desk.locale';
const initialLocale = (): Locale => {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
};

/** Where the person is: #/complaints (the list) or #/complaints/<id>. */
function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<Session | undefined>(currentSession);
  const route = useRoute();
  const t = translator(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('appName');
    localStorage.setItem(LOCALE_KEY, locale);
  }, [locale, t]);

  const languagePicker = (
    <label className="language">
      {t('language')}{' '}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => <option key={l} value={l}>{l === 'zh-CN' ? '中文' : 'English'}</option>)}
      </select>
    </label>
  );

  return (
    <LocaleContext.Provider value={locale}>
      <header>
        <span className="brand">{t('appName')}</span>
        {languagePicker}
        {session && (
          <span className="person">
            {session.name}{' '}
            <button type="button" onClick={() => { signOut(); setSession(undefined); }}>{t('signOut')}</button>
          </span>
        )}
      </header>
      {session && (
        <nav aria-label={t('navigation')}>
          {MENU.filter((m) => mayRead(m.api, session.roles)).map((m) => (
            <a key={m.route} href={`#/${m.route}`} aria-current={(route[0] ?? 'complaints') === m.route && !route[1] ? 'page' : undefined}>{t(m.label)}</a>
          ))}
        </nav>
      )}
      {!session ? <SignIn onSignedIn={setSession} /> : (
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          {route[0] === 'complaints' && route[1] ? <ComplaintPage complaintId={route[1]} />
            : route[0] === 'tasks' ? <MyTasks />
              : route[0] === 'email' ? <EmailIntake />
                : route[0] === 'confirmations' ? <Confirmations />
                  : route[0] === 'reports' ? <Reports />
                : <Complaints />}
        </Suspense>
      )}
    </LocaleContext.Provider>
  );
}
