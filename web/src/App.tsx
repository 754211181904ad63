import { Component, lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { currentSession, signOut, type Session } from './auth.ts';
import { SESSION_ENDED } from './api.ts';
import { LOCALES, LocaleContext, translator, type Locale } from './i18n.ts';
import { grantFor } from '../../shared/api/access.ts';
import type { Role } from '../../shared/domain/model.ts';
import { Complaints } from './screens/Complaints.tsx';
import { SignIn } from './screens/SignIn.tsx';

// Each screen beyond the list is its own chunk, fetched when first opened.
const ComplaintPage = lazy(() => import('./screens/ComplaintPage.tsx'));
const AgentDesk = lazy(() => import('./screens/AgentDesk.tsx'));
const Queues = lazy(() => import('./screens/Queues.tsx'));
const MasterData = lazy(() => import('./screens/MasterData.tsx'));
const RulesEditor = lazy(() => import('./screens/RulesEditor.tsx'));
const MyTasks = lazy(() => import('./screens/MyTasks.tsx'));
const EmailIntake = lazy(() => import('./screens/EmailIntake.tsx'));
const Confirmations = lazy(() => import('./screens/Confirmations.tsx'));
const Reports = lazy(() => import('./screens/Reports.tsx'));
const ActionPage = lazy(() => import('./screens/ActionPage.tsx'));

/** The lists in the menu, each shown to the roles the access matrix lets read it (shared/api/access.ts). */
const MENU = [
  { route: 'desk', label: 'agentDesk', api: 'GetCurrentCall' },
  { route: 'complaints', label: 'openComplaints', api: 'ListOpenComplaints' },
  { route: 'tasks', label: 'myTasks', api: 'ListMyTasks' },
  { route: 'queues', label: 'queues', api: ['ListSlaRisk', 'ListOverdueTasks', 'ListFollowUpsDue'] },
  { route: 'email', label: 'emailIntake', api: 'ListEmailIntake' },
  { route: 'confirmations', label: 'awaitingConfirmation', api: 'ListAwaitingConfirmation' },
  { route: 'reports', label: 'reports', api: 'GetSlaComplianceReport' },
  { route: 'master-data', label: 'masterData', api: 'ImportMasterData' },
  { route: 'rules', label: 'rules', api: 'GetRules' },
] as const;
const mayRead = (api: (typeof MENU)[number]['api'], roles: readonly string[]) =>
  (typeof api === 'string' ? [api] : api).some((route) => grantFor(route, roles as Role[]) !== undefined);

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
  // A malformed escape in a typed or pasted address is kept as typed, never a blank page.
  const decode = (part: string) => { try { return decodeURIComponent(part); } catch { return part; } };
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
}

/** Whatever fails while rendering (a chunk gone after a deploy, a bad answer) ends in a message and a reload, not a blank page. */
class ErrorBoundary extends Component<{ message: string; retry: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() { return { failed: true }; }
  override render() {
    if (!this.state.failed) return this.props.children;
    return <div className="error" role="alert"><p>{this.props.message}</p><button type="button" onClick={() => location.reload()}>{this.props.retry}</button></div>;
  }
}

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<Session | undefined>(currentSession);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    const onEnded = () => { setSession(undefined); setEnded(true); };
    window.addEventListener(SESSION_ENDED, onEnded);
    return () => window.removeEventListener(SESSION_ENDED, onEnded);
  }, []);
  const route = useRoute();
  const t = translator(locale);
  // After moving to another screen, focus goes to its heading (screen readers say where they are,
  // the keyboard starts at the top), once the screen's chunk has arrived.
  const where = route.join('/');
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) { firstRender.current = false; return; }
    let tries = 0;
    const timer = setInterval(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading || ++tries > 20) {
        clearInterval(timer);
        if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
      }
    }, 50);
    return () => clearInterval(timer);
  }, [where]);
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
            <button type="button" onClick={() => { signOut(); setSession(undefined); location.hash = ''; }}>{t('signOut')}</button>
          </span>
        )}
      </header>
      {session && (
        <nav aria-label={t('navigation')}>
          {MENU.filter((m) => mayRead(m.api, session.roles)).map((m) => (
            <a key={m.route} href={`#/${m.route}`} aria-current={route[0] === m.route && !route[1] ? 'page' : undefined}>{t(m.label)}</a>
          ))}
        </nav>
      )}
      {location.pathname === '/action' ? (
        <ErrorBoundary message={t('failed', { reason: 'the page could not be shown' })} retry={t('retry')}>
          <Suspense fallback={<p role="status">{t('loading')}</p>}><ActionPage /></Suspense>
        </ErrorBoundary>
      ) : !session ? <SignIn onSignedIn={(s) => { setEnded(false); setSession(s); }} notice={ended ? t('signedOutExpired') : undefined} /> : (
        <ErrorBoundary message={t('failed', { reason: 'the page could not be shown' })} retry={t('retry')}>
          <Suspense fallback={<p role="status">{t('loading')}</p>}>
            <Screen route={route} roles={session.roles} />
          </Suspense>
        </ErrorBoundary>
      )}
    </LocaleContext.Provider>
  );
}

/** The screen for the address; without one, the first list the person's roles may read (an assignee starts at their tasks). */
function Screen({ route, roles }: { route: string[]; roles: readonly string[] }) {
  const [first, id] = route;
  if (first === 'complaints' && id) return <ComplaintPage complaintId={id} />;
  // The desk is where agents start; anyone else with it (a service manager) starts at their lists.
  const home = roles.includes('SERVICE_AGENT') ? MENU[0] : MENU.find((m) => m.route !== 'desk' && mayRead(m.api, roles));
  const target = MENU.find((m) => m.route === first && mayRead(m.api, roles)) ?? home;
  switch (target?.route) {
    case 'desk': return <AgentDesk />;
    case 'tasks': return <MyTasks />;
    case 'queues': return <Queues />;
    case 'email': return <EmailIntake />;
    case 'confirmations': return <Confirmations />;
    case 'reports': return <Reports />;
    case 'master-data': return <MasterData />;
    case 'rules': return <RulesEditor />;
    default: return <Complaints />;
  }
}
