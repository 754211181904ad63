import { useState, type FormEvent } from 'react';
import { apiSend, ApiError, fieldError } from '../api.ts';
import { useT } from '../i18n.ts';
import type { ImportReportAnswer } from '../types.ts';
import { Field } from './Field.tsx';
import { Problem } from './Problem.tsx';

const KINDS = ['customers', 'documents', 'people'] as const;
/** The API's cap on an import body (shared/api/contract.ts ImportMasterData maxBodyBytes): checked before sending. */
const MAX_FILE_BYTES = 5_000_000;

/**
 * The master-data administrator's import (POST /master-data/{kind}/imports): a CSV or JSON file of
 * customers, orders/delivery notes or people, all-or-nothing or only the valid rows, answered with
 * a report per row (accepted, updated, unchanged, rejected and why, by field).
 */
export default function MasterData() {
  const t = useT();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('customers');
  const [mode, setMode] = useState<'all-or-nothing' | 'valid-only'>('all-or-nothing');
  const [file, setFile] = useState<File | undefined>();
  const [report, setReport] = useState<ImportReportAnswer | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setReport(undefined);
    if (!file) return setError(new ApiError(400, t('chooseFile'), 'file'));
    if (file.size > MAX_FILE_BYTES) return setError(new ApiError(413, t('fileTooLarge', { mb: MAX_FILE_BYTES / 1_000_000 }), 'file'));
    const format = file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    setBusy(true);
    try {
      const content = await file.text();
      setReport(await apiSend<ImportReportAnswer>('POST', `/master-data/${kind}/imports`, { format, mode, content }));
    } catch (e) {
      const failure = e as ApiError;
      // All-or-nothing and a row refused: 422 with the same per-row report, nothing written.
      if (failure.status === 422 && (failure.body as ImportReportAnswer | undefined)?.rows) setReport(failure.body as ImportReportAnswer);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const fileError = fieldError(error, 'file') ?? fieldError(error, 'body.content') ?? fieldError(error, 'body.format');
  return (
    <main>
      <h1>{t('masterData')}</h1>
      <form onSubmit={submit} className="inline-form" aria-label={t('importMasterData')}>
        <Field id="import-kind" label={t('importKind')}>
          {(p) => <select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>{KINDS.map((k) => <option key={k} value={k}>{t(`kind_${k}` as const)}</option>)}</select>}
        </Field>
        <Field id="import-mode" label={t('importMode')}>
          {(p) => (
            <select {...p} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="all-or-nothing">{t('allOrNothing')}</option>
              <option value="valid-only">{t('validOnly')}</option>
            </select>
          )}
        </Field>
        <Field id="import-file" label={t('importFile')} error={fileError} required>
          {(p) => <input {...p} type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => setFile(e.target.files?.[0])} />}
        </Field>
        {error && !fileError && <Problem error={error} />}
        <div className="actions"><button type="submit" disabled={busy}>{busy ? t('importing') : t('importButton')}</button></div>
      </form>
      <div role="status">
        {report && (
          <p className={report.accepted ? 'notice' : 'error'}>
            {report.accepted ? t('importDone', { written: report.written, unchanged: report.unchanged, rejected: report.rejected }) : t('importRefused', { rejected: report.rejected })}
          </p>
        )}
      </div>
      {report && (
        <table aria-label={t('importReport')}>
          <thead><tr><th scope="col">{t('row')}</th><th scope="col">{t('key')}</th><th scope="col">{t('status')}</th><th scope="col">{t('problems')}</th></tr></thead>
          <tbody>{report.rows.map((r) => (
            <tr key={r.row} className={r.status === 'REJECTED' ? 'rejected' : undefined}>
              <td>{r.row}</td><td>{r.key ?? '–'}</td><td>{t(`row_${r.status}` as const)}{r.account ? ` · ${r.account}` : ''}</td>
              <td>{r.issues.length ? <ul>{r.issues.map((i, n) => <li key={n}><code>{i.field}</code>: {i.message}</li>)}</ul> : '–'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </main>
  );
}
