// Bringing data in: police.uk street files and partners' indicator values, with a real
// upload progress bar, the import's result, its rejected rows and the import history.
import { useRef, useState } from 'preact/hooks';
import { query, upload } from '../api';
import { number, timeText } from '../format';
import type { ImportRecord, ImportResult, Rejection, User } from '../types';
import { ErrorBox, Loading, messageOf, useApi } from '../ui';

type Kind = 'police-uk' | 'indicator-values';

export function DataPage({ user }: { user: User }) {
  const history = useApi<ImportRecord[]>('/api/imports');
  const [rejectionsOf, setRejectionsOf] = useState<number | null>(null);
  const mayReadRejections = user.permissions.includes('view-rejections');
  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title">Data</h1>
      <div class="uploads">
        <UploadForm kind="police-uk" title="Police.uk street files" multiple
          hint="One or more monthly files named like 2018-09-cleveland-street.csv, from data.police.uk. A month already held for a force is replaced."
          onImported={(r) => { history.reload(); if (r.rejected > 0 && mayReadRejections) setRejectionsOf(r.import_id); }} />
        <UploadForm kind="indicator-values" title="Indicator values"
          hint="A CSV of the partners' indicator values (the layout of data/sample/indicator-values-hartlepool-2018.csv)."
          onImported={(r) => { history.reload(); if (r.rejected > 0 && mayReadRejections) setRejectionsOf(r.import_id); }} />
      </div>
      {rejectionsOf !== null && <Rejections importId={rejectionsOf} onClose={() => setRejectionsOf(null)} />}
      <section aria-labelledby="history-title">
        <h2 id="history-title">Import history</h2>
        <ErrorBox message={history.error} />
        {history.loading && !history.data && <Loading what="the import history" />}
        {history.data && (history.data.length === 0 ? <p class="muted">Nothing has been imported yet.</p> : (
          <div class="table-wrap tall" tabIndex={0} role="region" aria-labelledby="history-title">
            <table id="import-history">
              <thead><tr><th scope="col">Import</th><th scope="col">Kind</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Sources</th>
                <th scope="col" class="num">Read</th><th scope="col" class="num">Imported</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Unchanged</th>
                <th scope="col">By</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {history.data.map((i) => (
                  <tr>
                    <td>{i.id}</td><td>{i.kind}</td><td>{timeText(i.started_at)}</td><td>{i.status}</td>
                    <td class="wrap">{Array.isArray(i.sources) ? i.sources.join(', ') : i.sources}</td>
                    <td class="num">{number(i.read)}</td><td class="num">{number(i.imported)}</td>
                    <td class="num">{number(i.rejected)}</td><td class="num">{number(i.unchanged)}</td>
                    <td>{[i.by, i.agency].filter(Boolean).join(', ') || '—'}</td>
                    <td>{i.rejected > 0 && mayReadRejections && (
                      <button type="button" class="link-button" onClick={() => setRejectionsOf(i.id)}>Rejected rows<span class="visually-hidden"> of import {i.id}</span></button>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </section>
  );
}

function UploadForm({ kind, title, hint, multiple = false, onImported }:
  { kind: Kind; title: string; hint: string; multiple?: boolean; onImported: (r: ImportResult) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing'>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const id = `upload-${kind}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (files.length === 0) { setError('Choose a file first.'); return; }
    setError(''); setResult(null); setProgress(0); setPhase('uploading');
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    try {
      const r = await upload<ImportResult>(`/api/imports/${kind}`, form,
        (sent, total) => setProgress(total ? sent / total : 0), () => { setProgress(1); setPhase('importing'); });
      setResult(r);
      onImported(r);
      if (input.current) input.current.value = '';
      setFiles([]);
    } catch (err) { setError(messageOf(err)); }
    setPhase('idle');
  };

  return (
    <form class="upload card" onSubmit={submit} aria-labelledby={id + '-title'} data-kind={kind}>
      <h2 id={id + '-title'}>{title}</h2>
      <div class="field">
        <label for={id}>{multiple ? 'Files' : 'File'}</label>
        <input id={id} ref={input} type="file" accept=".csv,text/csv" multiple={multiple} aria-describedby={id + '-hint'}
          onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} disabled={phase !== 'idle'} />
        <small class="hint" id={id + '-hint'}>{hint}</small>
      </div>
      <button type="submit" class="primary" disabled={phase !== 'idle' || files.length === 0}>Upload and import</button>
      <div aria-live="polite" class="progress-area">
        {phase === 'uploading' && (
          <div class="progress">
            <label for={id + '-progress'}>Uploading… {Math.round(progress * 100)}%</label>
            <progress id={id + '-progress'} max={1} value={progress} />
          </div>
        )}
        {phase === 'importing' && (
          <div class="progress">
            <label for={id + '-progress'}>Importing…</label>
            <progress id={id + '-progress'} max={1} value={1} />
          </div>
        )}
      </div>
      <ErrorBox message={error} />
      {result && <ImportSummary r={result} />}
    </form>
  );
}

function ImportSummary({ r }: { r: ImportResult }) {
  return (
    <div class="import-result" role="status">
      <p class="success">Import {r.import_id} finished.</p>
      <dl class="figures">
        <div><dt>Read</dt><dd data-figure="read">{number(r.read)}</dd></div>
        <div><dt>Imported</dt><dd data-figure="imported">{number(r.imported)}</dd></div>
        <div><dt>Rejected</dt><dd data-figure="rejected">{number(r.rejected)}</dd></div>
        {r.unchanged !== undefined && <div><dt>Unchanged</dt><dd data-figure="unchanged">{number(r.unchanged)}</dd></div>}
      </dl>
      {r.files && r.files.some((f) => f.problem) && (
        <ul class="notes">{r.files.filter((f) => f.problem).map((f) => <li><strong>{f.name}</strong>: {f.problem}</li>)}</ul>
      )}
      {r.rejections.length > 0 && (
        <details>
          <summary>Why rows were rejected ({r.rejections.length < r.rejected ? `the first ${r.rejections.length}` : 'all'})</summary>
          <ul class="rejection-reasons">{r.rejections.map((x) => <li>{x}</li>)}</ul>
        </details>
      )}
    </div>
  );
}

function Rejections({ importId, onClose }: { importId: number; onClose: () => void }) {
  const [limit, setLimit] = useState(500);
  const rows = useApi<{ rows: Rejection[]; truncated: boolean }>(`/api/imports/${importId}/rejections` + query({ limit }));
  return (
    <section aria-labelledby="rejections-title" class="card rejections">
      <div class="section-head">
        <h2 id="rejections-title">Rejected rows of import {importId}</h2>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      <ErrorBox message={rows.error} />
      {rows.loading && <Loading what="the rejected rows" />}
      {rows.data && (
        <>
          <div class="table-wrap tall" tabIndex={0} role="region" aria-labelledby="rejections-title">
            <table id="rejections-table">
              <thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">Reason</th><th scope="col">Row as supplied</th></tr></thead>
              <tbody>{rows.data.rows.map((r) => (
                <tr><td>{r.source_file}</td><td class="num">{r.line}</td><td>{r.reason}</td><td><code class="raw">{r.raw}</code></td></tr>
              ))}</tbody>
            </table>
          </div>
          {rows.data.truncated && limit < 5000 && <button type="button" onClick={() => setLimit(5000)}>Show up to 5,000 rows</button>}
        </>
      )}
    </section>
  );
}
