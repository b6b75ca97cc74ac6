// Attendance at the partnership's meetings over a period, by member or by agency: councils
// publish these, so every signed-in role sees them.
import { useState } from 'preact/hooks';
import { query } from '../api';
import type { AttendanceAnswer, MeetingList } from '../governance_types';
import { number } from '../format';
import { ErrorBox, Loading, useApi } from '../ui';
import '../governance.css';

export function AttendancePage() {
  const meetings = useApi<MeetingList>('/api/meetings');
  const [partnership, setPartnership] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [by, setBy] = useState('member');
  const chosen = partnership || meetings.data?.partnerships[0] || '';
  const answer = useApi<AttendanceAnswer>(chosen ? '/api/attendance' + query({ partnership: chosen, from, to, by }) : null);
  const a = answer.data;
  return (
    <section aria-labelledby="attendance-title">
      <h1 id="attendance-title">Attendance</h1>
      <p>How often each seat was represented at meetings held while it was a member's: in person or by a substitute.</p>
      <ErrorBox message={meetings.error || answer.error} />
      {meetings.data && meetings.data.partnerships.length === 0 && <p class="muted">No meetings are recorded yet.</p>}
      {meetings.data && meetings.data.partnerships.length > 0 && (
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <div class="field"><label for="attendance-partnership">Partnership</label>
            <select id="attendance-partnership" value={chosen} onChange={(e) => setPartnership(e.currentTarget.value)}>
              {meetings.data.partnerships.map((p) => <option value={p}>{p}</option>)}
            </select></div>
          <div class="field"><label for="attendance-from">From</label>
            <input id="attendance-from" type="date" value={from || a?.from || ''} onChange={(e) => setFrom(e.currentTarget.value)} /></div>
          <div class="field"><label for="attendance-to">To</label>
            <input id="attendance-to" type="date" value={to || a?.to || ''} onChange={(e) => setTo(e.currentTarget.value)} /></div>
          <div class="field"><label for="attendance-by">By</label>
            <select id="attendance-by" value={by} onChange={(e) => setBy(e.currentTarget.value)}>
              <option value="member">Member</option><option value="agency">Agency</option>
            </select></div>
        </form>
      )}
      {answer.loading && <Loading what="attendance" />}
      {a && (a.rows.length === 0 ? <p class="muted">No meetings in this period.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="attendance-title">
          <table>
            <caption class="visually-hidden">Attendance by {a.by}, {a.from} to {a.to}</caption>
            <thead><tr><th scope="col">{a.by === 'agency' ? 'Agency' : 'Member'}</th>{a.by === 'member' && <th scope="col">Organisation</th>}
              <th scope="col" class="num">Meetings</th><th scope="col" class="num">Present</th><th scope="col" class="num">Substitute</th>
              <th scope="col" class="num">Apologies</th><th scope="col" class="num">Absent</th><th scope="col" class="num">Represented</th></tr></thead>
            <tbody>
              {a.rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>{a.by === 'member' && <td>{r.organisation}</td>}
                  <td class="num">{r.meetings}</td><td class="num">{r.present}</td><td class="num">{r.substitute}</td>
                  <td class="num">{r.apologies}</td><td class="num">{r.absent}</td>
                  <td class="num">{r.meetings ? `${number(Math.round(r.rate_percent))}%` : 'no meetings'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
