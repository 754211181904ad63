import { useState } from 'react';
import { uploadEvidence, type ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import { EVIDENCE_TYPES } from '../types.ts';

/**
 * Photos and documents added to a complaint, one file after the other with its progress shown;
 * each file's outcome is said (added, or why not: the API's refusal of its type or size).
 */
export function EvidenceUpload({ complaintId, onUploaded }: { complaintId: string; onUploaded: () => void }) {
  const t = useT();
  const [progress, setProgress] = useState<string | undefined>();
  const [outcomes, setOutcomes] = useState<{ ok: boolean; text: string }[]>([]);
  async function upload(files: File[]) {
    const done: { ok: boolean; text: string }[] = [];
    for (const [i, file] of files.entries()) {
      setProgress(t('uploading', { name: file.name, n: i + 1, count: files.length }));
      try {
        await uploadEvidence(complaintId, file);
        done.push({ ok: true, text: t('uploaded', { name: file.name }) });
      } catch (error) {
        const e = error as ApiError;
        done.push({ ok: false, text: t('uploadFailed', { name: file.name, reason: e.issues?.map((x) => x.message).join('; ') || e.message }) });
      }
      setOutcomes([...done]);
    }
    setProgress(undefined);
    if (done.some((d) => d.ok)) onUploaded();
  }
  return (
    <div className="evidence-upload">
      <label htmlFor={`evidence-${complaintId}`}>{t('uploadEvidence')}</label>
      <input id={`evidence-${complaintId}`} type="file" multiple accept={EVIDENCE_TYPES.join(',')} disabled={Boolean(progress)}
        onChange={(e) => { const files = [...(e.target.files ?? [])]; e.target.value = ''; if (files.length) void upload(files); }} />
      <div role="status">
        {progress && <p>{progress}</p>}
        {outcomes.map((o, i) => <p key={i} className={o.ok ? 'notice' : 'error'}>{o.text}</p>)}
      </div>
    </div>
  );
}
