// How the partnership is doing for an area and period: indicator tables per objective with
// status, trend and change; the largest significant changes; crime and ASB tables; notes.
import { useEffect, useState } from 'preact/hooks';
import { query } from '../api';
import { AreaSelect, PeriodSelect, defaultArea, defaultPeriod, periodParams, useAreasAndPeriods } from '../choices';
import { Sparkline } from '../charts';
import { differenceText, figureText, number, percentText, signed } from '../format';
import { setSearch, useLocation } from '../router';
import type { CategoryTable, Figure, Indicator, Overview } from '../types';
import { ErrorBox, Loading, StatusChip, useApi } from '../ui';

export function FigureCell({ figure, unit }: { figure: Figure; unit?: string }) {
  if (figure && figure.value === null) return <td class="num missing">{figure.missing || 'missing'}</td>;
  return <td class="num" title={figure?.provenance || undefined}>{figureText(figure, unit)}</td>;
}

export function OverviewPage() {
  const { search } = useLocation();
  const choices = useAreasAndPeriods();
  const [area, setArea] = useState(search.get('area') ?? '');
  const [period, setPeriod] = useState(search.get('period') ?? '');

  useEffect(() => {
    if (choices.areas && !area) setArea(defaultArea(choices.areas));
    if (choices.periods && !period) setPeriod(defaultPeriod(choices.periods));
  }, [choices.areas, choices.periods]);
  useEffect(() => { if (area && period) setSearch({ area, period }); }, [area, period]);

  const ready = area !== '' && period !== '';
  const overview = useApi<Overview>(ready ? '/api/overview' + query({ area, ...periodParams(period) }) : null);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ErrorBox message={choices.error} />
      {choices.loading && <Loading what="areas and periods" />}
      {choices.areas && choices.periods && (
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="overview-area">Area</label>
            <AreaSelect id="overview-area" areas={choices.areas} value={area} onChange={setArea} />
          </div>
          <div class="field">
            <label for="overview-period">Period</label>
            <PeriodSelect id="overview-period" periods={choices.periods} value={period} onChange={setPeriod} />
          </div>
        </form>
      )}
      {choices.periods && choices.periods.months.length === 0 && (
        <p class="notice">No police data has been imported yet, so there is no period to show.</p>
      )}
      <ErrorBox message={overview.error} />
      {overview.loading && <Loading what="the overview" />}
      {overview.data && !overview.loading && <OverviewBody o={overview.data} />}
    </section>
  );
}

function OverviewBody({ o }: { o: Overview }) {
  const all = o.objectives.flatMap((ob) => ob.indicators);
  const count = (s: string) => all.filter((i) => i.status === s).length;
  return (
    <div class="overview">
      <p class="lede"><strong>{o.area.name}</strong>, {o.period.label}{o.plan_title && <> — {o.plan_title}</>}</p>
      <ul class="status-summary" aria-label="Indicators by status">
        <li><StatusChip status="Green" /> {count('Green')}</li>
        <li><StatusChip status="Amber" /> {count('Amber')}</li>
        <li><StatusChip status="Red" /> {count('Red')}</li>
        <li><StatusChip status="" /> {count('')}</li>
      </ul>
      {o.status_rule && <p class="muted small">How status is set: {o.status_rule}</p>}
      {o.objectives.map((ob, k) => <ObjectiveTable title={ob.objective} indicators={ob.indicators} id={`objective-${k}`} />)}
      <LargestChanges o={o} />
      {[...o.crime, ...(o.asb ? [o.asb] : [])].map((t, k) => <CategoryTableView t={t} id={`category-${k}`} />)}
      {o.notes.length > 0 && (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">Notes on the data</h2>
          <ul class="notes">{o.notes.map((n) => <li>{n}</li>)}</ul>
        </section>
      )}
    </div>
  );
}

function ObjectiveTable({ title, indicators, id }: { title: string; indicators: Indicator[]; id: string }) {
  return (
    <section aria-labelledby={id} class="objective">
      <h2 id={id}>{title}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
        <table class="indicators">
          <thead>
            <tr>
              <th scope="col">Indicator</th><th scope="col">Target</th><th scope="col" class="num">Baseline</th>
              <th scope="col" class="num">Same period last year</th><th scope="col" class="num">This period</th>
              <th scope="col" class="num">Year to date</th><th scope="col" class="num">Change</th>
              <th scope="col" class="num">% change</th><th scope="col">Status</th><th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((i) => (
              <tr data-indicator={i.id}>
                <th scope="row"><span title={i.definition}>{i.name}</span></th>
                <td>{i.target || '—'}</td>
                <FigureCell figure={i.baseline} unit={i.unit} />
                <FigureCell figure={i.same_period_last_year} unit={i.unit} />
                <FigureCell figure={i.this_period} unit={i.unit} />
                <FigureCell figure={i.year_to_date} unit={i.unit} />
                <td class="num">{differenceText(i.change)}</td>
                <td class="num">{percentText(i.change)}{i.change?.significant && <span class="sig" title="statistically significant"> *</span>}</td>
                <td><StatusChip status={i.status} reason={i.status_reason} />{i.status_reason && <span class="visually-hidden"> ({i.status_reason})</span>}</td>
                <td><Sparkline points={i.trend ?? []} label={i.name} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LargestChanges({ o }: { o: Overview }) {
  return (
    <section aria-labelledby="largest-title">
      <h2 id="largest-title">Largest significant changes</h2>
      {o.largest_changes.length === 0 ? <p class="muted">No change between {o.period.label} and the same period a year earlier is statistically significant.</p> : (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Table</th><th scope="col">Line</th><th scope="col" class="num">Same period last year</th>
              <th scope="col" class="num">This period</th><th scope="col" class="num">Change</th><th scope="col" class="num">% change</th><th scope="col" class="num">p</th></tr></thead>
            <tbody>
              {o.largest_changes.map((c) => (
                <tr>
                  <td>{c.table}</td><th scope="row">{c.label}</th><td class="num">{number(c.previous)}</td><td class="num">{number(c.current)}</td>
                  <td class="num">{signed(c.difference)}</td><td class="num">{c.percent === null ? 'n/a' : signed(Math.round(c.percent * 10) / 10) + '%'}</td>
                  <td class="num">{c.p_value === null ? '—' : c.p_value < 0.001 ? '< 0.001' : c.p_value.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CategoryTableView({ t, id }: { t: CategoryTable; id: string }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t.title}</h2>
      <div class="table-wrap">
        <table class="category-table">
          <thead><tr><th scope="col">Category</th><th scope="col" class="num">{t.previous_label}</th><th scope="col" class="num">{t.current_label}</th>
            <th scope="col" class="num">Change</th><th scope="col" class="num">% change</th></tr></thead>
          <tbody>
            {t.lines.map((l) => (
              <tr class={l.total ? 'total' : ''}>
                <th scope="row" class={`depth-${Math.min(l.depth, 4)}`}>{l.label}</th>
                <FigureCell figure={l.previous} /><FigureCell figure={l.current} />
                <td class="num">{differenceText(l.change)}</td>
                <td class="num">{percentText(l.change)}{l.change?.significant && <span class="sig" title="statistically significant"> *</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
