import { useState, type FormEvent } from 'react';
import { apiGet, apiSend, type ApiError } from '../api.ts';
import { currentSession } from '../auth.ts';
import { dateTime, useLabel, useLocale, useT } from '../i18n.ts';
import { grantFor } from '../../../shared/api/access.ts';
import type { Role } from '../../../shared/domain/model.ts';
import type { StoredRulesAnswer } from '../types.ts';
import { Field } from './Field.tsx';
import { Loaded, useLoad } from './Loadable.tsx';
import { Problem } from './Problem.tsx';

type Rules = StoredRulesAnswer['rules'];
type Span = Rules['slaPolicies'][string]['planDue'];

/** Every refusal at or under a path of the request (body.rules.calendar.holidays.3 …), in words; an index becomes "item N". */
function problemsUnder(error: ApiError | undefined, prefix: string, t: ReturnType<typeof useT>): string | undefined {
  const found = (error?.issues ?? []).filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`)).map((i) => {
    const rest = i.path.slice(prefix.length + 1);
    return /^\d+/.test(rest) ? `${t('itemN', { n: Number(rest.split('.')[0]) + 1 })}: ${i.message}` : i.message;
  });
  return found.length ? found.join('; ') : undefined;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const list = (text: string) => text.split(',').map((l) => l.trim()).filter(Boolean);

/**
 * The company's rules (GET/PUT /config/rules): the business calendar (time zone, working hours and
 * weekdays, holidays, make-up workdays), the SLA policies (plan and resolution deadlines, reminders)
 * and the routing (which policy and whom to tell per category and urgency). Saved as a whole on
 * the version read; whatever the API refuses is shown on the field it concerns.
 */
export default function RulesEditor() {
  const t = useT();
  const stored = useLoad(() => apiGet<StoredRulesAnswer>('/config/rules'), []);
  // Kept here: the form starts afresh from each saved version (its key).
  const [notice, setNotice] = useState<string | undefined>();
  return (
    <main>
      <h1>{t('rules')}</h1>
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      <Loaded state={stored}>
        {(answer) => <RulesForm key={answer.version} stored={answer} onSaved={(version) => { setNotice(t('rulesSaved', { version })); stored.reload(); }} onEdit={() => setNotice(undefined)} />}
      </Loaded>
    </main>
  );
}

function RulesForm({ stored, onSaved, onEdit }: { stored: StoredRulesAnswer; onSaved: (version: number) => void; onEdit: () => void }) {
  const t = useT();
  const label = useLabel();
  const locale = useLocale();
  const mayEdit = grantFor('SaveRules', (currentSession()?.roles ?? []) as Role[]) !== undefined;
  const [rules, setRules] = useState<Rules>(structuredClone(stored.rules));
  const [holidays, setHolidays] = useState(stored.rules.calendar.holidays.join('\n'));
  const [makeUp, setMakeUp] = useState(stored.rules.calendar.makeUpWorkdays.join('\n'));
  const [reminders, setReminders] = useState<Record<string, string>>(Object.fromEntries(Object.entries(stored.rules.slaPolicies).map(([n, p]) => [n, p.reminders.join(', ')])));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const calendar = rules.calendar;
  const setCalendar = (change: Partial<Rules['calendar']>) => setRules({ ...rules, calendar: { ...calendar, ...change } });
  const setPolicy = (name: string, change: Partial<Rules['slaPolicies'][string]>) => setRules({ ...rules, slaPolicies: { ...rules.slaPolicies, [name]: { ...rules.slaPolicies[name]!, ...change } } });
  const setRoute = (i: number, change: Partial<Rules['routing'][number]>) => setRules({ ...rules, routing: rules.routing.map((r, j) => (i === j ? { ...r, ...change } : r)) });
  const at = (path: string) => problemsUnder(error, `body.rules.${path}`, t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    onEdit();
    const body = {
      expectedVersion: stored.version,
      rules: {
        ...rules,
        calendar: { ...calendar, holidays: lines(holidays), makeUpWorkdays: lines(makeUp) },
        slaPolicies: Object.fromEntries(Object.entries(rules.slaPolicies).map(([n, p]) => [n, { ...p, reminders: list(reminders[n] ?? '').map(Number) }])),
      },
    };
    try {
      const saved = await apiSend<StoredRulesAnswer>('PUT', '/config/rules', body);
      onSaved(saved.version);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const span = (id: string, path: string, value: Span, change: (s: Span) => void) => (
    <fieldset>
      <legend>{t(id === 'plan' ? 'planDueIn' : 'resolutionDueIn')}</legend>
      <Field id={`${path}-amount`} label={t('amount')} error={at(path)}>
        {(p) => <input {...p} type="number" min={0} step="any" disabled={!mayEdit} value={value.amount} onChange={(e) => change({ ...value, amount: e.target.valueAsNumber })} />}
      </Field>
      <Field id={`${path}-unit`} label={t('unit')}>
        {(p) => <select {...p} disabled={!mayEdit} value={value.unit} onChange={(e) => change({ ...value, unit: e.target.value as Span['unit'] })}>{(['minutes', 'hours', 'days'] as const).map((u) => <option key={u} value={u}>{t(`unit_${u}` as const)}</option>)}</select>}
      </Field>
      <Field id={`${path}-basis`} label={t('basis')}>
        {(p) => <select {...p} disabled={!mayEdit} value={value.basis} onChange={(e) => change({ ...value, basis: e.target.value as Span['basis'] })}><option value="calendar">{t('basis_calendar')}</option><option value="working">{t('basis_working')}</option></select>}
      </Field>
    </fieldset>
  );

  const known = ['calendar', 'slaPolicies', 'routing'];
  const elsewhere = (error?.issues ?? []).filter((i) => !known.some((k) => i.path.startsWith(`body.rules.${k}`))).map((i) => i.message);
  const other = error && (elsewhere.length ? elsewhere.join('; ') : error.issues?.length ? undefined : error.status === 409 ? t('rulesChanged') : error.message);
  return (
    <form onSubmit={submit} className="inline-form rules-form" aria-label={t('rules')}>
      <p>{t('rulesVersion', { version: stored.version, by: stored.updatedBy ?? '–', at: dateTime(stored.updatedAt, locale) })}</p>
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t('businessCalendar')}</h2>
        <Field id="calendar-tz" label={t('timeZone')} error={at('calendar.timeZone')}>
          {(p) => <input {...p} disabled={!mayEdit} value={calendar.timeZone} onChange={(e) => setCalendar({ timeZone: e.target.value })} />}
        </Field>
        <Field id="calendar-start" label={t('workStarts')} error={at('calendar.workingHours')}>
          {(p) => <input {...p} type="time" disabled={!mayEdit} value={calendar.workingHours.start} onChange={(e) => setCalendar({ workingHours: { ...calendar.workingHours, start: e.target.value } })} />}
        </Field>
        <Field id="calendar-end" label={t('workEnds')}>
          {(p) => <input {...p} type="time" disabled={!mayEdit} value={calendar.workingHours.end} onChange={(e) => setCalendar({ workingHours: { ...calendar.workingHours, end: e.target.value } })} />}
        </Field>
        <fieldset aria-describedby={at('calendar.workingWeekdays') ? 'weekdays-error' : undefined}>
          <legend>{t('workingWeekdays')}</legend>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className="checkbox">
              <input type="checkbox" disabled={!mayEdit} checked={calendar.workingWeekdays.includes(d)}
                onChange={(e) => setCalendar({ workingWeekdays: e.target.checked ? [...calendar.workingWeekdays, d].sort() : calendar.workingWeekdays.filter((x) => x !== d) })} />
              {t(`weekday_${d}` as 'weekday_1')}
            </label>
          ))}
          {at('calendar.workingWeekdays') && <p id="weekdays-error" className="error field-error">{at('calendar.workingWeekdays')}</p>}
        </fieldset>
        <Field id="calendar-holidays" label={t('holidays')} error={at('calendar.holidays')}>
          {(p) => <textarea {...p} rows={4} disabled={!mayEdit} value={holidays} onChange={(e) => setHolidays(e.target.value)} />}
        </Field>
        <Field id="calendar-makeup" label={t('makeUpWorkdays')} error={at('calendar.makeUpWorkdays')}>
          {(p) => <textarea {...p} rows={3} disabled={!mayEdit} value={makeUp} onChange={(e) => setMakeUp(e.target.value)} />}
        </Field>
      </section>
      <section aria-labelledby="policies-heading">
        <h2 id="policies-heading">{t('slaPolicies')}</h2>
        {Object.entries(rules.slaPolicies).map(([name, policy]) => (
          <fieldset key={name}>
            <legend>{name}</legend>
            {span('plan', `slaPolicies.${name}.planDue`, policy.planDue, (s) => setPolicy(name, { planDue: s }))}
            {span('resolution', `slaPolicies.${name}.resolutionDue`, policy.resolutionDue, (s) => setPolicy(name, { resolutionDue: s }))}
            <Field id={`policy-${name}-reminders`} label={t('remindersAt')} error={at(`slaPolicies.${name}.reminders`)}>
              {(p) => <input {...p} disabled={!mayEdit} value={reminders[name] ?? ''} onChange={(e) => setReminders({ ...reminders, [name]: e.target.value })} />}
            </Field>
          </fieldset>
        ))}
        {at('slaPolicies') && !Object.keys(rules.slaPolicies).some((n) => at(`slaPolicies.${n}`)) && <p className="error field-error">{at('slaPolicies')}</p>}
      </section>
      <section aria-labelledby="routing-heading">
        <h2 id="routing-heading">{t('routing')}</h2>
        {rules.routing.map((route, i) => (
          <fieldset key={i}>
            <legend>{label(route.category)} · {route.urgency ? label(route.urgency) : t('anyUrgency')}</legend>
            <Field id={`route-${i}-policy`} label={t('slaPolicy')} error={at(`routing.${i}.slaPolicy`)}>
              {(p) => <select {...p} disabled={!mayEdit} value={route.slaPolicy} onChange={(e) => setRoute(i, { slaPolicy: e.target.value })}>{Object.keys(rules.slaPolicies).map((n) => <option key={n} value={n}>{n}</option>)}</select>}
            </Field>
            <Field id={`route-${i}-notify`} label={t('notifyRoles')} error={at(`routing.${i}.notify`)}>
              {(p) => <input {...p} disabled={!mayEdit} value={route.notify.join(', ')} onChange={(e) => setRoute(i, { notify: list(e.target.value) as typeof route.notify })} />}
            </Field>
            <Field id={`route-${i}-watchers`} label={t('watchers')} error={at(`routing.${i}.watchers`)}>
              {(p) => <input {...p} disabled={!mayEdit} value={route.watchers.join(', ')} onChange={(e) => setRoute(i, { watchers: list(e.target.value) })} />}
            </Field>
          </fieldset>
        ))}
        {(error?.issues ?? []).some((i) => i.path === 'body.rules.routing') && <p className="error field-error">{at('routing')}</p>}
      </section>
      {other && <Problem error={error!} detail={other} />}
      {mayEdit ? <div className="actions"><button type="submit" disabled={busy}>{busy ? t('saving') : t('saveRules')}</button></div> : <p>{t('rulesReadOnly')}</p>}
    </form>
  );
}
