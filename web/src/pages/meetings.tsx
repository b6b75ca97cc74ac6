// The partnership's meetings: the list, one meeting's attendance and minutes with their
// numbers and decisions, and its documents. Exempt minutes are shown only when the server
// sent their text; otherwise the page says under which paragraph they are withheld.
import { useRef, useState } from 'preact/hooks';
import { download, query } from '../api';
import { Paragraphs, Problems, postForm, useSubmit } from '../governance_ui';
import type { Meeting, MeetingList, MeetingUploadResult, Minute } from '../governance_types';
import { useLocation } from '../router';
import type { User } from '../types';
import { ErrorBox, Loading, useApi } from '../ui';
import '../governance.css';

export function MeetingsPage({ user }: { user: User }) {
  const { search } = useLocation();
  const id = search.get('id');
  return id ? <MeetingView id={id} user={user} /> : <MeetingIndex user={user} />;
}

function MeetingIndex({ user }: { user: User }) {
  const [partnership, setPartnership] = useState('');
  const list = useApi<MeetingList>('/api/meetings' + query({ partnership }));
  const all = useApi<MeetingList>('/api/meetings');
  return (
    <section aria-labelledby="meetings-title">
      <h1 id="meetings-title">Meetings</h1>
      <p>The partnership's meetings, with their minutes and decisions. Minute numbers run on through the municipal year.</p>
      <ErrorBox message={list.error || all.error} />
      {all.data && all.data.partnerships.length > 1 && (
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="meetings-partnership">Partnership</label>
            <select id="meetings-partnership" value={partnership} onChange={(e) => setPartnership(e.currentTarget.value)}>
              <option value="">All partnerships</option>
              {all.data.partnerships.map((p) => <option value={p}>{p}</option>)}
            </select>
          </div>
        </form>
      )}
      {list.loading && <Loading what="meetings" />}
      {list.data && (list.data.meetings.length === 0 ? <p class="muted">No meetings are recorded yet.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="meetings-title">
          <table>
            <thead><tr><th scope="col">Date</th><th scope="col">Partnership</th><th scope="col">Status</th>
              <th scope="col">Minutes</th><th scope="col">Exempt business</th></tr></thead>
            <tbody>
              {[...list.data.meetings].reverse().map((m) => (
                <tr>
                  <td><a href={`/meetings?id=${m.id}`}>{m.date_long}</a></td>
                  <td>{m.partnership}</td>
                  <td>{m.status}</td>
                  <td>{m.first_minute ? `${m.first_minute}–${m.last_minute}` : 'none recorded'}</td>
                  <td>{m.has_exempt ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {user.permissions.includes('edit-minutes') && <RecordMeeting onRecorded={() => { list.reload(); all.reload(); }} />}
    </section>
  );
}

function RecordMeeting({ onRecorded }: { onRecorded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<MeetingUploadResult | null>(null);
  const submit = useSubmit();
  const send = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setDone(null);
    submit.run(async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      setDone(await postForm<MeetingUploadResult>('/api/meetings', form));
      if (input.current) input.current.value = '';
      setFile(null);
      onRecorded();
    });
  };
  return (
    <form class="card upload" onSubmit={send} aria-labelledby="record-title">
      <h2 id="record-title">Record a meeting</h2>
      <div class="field">
        <label for="record-file">Meeting record (YAML)</label>
        <input id="record-file" ref={input} type="file" accept=".yaml,.yml" aria-describedby="record-hint"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} disabled={submit.busy} />
        <small class="hint" id="record-hint">One meeting: members, attendance, agenda and minutes, as in docs/meetings.md.
          Minutes without numbers are numbered on from the year's earlier meetings. A file with problems saves nothing.</small>
      </div>
      <button type="submit" class="primary" disabled={submit.busy || !file}>{submit.busy ? 'Recording…' : 'Record the meeting'}</button>
      <div aria-live="polite">
        {done && <p class="success">The meeting of {done.date} is {done.outcome}
          {done.first_minute ? ` (minutes ${done.first_minute}–${done.last_minute})` : ''}. <a href={`/meetings?id=${done.meeting_id}`}>Open it</a>.</p>}
      </div>
      <ErrorBox message={submit.error} />
      <Problems problems={submit.problems} />
    </form>
  );
}

const attendanceGroups: [string, string][] = [
  ['in-the-chair', 'In the chair'], ['present', 'Present'], ['substitute', 'Substitutes'],
  ['also-present', 'Also present'], ['officer', 'Officers'], ['apologies', 'Apologies'],
];

function MeetingView({ id, user }: { id: string; user: User }) {
  const meeting = useApi<Meeting>(`/api/meetings/${encodeURIComponent(id)}`);
  const m = meeting.data;
  return (
    <section aria-labelledby="meeting-title" class="meeting">
      <p><a href="/meetings">All meetings</a></p>
      <ErrorBox message={meeting.error} />
      {meeting.loading && <Loading what="the meeting" />}
      {m && (
        <>
          <h1 id="meeting-title">{m.partnership}: {m.date_long}</h1>
          <dl class="meeting-facts">
            {(m.start || m.end) && <><dt>Time</dt><dd>{m.start || '?'} to {m.end || '?'}</dd></>}
            {m.venue && <><dt>Venue</dt><dd>{m.venue}</dd></>}
            <dt>Status</dt><dd>{m.status}{m.moved_to ? `, moved to ${m.moved_to}` : ''}</dd>
            {m.chair && <><dt>Chair</dt><dd>{m.chair}</dd></>}
            {m.note && <><dt>Note</dt><dd>{m.note}</dd></>}
          </dl>
          <Documents meeting={m} user={user} />
          <h2>Attendance</h2>
          <div class="attendance-groups">
            {attendanceGroups.map(([kind, heading]) => {
              const people = m.attendance.filter((a) => a.kind === kind);
              if (people.length === 0) return null;
              return (
                <div>
                  <h3>{heading}</h3>
                  <ul>{people.map((a) => (
                    <li>{a.name}{a.role_or_organisation ? `, ${a.role_or_organisation}` : ''}
                      {a.substitute_for ? ` (for ${a.substitute_for})` : ''}</li>
                  ))}</ul>
                </div>
              );
            })}
          </div>
          {m.declarations.length > 0 && (
            <>
              <h2>Declarations of interest</h2>
              <ul>{m.declarations.map((d) => <li>{d.member}{d.item ? ` (${d.item})` : ''}: {d.nature}</li>)}</ul>
            </>
          )}
          <h2>Minutes</h2>
          {m.minutes.length === 0 ? <p class="muted">No minutes are recorded for this meeting.</p>
            : <ol class="minutes">{m.minutes.map((n) => <MinuteView minute={n} />)}</ol>}
        </>
      )}
    </section>
  );
}

function MinuteView({ minute: n }: { minute: Minute }) {
  return (
    <li class="minute" value={n.number} data-minute={n.number}>
      <h3><span class="minute-number">{n.number}.</span> {n.title}
        {n.reporting_officer && <span class="muted"> ({n.reporting_officer})</span>}</h3>
      {n.exempt_paragraph !== null && n.withheld && (
        <p class="exempt-withheld">exempt — Schedule 12A para {n.exempt_paragraph}</p>
      )}
      {n.exempt_paragraph !== null && !n.withheld && (
        <p class="exempt-flag">Exempt business (Schedule 12A para {n.exempt_paragraph}): not for publication.</p>
      )}
      {!n.withheld && (
        <>
          {n.purpose && <><h4>Purpose of report</h4><Paragraphs text={n.purpose} /></>}
          {n.issues && <><h4>Issue(s) for consideration</h4><Paragraphs text={n.issues} /></>}
          {n.decisions && n.decisions.length > 0 && (
            <>
              <h4>Decision</h4>
              <ul class="decisions">{n.decisions.map((d) => <li>{d.numeral && <span class="numeral">{d.numeral}</span>} {d.text}</li>)}</ul>
            </>
          )}
          {n.exempt_text && <div class="exempt-text"><h4>Exempt section</h4><Paragraphs text={n.exempt_text} /></div>}
        </>
      )}
    </li>
  );
}

function Documents({ meeting, user }: { meeting: Meeting; user: User }) {
  const [busy, setBusy] = useState('');
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const entitled = user.permissions.includes('view-exempt');
  const get = async (doc: string, format: string, isPublic: boolean) => {
    const key = `${doc}.${format}${isPublic ? '-public' : ''}`;
    setBusy(key); setError(''); setDone('');
    try {
      const name = await download(`/api/meetings/${meeting.id}/${doc}.${format}${isPublic ? '?public=1' : ''}`, `${doc}.${format}`);
      setDone(`Downloaded ${name}.`);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
    setBusy('');
  };
  const versions: [boolean, string][] = entitled ? [[false, "Members' version"], [true, 'Public version']] : [[true, 'Public version']];
  return (
    <div class="documents">
      <h2>Documents</h2>
      {versions.map(([isPublic, label]) => (
        <div class="document-row">
          <span class="document-label">{label}{isPublic ? ' (exempt business withheld)' : ' (includes exempt business)'}</span>
          {['minutes', 'agenda'].map((doc) => ['html', 'pdf'].map((format) => {
            const key = `${doc}.${format}${isPublic ? '-public' : ''}`;
            return (
              <button type="button" disabled={!!busy} onClick={() => get(doc, format, isPublic)} data-document={key}>
                {busy === key ? 'Preparing…' : `${doc === 'minutes' ? 'Minutes' : 'Agenda'} ${format.toUpperCase()}`}
                <span class="visually-hidden"> ({label.toLowerCase()})</span>
              </button>
            );
          }))}
        </div>
      ))}
      <div aria-live="polite">{done && <p class="success">{done}</p>}</div>
      <ErrorBox message={error} />
    </div>
  );
}
