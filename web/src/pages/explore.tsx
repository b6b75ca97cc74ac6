// Counts by category, month and area with filters; a line over time, bars by ward or LSOA,
// a hexbin map, and the table of exactly what is counted (the CSV download has the same rows).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, query } from '../api';
import { AreaSelect, CategoryChoice, MonthSelect, defaultArea, useAreasAndPeriods } from '../choices';
import { BarChart, HexMapView, LineChart, type Series } from '../charts';
import { monthLabel, number } from '../format';
import type { Category, Counts, HexMap } from '../types';
import { ErrorBox, Loading, messageOf, useApi } from '../ui';

const dimensions = [
  { id: 'month', name: 'Month' },
  { id: 'category', name: 'Category' },
  { id: 'area', name: 'Area' },
  { id: 'ward', name: 'Ward' },
  { id: 'lsoa', name: 'LSOA' },
];

const columnNames: Record<string, string> = {
  month: 'Month', category: 'Category', area: 'Area', ward: 'Ward', lsoa: 'LSOA', force: 'Force',
  count: 'Count', denominator: 'Denominator', rate_per_1000: 'Rate per 1,000',
};

export function ExplorePage() {
  const choices = useAreasAndPeriods();
  const categories = useApi<Category[]>('/api/categories');
  const [area, setArea] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [by, setBy] = useState<string[]>(['month', 'category']);
  const [rate, setRate] = useState('');
  const [barsBy, setBarsBy] = useState<'ward' | 'lsoa'>('ward');
  const [csvError, setCsvError] = useState('');
  const [csvBusy, setCsvBusy] = useState(false);

  useEffect(() => {
    const p = choices.periods;
    if (choices.areas && !area) setArea(defaultArea(choices.areas));
    if (p && p.months.length && !from) { setFrom(p.months[0]); setTo(p.months[p.months.length - 1]); }
  }, [choices.areas, choices.periods]);

  const ready = area !== '' && from !== '' && to !== '' && from <= to;
  const filters = { area, from, to, category: chosen };
  const tableQuery = query({ ...filters, by: by.join(','), rate });
  const counts = useApi<Counts>(ready && by.length ? '/api/counts' + tableQuery : null);
  const trend = useApi<Counts>(ready ? '/api/counts' + query({ ...filters, by: 'month,category' }) : null);
  const bars = useApi<Counts>(ready ? '/api/counts' + query({ ...filters, by: barsBy }) : null);
  const map = useApi<HexMap>(ready ? '/api/map' + query(filters) : null);

  const months = useMemo(() => monthsBetween(from, to), [from, to]);
  const categoryName = useMemo(() => {
    const names = new Map((categories.data ?? []).map((c) => [c.id, c.name]));
    return (id: string) => names.get(id) ?? id;
  }, [categories.data]);

  const downloadCsv = async () => {
    setCsvBusy(true); setCsvError('');
    try { await download('/api/counts.csv' + tableQuery, 'safer-counts.csv'); } catch (e) { setCsvError(messageOf(e)); }
    setCsvBusy(false);
  };

  const p = choices.periods;
  return (
    <section aria-labelledby="explore-title">
      <h1 id="explore-title">Explore</h1>
      <ErrorBox message={choices.error || categories.error} />
      {choices.loading && <Loading what="areas and periods" />}
      {choices.areas && p && p.months.length === 0 && <p class="notice">No police data has been imported yet.</p>}
      {choices.areas && p && p.months.length > 0 && (
        <form class="controls explore-controls" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
          <div class="field"><label for="explore-area">Area</label><AreaSelect id="explore-area" areas={choices.areas} value={area} onChange={setArea} /></div>
          <div class="field"><label for="explore-from">From</label><MonthSelect id="explore-from" months={p.months} value={from} onChange={setFrom} /></div>
          <div class="field"><label for="explore-to">To</label><MonthSelect id="explore-to" months={p.months} value={to} onChange={setTo} /></div>
          <div class="field">
            <label for="explore-rate">Show</label>
            <select id="explore-rate" value={rate} onChange={(e) => setRate(e.currentTarget.value)}>
              <option value="">Counts</option>
              <option value="population">Counts and rate per 1,000 people</option>
              <option value="households">Counts and rate per 1,000 households</option>
            </select>
          </div>
          <fieldset class="field group-by">
            <legend>Group by</legend>
            {dimensions.map((d) => (
              <label class="inline"><input type="checkbox" name="by" value={d.id} checked={by.includes(d.id)}
                onChange={(e) => setBy(e.currentTarget.checked ? dimensions.map((x) => x.id).filter((x) => x === d.id || by.includes(x)) : by.filter((x) => x !== d.id))} /> {d.name}</label>
            ))}
          </fieldset>
          {categories.data && (
            <CategoryChoice categories={categories.data} chosen={chosen} onChange={setChosen} />
          )}
        </form>
      )}
      {from > to && <p class="error" role="alert">The first month must not be after the last.</p>}
      {by.length === 0 && <p class="notice">Choose at least one thing to group by.</p>}

      <section aria-labelledby="counts-title">
        <div class="section-head">
          <h2 id="counts-title">Counts</h2>
          <button type="button" onClick={downloadCsv} disabled={!counts.data || csvBusy} class="primary">{csvBusy ? 'Preparing CSV…' : 'Download CSV of this table'}</button>
        </div>
        <ErrorBox message={counts.error || csvError} />
        {counts.loading && <Loading what="counts" />}
        {counts.data && <CountsTable counts={counts.data} withRate={rate !== ''} categoryName={categoryName} />}
      </section>

      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Over time</h2>
        <ErrorBox message={trend.error} />
        {trend.loading && <Loading what="the chart" />}
        {trend.data && <TrendChart counts={trend.data} months={months} categoryName={categoryName} />}
      </section>

      <section aria-labelledby="bars-title">
        <div class="section-head">
          <h2 id="bars-title">By {barsBy === 'ward' ? 'ward' : 'LSOA'}</h2>
          <div class="field inline-field">
            <label for="bars-by">Bars by</label>
            <select id="bars-by" value={barsBy} onChange={(e) => setBarsBy(e.currentTarget.value as 'ward' | 'lsoa')}>
              <option value="ward">Ward</option><option value="lsoa">LSOA</option>
            </select>
          </div>
        </div>
        <ErrorBox message={bars.error} />
        {bars.loading && <Loading what="the bars" />}
        {bars.data && <Bars counts={bars.data} what={barsBy === 'ward' ? 'ward' : 'LSOA'} />}
      </section>

      <section aria-labelledby="map-title">
        <h2 id="map-title">Map</h2>
        <ErrorBox message={map.error} />
        {map.loading && <Loading what="the map" />}
        {map.data && <HexMapView map={map.data} title={`Incidents in ${area}, ${monthLabel(from)} to ${monthLabel(to)}, by hexagon`} />}
      </section>
    </section>
  );
}

// Columns as the CSV has them: the rate columns only when a rate was asked for.
function CountsTable({ counts, withRate: hasRate, categoryName }: { counts: Counts; withRate: boolean; categoryName: (id: string) => string }) {
  const headers = [...counts.columns, 'count', ...(hasRate ? ['denominator', 'rate_per_1000'] : [])];
  const categoryColumn = counts.columns.indexOf('category');
  return (
    <>
      <p><strong>{number(counts.total)}</strong> in all, in {number(counts.rows.length)} row{counts.rows.length === 1 ? '' : 's'}.
        {counts.missing_months.length > 0 && <> No police data is held for {counts.missing_months.map(monthLabel).join(', ')}: those months are missing, not zero.</>}</p>
      {counts.notes.length > 0 && <ul class="notes">{counts.notes.map((n) => <li>{n}</li>)}</ul>}
      <div class="table-wrap tall" tabIndex={0} role="region" aria-labelledby="counts-title">
        <table class="counts" id="counts-table">
          <thead><tr>{headers.map((h) => <th scope="col" class={h === 'count' || h === 'denominator' || h === 'rate_per_1000' ? 'num' : ''}>{columnNames[h] ?? h}</th>)}</tr></thead>
          <tbody>
            {counts.rows.map((r) => (
              <tr>
                {r.keys.map((k, i) => <td data-key={k}>{i === categoryColumn ? categoryName(k) : k}</td>)}
                <td class="num" data-count={r.count}>{number(r.count)}</td>
                {hasRate && <td class="num">{r.denominator == null ? 'no population' : number(r.denominator)}</td>}
                {hasRate && <td class="num">{r.rate_per_1000 == null ? 'n/a' : number(r.rate_per_1000)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TrendChart({ counts, months, categoryName }: { counts: Counts; months: string[]; categoryName: (id: string) => string }) {
  const m = counts.columns.indexOf('month'), c = counts.columns.indexOf('category');
  const byCategory = new Map<string, Map<string, number>>();
  for (const r of counts.rows) {
    const key = c >= 0 ? r.keys[c] : 'All';
    if (!byCategory.has(key)) byCategory.set(key, new Map());
    byCategory.get(key)!.set(r.keys[m], r.count);
  }
  const total = (v: Map<string, number>) => [...v.values()].reduce((a, b) => a + b, 0);
  // The six largest categories keep the chart readable; the table holds every one.
  const top = [...byCategory.entries()].sort((a, b) => total(b[1]) - total(a[1])).slice(0, 6);
  const missing = new Set(counts.missing_months);
  const series: Series[] = top.map(([name, values]) => ({
    name: categoryName(name),
    values: months.map((month) => (missing.has(month) ? null : values.get(month) ?? 0)),
  }));
  if (series.length === 0) return <p class="muted">Nothing to draw: no incident matches these filters.</p>;
  return (
    <>
      <LineChart months={months} series={series} title={`Incidents per month, the ${series.length} largest categories`} />
      {byCategory.size > 6 && <p class="muted small">The six largest of {byCategory.size} categories are drawn.</p>}
    </>
  );
}

function Bars({ counts, what }: { counts: Counts; what: string }) {
  const rows = [...counts.rows].sort((a, b) => b.count - a.count);
  const shown = rows.slice(0, 20).map((r) => ({ label: r.keys.join(', ') || 'no location', value: r.count }));
  if (shown.length === 0) return <p class="muted">Nothing to draw: no incident matches these filters.</p>;
  return (
    <>
      <BarChart bars={shown} title={`Incidents by ${what}, largest first`} />
      {rows.length > 20 && <p class="muted small">The 20 largest of {rows.length} are drawn.</p>}
    </>
  );
}

function monthsBetween(from: string, to: string): string[] {
  if (!from || !to || from > to) return [];
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (let guard = 0; guard < 600; guard++) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= to) break;
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}
