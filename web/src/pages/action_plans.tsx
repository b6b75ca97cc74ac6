// Action plans: each action with its owners, due date, the owner's RAG and the one Safer
// suggests (in words, with the reason), overdue actions marked, and the append-only log.
// Owners (and clerks) add updates and set the RAG; nobody edits or removes an entry.
import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { download, sendJson } from '../api';
import { Problems, RagChip, postForm, useSubmit } from '../governance_ui';
import type { Action, Plan, PlanImportResult, PlanSummary } from '../governance_types';
import { useLocation } from '../router';
import type { User } from '../types';
import { ErrorBox, Loading, useApi } from '../ui';
import '../governance.css';

export function ActionPlansPage({ user }: { user: User }) {
  const { search } = useLocation();
  const id = search.get('plan');
  return id ? <PlanView id={id} /> : <PlanIndex user={user} />;
}

function PlanIndex({ user }: { user: User }) {
  const plans = useApi<PlanSummary[]>('/api/action-plans');
  return (
    <section aria-labelledby="plans-title">
      <h1 id="plans-title">Action plans</h1>
      <ErrorBox message={plans.error} />
      {plans.loading && <Loading what="action plans" />}
      {plans.data && (plans.data.length === 0 ? <p class="muted">No action plan is kept yet.</p> : (
        <ul class="plan-list">
          {plans.data.map((p) => (
            <li><a href={`/actions?plan=${p.id}`}>{p.title}</a> <span class="muted">({p.partnership}; {p.actions} actions)</span></li>
          ))}
        </ul>
      ))}
      {user.permissions.includes('manage-actions') && <ImportPlan onImported={plans.reload} />}
    </section>
  );
}

function ImportPlan({ onImported }: { onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [partnership, setPartnership] = useState('');
  const [due, setDue] = useState('');
  const [result, setResult] = useState<PlanImportResult | null>(null);
  const submit = useSubmit();
  const send = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setResult(null);
    submit.run(async () => {
      const form = new FormData();
      form.append('title', title);
      if (partnership) form.append('partnership', partnership);
      if (due) form.append('default_due', due);
      form.append('file', file, file.name);
      setResult(await postForm<PlanImportResult>('/api/action-plans/import', form));
      if (input.current) input.current.value = '';
      setFile(null);
      onImported();
    });
  };
  return (
    <form class="card upload" onSubmit={send} aria-labelledby="import-plan-title">
      <h2 id="import-plan-title">Import an action plan</h2>
      <div class="field"><label for="plan-title">Title</label>
        <input id="plan-title" value={title} required maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} /></div>
      <div class="field"><label for="plan-partnership">Partnership</label>
        <input id="plan-partnership" value={partnership} maxLength={200} aria-describedby="plan-partnership-hint" onInput={(e) => setPartnership(e.currentTarget.value)} />
        <small class="hint" id="plan-partnership-hint">Leave empty when Safer keeps one partnership's meetings.</small></div>
      <div class="field"><label for="plan-due">Due date for actions without one</label>
        <input id="plan-due" type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} /></div>
      <div class="field"><label for="plan-file">File (CSV, TSV or XLSX)</label>
        <input id="plan-file" ref={input} type="file" accept=".csv,.tsv,.txt,.xlsx" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></div>
      <button type="submit" class="primary" disabled={submit.busy || !file || !title}>{submit.busy ? 'Importing…' : 'Import'}</button>
      <div aria-live="polite">
        {result && (
          <>
            <p class="success">Imported {result.actions_imported} actions into <a href={`/actions?plan=${result.plan_id}`}>{result.title}</a>;
              {' '}{result.actions_set_aside} set aside, {result.entries_set_aside} log entries set aside.</p>
            <Problems problems={result.problems.map((p) => `${p.file} row ${p.row}: ${p.reason}`)} />
          </>
        )}
      </div>
      <ErrorBox message={submit.error} />
      <Problems problems={submit.problems} />
    </form>
  );
}

const owners = (a: Action) => a.owners.map((o) => o.person && o.agency ? `${o.person} (${o.agency})` : o.person || o.agency).join('; ');

function PlanView({ id }: { id: string }) {
  const plan = useApi<Plan>(`/api/action-plans/${encodeURIComponent(id)}`);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [onlyMine, setOnlyMine] = useState(false);
  const p = plan.data;
  const shown = p ? p.actions.filter((a) => !onlyMine || a.may_update) : [];
  const xlsx = async () => {
    setError('');
    try { await download(`/api/action-plans/${id}.xlsx`, 'action-plan.xlsx'); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <section aria-labelledby="plan-title">
      <p><a href="/actions">All action plans</a></p>
      <ErrorBox message={plan.error || error} />
      {plan.loading && !p && <Loading what="the action plan" />}
      {p && (
        <>
          <div class="section-head">
            <h1 id="plan-title">{p.title}</h1>
            <button type="button" onClick={xlsx}>Download XLSX</button>
          </div>
          <p class="muted">Safer's suggested RAG is worked out for today ({p.today})
            {p.last_meeting ? ` and the last meeting (${p.last_meeting})` : ''}: past due is Red, no update since the last meeting is Amber.
            The owner's own RAG is theirs to set.</p>
          <label class="inline"><input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.currentTarget.checked)} /> Only actions I may update</label>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="plan-title">
            <table class="actions-table">
              <thead><tr><th scope="col">Priority and objective</th><th scope="col">Action</th><th scope="col">Owners</th>
                <th scope="col">Due</th><th scope="col">Owner's RAG</th><th scope="col">Safer suggests</th><th scope="col">Log</th></tr></thead>
              <tbody>
                {shown.map((a) => (
                  <Fragment key={a.id}>
                    <tr class={a.overdue ? 'overdue' : undefined} data-action={a.id}>
                      <td>{a.reference && <strong>{a.reference} </strong>}{a.priority}<br /><span class="muted">{a.objective}</span></td>
                      <td class="wrap">{a.text}</td>
                      <td>{owners(a)}</td>
                      <td>{a.due_long}{a.overdue && <><br /><span class="overdue-note">Overdue</span></>}</td>
                      <td><RagChip rag={a.owner_rag} /></td>
                      <td><RagChip rag={a.suggested_rag} /><br /><small>{a.suggested_reason}</small></td>
                      <td><button type="button" class="link-button" aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? null : a.id)}>
                        {open === a.id ? 'Hide' : 'Show'} log ({a.log.length})<span class="visually-hidden"> of action {a.reference || a.id}</span></button></td>
                    </tr>
                    {open === a.id && (
                      <tr class="action-detail"><td colSpan={7}><ActionDetail action={a} onChanged={plan.reload} /></td></tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ActionDetail({ action: a, onChanged }: { action: Action; onChanged: () => void }) {
  return (
    <div class="action-log" aria-label={`Log of action ${a.reference || a.id}`}>
      {a.desired_outcome && <p><strong>Desired outcome:</strong> {a.desired_outcome}</p>}
      <h3>Progress log</h3>
      {a.log.length === 0 ? <p class="muted">No progress has been recorded.</p> : (
        <ol class="log">
          {a.log.map((e) => (
            <li data-entry={e.id}>
              <strong>{e.date}</strong> – {e.author}{e.author_role ? `, ${e.author_role}` : ''}
              {e.corrects !== null && <span class="muted"> (corrects entry {e.corrects})</span>}
              <p class="wrap">{e.text}</p>
              <small class="muted">Recorded by {e.recorded_by}</small>
            </li>
          ))}
        </ol>
      )}
      {a.may_update ? <Updates action={a} onChanged={onChanged} />
        : <p class="muted">Only the action's owners, clerks and admins add updates.</p>}
    </div>
  );
}

function Updates({ action: a, onChanged }: { action: Action; onChanged: () => void }) {
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const [role, setRole] = useState('');
  const [rag, setRag] = useState(a.owner_rag);
  const [done, setDone] = useState('');
  const progress = useSubmit();
  const ragSubmit = useSubmit();
  const add = (e: Event) => {
    e.preventDefault();
    setDone('');
    progress.run(async () => {
      await sendJson('POST', `/api/actions/${a.id}/progress`, { text, ...(date ? { date } : {}), ...(role ? { author_role: role } : {}) });
      setText('');
      setDone('The update is added to the log.');
      onChanged();
    });
  };
  const saveRag = (e: Event) => {
    e.preventDefault();
    setDone('');
    ragSubmit.run(async () => {
      await sendJson('POST', `/api/actions/${a.id}/rag`, { rag });
      setDone(`The RAG is now ${rag || 'not set'}.`);
      onChanged();
    });
  };
  const base = `action-${a.id}`;
  return (
    <div class="updates">
      <form class="card" onSubmit={add} aria-labelledby={`${base}-add`}>
        <h3 id={`${base}-add`}>Add update</h3>
        <div class="field"><label for={`${base}-text`}>What has happened</label>
          <textarea id={`${base}-text`} rows={3} maxLength={4000} required value={text} onInput={(e) => setText(e.currentTarget.value)} /></div>
        <div class="controls">
          <div class="field"><label for={`${base}-date`}>Date</label>
            <input id={`${base}-date`} type="date" value={date} aria-describedby={`${base}-date-hint`} onInput={(e) => setDate(e.currentTarget.value)} />
            <small class="hint" id={`${base}-date-hint`}>Empty: today.</small></div>
          <div class="field"><label for={`${base}-role`}>Your role</label>
            <input id={`${base}-role`} maxLength={200} value={role} onInput={(e) => setRole(e.currentTarget.value)} /></div>
        </div>
        <button type="submit" class="primary" disabled={progress.busy || !text.trim()}>Add to the log</button>
        <ErrorBox message={progress.error} />
      </form>
      <form class="card" onSubmit={saveRag} aria-labelledby={`${base}-rag-title`}>
        <h3 id={`${base}-rag-title`}>Owner's RAG</h3>
        <div class="field"><label for={`${base}-rag`}>RAG status</label>
          <select id={`${base}-rag`} value={rag} onChange={(e) => setRag(e.currentTarget.value)}>
            <option value="">Not set</option><option>Red</option><option>Amber</option><option>Green</option><option>Complete</option>
          </select></div>
        <button type="submit" disabled={ragSubmit.busy || rag === a.owner_rag}>Save RAG</button>
        <ErrorBox message={ragSubmit.error} />
      </form>
      <div aria-live="polite">{done && <p class="success">{done}</p>}</div>
    </div>
  );
}
