// The quarterly pack to take to the meeting, in the format the meeting uses.
import { useEffect, useState } from 'preact/hooks';
import { download, query } from '../api';
import { AreaSelect, MonthSelect, defaultArea, useAreasAndPeriods } from '../choices';
import { quarterLabel } from '../format';
import { ErrorBox, Loading, messageOf } from '../ui';

const formats = [
  { id: 'html', name: 'HTML', what: 'to read in a browser or print' },
  { id: 'pdf', name: 'PDF', what: 'for the meeting papers' },
  { id: 'xlsx', name: 'Excel (XLSX)', what: 'to work with the figures' },
  { id: 'csv', name: 'CSV', what: 'the figures as plain data' },
];

export function ReportsPage() {
  const choices = useAreasAndPeriods();
  const [area, setArea] = useState('');
  const [mode, setMode] = useState<'quarter' | 'months'>('quarter');
  const [quarter, setQuarter] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  useEffect(() => {
    const p = choices.periods;
    if (choices.areas && !area) setArea(defaultArea(choices.areas));
    if (p && !quarter && !from) {
      // A quarter only partly held can still be chosen; the default is a full one, else months.
      setQuarter(p.latest_quarter ?? p.quarters[p.quarters.length - 1] ?? '');
      if (!p.latest_quarter) setMode('months');
      if (p.months.length) { setFrom(p.months[0]); setTo(p.months[p.months.length - 1]); }
    }
  }, [choices.areas, choices.periods]);

  const get = async (format: string) => {
    setBusy(format); setError(''); setDone('');
    const period = mode === 'quarter' ? { quarter } : { from, to };
    try {
      const name = await download('/api/reports/pack' + query({ area, ...period, format }), `safer-pack.${format}`);
      setDone(`Downloaded ${name}.`);
    } catch (e) { setError(messageOf(e)); }
    setBusy('');
  };

  const p = choices.periods;
  const invalid = mode === 'quarter' ? !quarter : !from || !to || from > to;
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <p>The quarterly performance pack: indicator tables per objective, recorded crime and ASB,
        with the same period last year, year to date and the baseline.</p>
      <ErrorBox message={choices.error} />
      {choices.loading && <Loading what="areas and periods" />}
      {choices.areas && p && (
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="report-area">Area</label>
            <AreaSelect id="report-area" areas={choices.areas} value={area} onChange={setArea} />
          </div>
          <fieldset class="field">
            <legend>Period</legend>
            <label class="inline"><input type="radio" name="report-mode" checked={mode === 'quarter'} disabled={p.quarters.length === 0}
              onChange={() => setMode('quarter')} /> A quarter</label>
            <label class="inline"><input type="radio" name="report-mode" checked={mode === 'months'} onChange={() => setMode('months')} /> Months</label>
          </fieldset>
          {mode === 'quarter' ? (
            <div class="field">
              <label for="report-quarter">Quarter</label>
              <select id="report-quarter" value={quarter} onChange={(e) => setQuarter(e.currentTarget.value)}>
                {[...p.quarters].reverse().map((q) => <option value={q}>{quarterLabel(q)}</option>)}
              </select>
            </div>
          ) : (
            <>
              <div class="field"><label for="report-from">From</label><MonthSelect id="report-from" months={p.months} value={from} onChange={setFrom} /></div>
              <div class="field"><label for="report-to">To</label><MonthSelect id="report-to" months={p.months} value={to} onChange={setTo} /></div>
            </>
          )}
        </form>
      )}
      {mode === 'months' && from > to && <p class="error" role="alert">The first month must not be after the last.</p>}
      <h2>Download the pack</h2>
      <ul class="downloads">
        {formats.map((f) => (
          <li>
            <button type="button" class="primary" disabled={!!busy || invalid || !area} onClick={() => get(f.id)} data-format={f.id}>
              {busy === f.id ? `Preparing ${f.name}…` : `Download ${f.name}`}
            </button>
            <span class="muted"> {f.what}</span>
          </li>
        ))}
      </ul>
      <div aria-live="polite">{done && <p class="success">{done}</p>}</div>
      <ErrorBox message={error} />
    </section>
  );
}
