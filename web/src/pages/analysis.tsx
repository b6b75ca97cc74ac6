// The analyst's toolkit against the store: concentration (top-N table, Lorenz curve, Gini),
// hot spots as a layer on the area's map (kernel density or Gi* after FDR correction), change
// that matters (the expected monthly range, significant changes) and repeat locations.
// Every figure shown is the API's; the page only lays it out, and says "missing" where the
// API does, never 0.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, query } from '../api';
import { AreaSelect, CategoryChoice, MonthSelect, defaultArea, useAreasAndPeriods } from '../choices';
import { HexOutline, mapPlane, type MapPlane } from '../charts';
import { monthLabel, number } from '../format';
import { setSearch, useLocation } from '../router';
import type {
  Category, ChangeAnswer, ConcentrationAnswer, ExceedanceAnswer, ExceedanceMonth, GiCellJson, HexMap, HotspotAnswer,
  RepeatLocationsAnswer,
} from '../types';
import { ErrorBox, Loading, messageOf, useApi } from '../ui';

type Unit = 'ward' | 'lsoa' | 'cell';

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const tenth = (v: number) => oneDecimal.format(v);
const percent = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? 'missing' : `${v.toFixed(digits)}%`);

export function AnalysisPage() {
  const choices = useAreasAndPeriods();
  const categories = useApi<Category[]>('/api/categories');
  const { search } = useLocation();
  const [area, setArea] = useState(search.get('area') ?? '');
  const [from, setFrom] = useState(search.get('from') ?? '');
  const [to, setTo] = useState(search.get('to') ?? '');
  const [chosen, setChosen] = useState<string[]>(search.getAll('category'));

  useEffect(() => {
    const p = choices.periods;
    if (choices.areas && !area) setArea(defaultArea(choices.areas));
    if (p && p.months.length && !from) { setFrom(p.months[0]); setTo(p.months[p.months.length - 1]); }
  }, [choices.areas, choices.periods]);
  useEffect(() => { if (area && from && to) setSearch({ area, from, to }); }, [area, from, to]);

  const categoryName = useMemo(() => {
    const names = new Map((categories.data ?? []).map((c) => [c.id, c.name]));
    return (id: string | null) => (id === null ? 'All categories' : names.get(id) ?? id);
  }, [categories.data]);

  const ready = area !== '' && from !== '' && to !== '' && from <= to;
  const filters = { area, from, to, category: chosen };
  const what = chosen.length === 0 ? 'all incidents' : chosen.length === 1 ? categoryName(chosen[0]).toLowerCase() + ' incidents' : `incidents of the ${chosen.length} categories chosen`;
  const p = choices.periods;
  return (
    <section aria-labelledby="analysis-title">
      <h1 id="analysis-title">Analysis</h1>
      <p class="lede">Where incidents concentrate, where the hot spots are, which months and changes matter, and where incidents repeat.</p>
      <ErrorBox message={choices.error || categories.error} />
      {choices.loading && <Loading what="areas and periods" />}
      {choices.areas && p && p.months.length === 0 && <p class="notice">No police data has been imported yet.</p>}
      {choices.areas && p && p.months.length > 0 && (
        <form class="controls explore-controls" onSubmit={(e) => e.preventDefault()} aria-label="What to analyse">
          <div class="field"><label for="analysis-area">Area</label><AreaSelect id="analysis-area" areas={choices.areas} value={area} onChange={setArea} /></div>
          <div class="field"><label for="analysis-from">From</label><MonthSelect id="analysis-from" months={p.months} value={from} onChange={setFrom} /></div>
          <div class="field"><label for="analysis-to">To</label><MonthSelect id="analysis-to" months={p.months} value={to} onChange={setTo} /></div>
          {categories.data && (
            <CategoryChoice categories={categories.data} chosen={chosen} onChange={setChosen} />
          )}
        </form>
      )}
      {from > to && <p class="error" role="alert">The first month must not be after the last.</p>}
      {ready && (
        <>
          <ConcentrationSection filters={filters} what={what} />
          <HotspotSection filters={filters} />
          <ChangeSection filters={filters} categoryName={categoryName} />
          <RepeatSection filters={filters} />
        </>
      )}
    </section>
  );
}

interface Filters { area: string; from: string; to: string; category: string[] }

const period = (f: Filters) => (f.from === f.to ? monthLabel(f.from) : `${monthLabel(f.from)} to ${monthLabel(f.to)}`);

// A text box that hands its value on when it is committed (Enter or leaving it), and keeps
// what is being typed across re-renders meanwhile. The API checks the value and says why
// when it refuses it.
function DraftInput({ id, value, onCommit, size, inputMode, placeholder, describedBy }: {
  id: string; value: string; onCommit: (v: string) => void; size: number; inputMode: 'numeric' | 'decimal';
  placeholder?: string; describedBy?: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <input id={id} type="text" inputMode={inputMode} size={size} value={draft} placeholder={placeholder} aria-describedby={describedBy}
      onInput={(e) => setDraft(e.currentTarget.value)} onChange={(e) => onCommit(e.currentTarget.value.trim())} />
  );
}

// ---- Concentration ----

function ConcentrationSection({ filters, what }: { filters: Filters; what: string }) {
  const [by, setBy] = useState<Unit>('ward');
  const [top, setTop] = useState('10');
  const [cell, setCell] = useState('250');
  const answer = useApi<ConcentrationAnswer>('/api/analyse/concentration' + query({ ...filters, by, top, cell: by === 'cell' ? cell : undefined }));
  return (
    <section aria-labelledby="concentration-title" class="analysis-section">
      <div class="section-head">
        <h2 id="concentration-title">Concentration</h2>
        <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Concentration settings">
          <div class="field inline-field">
            <label for="concentration-by">Areas</label>
            <select id="concentration-by" value={by} onChange={(e) => setBy(e.currentTarget.value as Unit)}>
              <option value="ward">Wards</option><option value="lsoa">LSOAs</option><option value="cell">Grid cells</option>
            </select>
          </div>
          <div class="field inline-field">
            <label for="concentration-top">Top</label>
            <DraftInput id="concentration-top" inputMode="numeric" size={5} value={top} onCommit={setTop} />
          </div>
          {by === 'cell' && (
            <div class="field inline-field">
              <label for="concentration-cell">Cell (metres)</label>
              <DraftInput id="concentration-cell" inputMode="numeric" size={6} value={cell} onCommit={setCell} />
            </div>
          )}
        </form>
      </div>
      <ErrorBox message={answer.error} />
      {answer.loading && <Loading what="the concentration" />}
      {answer.data && !answer.loading && <ConcentrationView c={answer.data} what={what} />}
    </section>
  );
}

function ConcentrationView({ c, what }: { c: ConcentrationAnswer; what: string }) {
  const shown = c.ranked.slice(0, c.top_n);
  const rest = c.total - c.top_n_count;
  const share = (n: number) => (c.total > 0 ? percent((100 * n) / c.total) : 'none to share');
  let cumulative = 0;
  const units = c.units;
  return (
    <>
      <p class="sentence" id="concentration-sentence">
        {c.total === 0
          ? <>No {what} in {c.area} from {monthLabel(c.from)} to {monthLabel(c.to)} could be placed in {units}: there is nothing to rank.</>
          : <><strong>{percent(c.top_n_percent)}</strong> of {what} in {c.area} ({number(c.total)}, {monthLabel(c.from)}{c.from === c.to ? '' : ` to ${monthLabel(c.to)}`}) took place in <strong>{number(c.top_n)}</strong> of its {number(c.ranked.length)} {units}.
            {' '}Gini coefficient <strong>{c.gini.toFixed(3)}</strong> (0 when every one of the {units} holds the same number; near 1 when one holds them all).</>}
      </p>
      {c.not_ranked > 0 && <p class="notice">{number(c.not_ranked)} incident{c.not_ranked === 1 ? '' : 's'} could not be placed in one of the {units}: they are not ranked and not in the total below.</p>}
      {c.missing_months.length > 0 && <p class="notice">No police data is held for {c.missing_months.map(monthLabel).join(', ')}: those months are missing, not zero.</p>}
      <div class="analysis-pair">
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="concentration-caption">
          <table class="counts" id="concentration-table">
            <caption id="concentration-caption">The {number(c.top_n)} {units} with the most incidents, the rest of {c.area}, and the total</caption>
            <thead><tr><th scope="col" class="num">Rank</th><th scope="col">{units[0].toUpperCase() + units.slice(1)}</th><th scope="col" class="num">Incidents</th><th scope="col" class="num">% of total</th><th scope="col" class="num">Cumulative %</th></tr></thead>
            <tbody>
              {shown.map((r, i) => {
                cumulative += r.count;
                return (
                  <tr data-rank={i + 1}>
                    <td class="num">{i + 1}</td>
                    <th scope="row" data-name={r.name}>{r.name}</th>
                    <td class="num" data-count={r.count}>{number(r.count)}</td>
                    <td class="num">{share(r.count)}</td>
                    <td class="num">{share(cumulative)}</td>
                  </tr>
                );
              })}
              <tr class="rest" data-rest={rest}>
                <td class="num" />
                <th scope="row">Rest of {c.area}: the other {number(c.ranked.length - shown.length)} of its {number(c.ranked.length)} {units}</th>
                <td class="num" data-count={rest}>{number(rest)}</td>
                <td class="num">{share(rest)}</td>
                <td class="num">{share(c.total)}</td>
              </tr>
            </tbody>
            <tfoot>
              <tr class="total" data-total={c.total}>
                <td class="num" />
                <th scope="row">Total</th>
                <td class="num" data-count={c.total}>{number(c.total)}</td>
                <td class="num">{c.total > 0 ? '100.0%' : 'none'}</td>
                <td class="num" />
              </tr>
            </tfoot>
          </table>
        </div>
        <LorenzCurve c={c} />
      </div>
      {c.notes.length > 0 && <ul class="notes">{c.notes.map((n) => <li>{n}</li>)}</ul>}
    </>
  );
}

// The Lorenz curve as the API gives it (cumulative share after k areas, least first) over the
// line of equality.
function LorenzCurve({ c }: { c: ConcentrationAnswer }) {
  const size = 300, left = 64, right = 16, top = 12, bottom = 44;
  const n = c.lorenz.length - 1;
  if (n < 1 || c.total === 0) return null;
  const x = (k: number) => left + ((size - left - right) * k) / n;
  const y = (s: number) => size - bottom - (size - top - bottom) * s;
  const d = c.lorenz.map((s, k) => `${k === 0 ? 'M' : 'L'}${x(k).toFixed(1)} ${y(s).toFixed(1)}`).join(' ');
  const label = `Lorenz curve of incidents over ${n} ${c.units}, fewest incidents first; Gini coefficient ${c.gini.toFixed(3)}. The diagonal is an even spread.`;
  return (
    <figure class="chart lorenz">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} class="lorenz-chart">
        <title>{label}</title>
        <rect x={left} y={top} width={size - left - right} height={size - top - bottom} class="lorenz-frame" />
        <line x1={x(0)} y1={y(0)} x2={x(n)} y2={y(1)} class="lorenz-diagonal" />
        <path d={d} class="lorenz-line" />
        {[0, 0.5, 1].map((t) => <text x={left - 6} y={y(t) + 4} class="axis-label" text-anchor="end">{t * 100}%</text>)}
        {[0, 0.5, 1].map((t) => <text x={x(t * n)} y={size - bottom + 16} class="axis-label" text-anchor="middle">{t * 100}%</text>)}
        <text x={(left + size - right) / 2} y={size - 8} class="axis-label" text-anchor="middle">share of {c.units}, fewest incidents first</text>
        <text x={14} y={(top + size - bottom) / 2} class="axis-label" text-anchor="middle" transform={`rotate(-90 14 ${(top + size - bottom) / 2})`}>share of incidents</text>
      </svg>
      <figcaption>Gini coefficient {c.gini.toFixed(3)}. The dashed diagonal is an even spread; the further the curve bows below it, the more concentrated.</figcaption>
    </figure>
  );
}

// ---- Hot spots ----

const giWords: Record<number, string> = {
  3: 'Hot spot, 99% confidence', 2: 'Hot spot, 95% confidence', 1: 'Hot spot, 90% confidence',
  0: 'Not significant (holds incidents)',
  [-1]: 'Cold spot, 90% confidence', [-2]: 'Cold spot, 95% confidence', [-3]: 'Cold spot, 99% confidence',
};
const giClass = (k: number) => (k > 0 ? `gi-hot-${k}` : k < 0 ? `gi-cold-${-k}` : 'gi-none');

function HotspotSection({ filters }: { filters: Filters }) {
  const [layer, setLayer] = useState<'gi' | 'density'>('gi');
  // Blank is the documented default (docs/hotspots.md); the API refuses values out of range with a sentence.
  const [settings, setSettings] = useState<Record<string, string>>({});
  const hot = useApi<HotspotAnswer>('/api/analyse/hotspots' + query({ ...filters, ...settings }));
  const used = hot.data?.settings;
  const [saving, setSaving] = useState({ busy: false, error: '', saved: '' });
  const saveGeoJson = async () => {
    setSaving({ busy: true, error: '', saved: '' });
    try {
      const name = await download('/api/analyse/hotspots' + query({ ...filters, ...settings, format: 'geojson' }), `safer-hotspots-${filters.area}-${filters.from}-${filters.to}.geojson`);
      setSaving({ busy: false, error: '', saved: name });
    } catch (e) { setSaving({ busy: false, error: messageOf(e), saved: '' }); }
  };
  const setting = (name: string, label: string, value: number | undefined, hint: string) => (
    <div class="field">
      <label for={`hotspot-${name}`}>{label}</label>
      <DraftInput id={`hotspot-${name}`} inputMode="decimal" size={8} value={settings[name] ?? ''}
        placeholder={value === undefined ? 'automatic' : String(Math.round(value * 10000) / 10000)} describedBy={`hotspot-${name}-hint`}
        onCommit={(v) => setSettings({ ...settings, [name]: v })} />
      <small class="hint" id={`hotspot-${name}-hint`}>{hint}</small>
    </div>
  );
  const base = useApi<HexMap>('/api/map' + query({ ...filters }));
  return (
    <section aria-labelledby="hotspots-title" class="analysis-section">
      <div class="section-head">
        <h2 id="hotspots-title">Hot spots</h2>
        <div class="toggle" role="group" aria-label="Map layer">
          <button type="button" aria-pressed={layer === 'gi'} onClick={() => setLayer('gi')}>Gi* hot and cold spots</button>
          <button type="button" aria-pressed={layer === 'density'} onClick={() => setLayer('density')}>Kernel density</button>
        </div>
        <button type="button" onClick={saveGeoJson} disabled={!hot.data || saving.busy}>{saving.busy ? 'Preparing GeoJSON…' : 'Download the Gi* grid as GeoJSON'}</button>
      </div>
      {saving.saved && <p class="success" role="status">Saved {saving.saved}.</p>}
      <ErrorBox message={saving.error} />
      <details class="settings">
        <summary>Settings: cell sizes, bandwidth, neighbourhood, false discovery rate</summary>
        <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Hot-spot settings">
          {setting('cell', 'Density cell (m)', used?.cell_metres, 'blank: the shorter side of the extent ÷ 150')}
          {setting('bandwidth', 'Bandwidth (m)', used?.bandwidth_metres, 'blank: 5 density cells')}
          {setting('gi_cell', 'Gi* cell (m)', used?.gi_cell_metres, 'blank: 250 m')}
          {setting('gi_distance', 'Gi* neighbours within (m)', used?.gi_distance_metres, 'blank: 1.5 Gi* cells')}
          {setting('fdr', 'False discovery rate q', used?.fdr, 'blank: 0.05')}
          {Object.values(settings).some((v) => v) && <button type="button" class="link-button" onClick={() => setSettings({})}>Back to the defaults</button>}
        </form>
      </details>
      <ErrorBox message={hot.error} />
      {(hot.loading || base.loading) && <Loading what="the hot spots" />}
      {hot.data && !hot.loading && !base.loading && (
        <HotspotView h={hot.data} base={base.data} layer={layer} period={period(filters)} area={filters.area} />
      )}
    </section>
  );
}

function HotspotView({ h, base, layer, period, area }: { h: HotspotAnswer; base: HexMap | null; layer: 'gi' | 'density'; period: string; area: string }) {
  // The area's map plane when /api/map answered (its outline drawn beneath), else the hot spots' own.
  const origin = base?.origin ?? h.origin;
  const draft = mapPlane(origin, [{ x: 0, y: 0 }], 0)!;
  const corners = [h.gi.frame, h.density.frame].flatMap((f) => [draft.project(f.south_west.lng, f.south_west.lat), draft.project(f.north_east.lng, f.north_east.lat)]);
  const plane = mapPlane(origin, [...(base?.outline ?? []), ...corners], base ? base.cell_metres / Math.sqrt(3) : 0)!;
  const hotCells = h.gi.cells.filter((c) => c.class > 0).sort((a, b) => b.z - a.z);
  const s = h.settings;
  const title = layer === 'gi'
    ? `Getis-Ord Gi* hot and cold spots, ${area}, ${period}: ${h.gi.cells.length} cells of ${number(s.gi_cell_metres)} m, ${h.summary.hot_cells} hot, ${h.summary.cold_cells} cold`
    : `Kernel density of incidents, ${area}, ${period}: quartic kernel, bandwidth ${number(s.bandwidth_metres)} m, cells of ${number(s.cell_metres)} m`;
  return (
    <>
      <p class="sentence" id="hotspot-sentence">{h.summary.sentence[0].toUpperCase() + h.summary.sentence.slice(1)}.</p>
      <figure class="chart">
        <svg viewBox={`0 0 ${plane.width.toFixed(0)} ${plane.height.toFixed(0)}`} role="img" aria-label={title} class="hex-map hotspot-map" data-layer={layer}>
          <title>{title}</title>
          {base && <HexOutline map={base} plane={plane} />}
          {layer === 'gi' ? <GiLayer cells={h.gi.cells} plane={plane} /> : <DensityLayer h={h} plane={plane} />}
        </svg>
        <figcaption>
          {layer === 'gi' ? <GiLegend h={h} /> : <DensityLegend h={h} />}
          <p>North is up.{base ? ' Grey hexagons are where the area\'s incidents have ever been placed.' : ''}
            {' '}{number(h.incidents.placed)} incidents are placed; {number(h.incidents.without_location)} have no location and are not mapped.</p>
        </figcaption>
      </figure>
      <details>
        <summary>How the hot spots are found</summary>
        <p>Kernel density: quartic kernel, bandwidth {number(s.bandwidth_metres)} m, evaluated on cells of {number(s.cell_metres)} m, in {h.density.unit}.
          Getis-Ord Gi*: counts on cells of {number(s.gi_cell_metres)} m, neighbours within {number(s.gi_distance_metres)} m between centres,
          p-values corrected for testing every cell with the Benjamini–Hochberg false discovery rate (q = {s.fdr}).
          The cells listed are {h.gi.cells_listed}. See docs/hotspots.md.</p>
      </details>
      {h.notes.length > 0 && <ul class="notes">{h.notes.map((n) => <li>{n}</li>)}</ul>}
      <h3 id="hot-cells-title">The hottest cells</h3>
      {hotCells.length === 0
        ? <p class="muted">No cell is a hot spot at 90% confidence after correction.</p>
        : (
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="hot-cells-caption">
            <table id="hot-cells-table">
              <caption id="hot-cells-caption">{hotCells.length > 10 ? `The 10 of ${hotCells.length} cells` : `The ${hotCells.length} cell${hotCells.length === 1 ? '' : 's'}`} hot at 90% confidence or more after correction, highest Gi* z-score first</caption>
              <thead><tr><th scope="col">Cell centre (latitude, longitude)</th><th scope="col" class="num">Incidents</th><th scope="col" class="num">Density ({h.density.unit})</th><th scope="col" class="num">Gi* z</th><th scope="col" class="num">p (FDR-adjusted)</th><th scope="col">Class</th></tr></thead>
              <tbody>
                {hotCells.slice(0, 10).map((c) => (
                  <tr>
                    <th scope="row">{c.centre.lat.toFixed(5)}, {c.centre.lng.toFixed(5)}</th>
                    <td class="num">{number(c.count)}</td>
                    <td class="num">{c.density === null ? 'missing' : number(Math.round(c.density))}</td>
                    <td class="num">{c.z.toFixed(2)}</td>
                    <td class="num">{c.p_adjusted < 0.0001 ? '< 0.0001' : c.p_adjusted.toFixed(4)}</td>
                    <td>{c.class_name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
}

function cellRect(plane: MapPlane, west: number, south: number, east: number, north: number) {
  const sw = plane.project(west, south), ne = plane.project(east, north);
  return { x: plane.sx(sw.x), y: plane.sy(ne.y), width: ne.x - sw.x, height: ne.y - sw.y };
}

function GiLayer({ cells, plane }: { cells: GiCellJson[]; plane: MapPlane }) {
  return (
    <g class="gi-layer">
      {cells.map((c) => {
        const r = cellRect(plane, ...c.bounds);
        return (
          <rect x={r.x.toFixed(1)} y={r.y.toFixed(1)} width={r.width.toFixed(1)} height={r.height.toFixed(1)}
            class={`gi-cell ${giClass(c.class)}`} data-class={c.class}>
            <title>{`${giWords[c.class] ?? c.class_name}: ${number(c.count)} incident${c.count === 1 ? '' : 's'}, z ${c.z.toFixed(2)}, adjusted p ${c.p_adjusted.toFixed(4)}`}</title>
          </rect>
        );
      })}
    </g>
  );
}

function GiLegend({ h }: { h: HotspotAnswer }) {
  const present = new Set(h.gi.cells.map((c) => c.class));
  return (
    <ul class="legend gi-legend">
      {[3, 2, 1, 0, -1, -2, -3].filter((k) => present.has(k)).map((k) => (
        <li><span class={`swatch ${giClass(k)}`} aria-hidden="true" />{giWords[k]} ({number(h.gi.cells.filter((c) => c.class === k).length)})</li>
      ))}
    </ul>
  );
}

// Six shades on a square-root scale of the largest density (as Explore's hexbins), so the
// spread of low densities still shows; runs of one shade along a row are one rectangle, so a
// fine grid stays a few thousand shapes.
function densityShade(v: number, max: number) { return max > 0 && v > 0 ? Math.min(6, Math.max(1, Math.ceil(6 * Math.sqrt(v / max)))) : 0; }
const shadeEdge = (k: number, max: number) => ((k / 6) ** 2) * max;

function DensityLayer({ h, plane }: { h: HotspotAnswer; plane: MapPlane }) {
  const d = h.density;
  if (!d.values) return null;
  const f = d.frame;
  const sw = plane.project(f.south_west.lng, f.south_west.lat), ne = plane.project(f.north_east.lng, f.north_east.lat);
  const w = (ne.x - sw.x) / f.cols, hgt = (ne.y - sw.y) / f.rows;
  const rects: preact.JSX.Element[] = [];
  for (let r = 0; r < f.rows; r++) {
    let c = 0;
    while (c < f.cols) {
      const k = densityShade(d.values[r * f.cols + c], d.max);
      let end = c + 1;
      while (end < f.cols && densityShade(d.values[r * f.cols + end], d.max) === k) end++;
      if (k > 0) {
        rects.push(<rect x={plane.sx(sw.x + c * w).toFixed(1)} y={plane.sy(sw.y + (r + 1) * hgt).toFixed(1)}
          width={((end - c) * w + 0.5).toFixed(1)} height={(hgt + 0.5).toFixed(1)} class={`density density-${k}`} />);
      }
      c = end;
    }
  }
  return <g class="density-layer">{rects}</g>;
}

function DensityLegend({ h }: { h: HotspotAnswer }) {
  const max = h.density.max;
  if (!h.density.values) return <p class="notice">The density grid is too large to send to the browser; choose a larger cell or a smaller area.</p>;
  return (
    <ul class="legend density-legend">
      {[1, 2, 3, 4, 5, 6].map((k) => (
        <li><span class={`swatch density-${k}`} aria-hidden="true" />{k === 1 ? 'above 0' : `over ${number(Math.round(shadeEdge(k - 1, max)))}`} to {number(Math.round(shadeEdge(k, max)))} {h.density.unit}</li>
      ))}
    </ul>
  );
}

// ---- Change that matters ----

function ChangeSection({ filters, categoryName }: { filters: Filters; categoryName: (id: string | null) => string }) {
  const exceedance = useApi<ExceedanceAnswer>('/api/analyse/exceedance' + query({ ...filters }));
  const change = useApi<ChangeAnswer>('/api/analyse/change' + query({ ...filters, by: 'category' }));
  const overall = useApi<ChangeAnswer>('/api/analyse/change' + query({ ...filters }));
  const allName = filters.category.length === 0 ? 'All categories' : filters.category.length === 1 ? categoryName(filters.category[0]) : 'The categories chosen';
  const name = (id: string | null) => (id === null ? allName : categoryName(id));
  return (
    <section aria-labelledby="change-title" class="analysis-section">
      <h2 id="change-title">Change that matters</h2>
      <h3 id="exceedance-title">Months outside the expected range</h3>
      <ErrorBox message={exceedance.error} />
      {exceedance.loading && <Loading what="the expected ranges" />}
      {exceedance.data && !exceedance.loading && <ExceedanceView e={exceedance.data} />}
      <h3 id="changes-title">Changes from the previous period and from a year earlier</h3>
      <ErrorBox message={change.error || overall.error} />
      {(change.loading || overall.loading) && <Loading what="the changes" />}
      {change.data && overall.data && !change.loading && !overall.loading && <ChangeView overall={overall.data} c={change.data} categoryName={name} />}
    </section>
  );
}

const flagWords: Record<string, string> = {
  above: 'Above the expected range', below: 'Below the expected range', within: 'Within the expected range',
  'not enough history': 'Not assessed: fewer than 24 previous months held', 'no data': 'Missing: no data held for this month',
};

function ExceedanceView({ e }: { e: ExceedanceAnswer }) {
  const s = e.series[0];
  if (!s) return <p class="muted">No series to assess.</p>;
  const flagged = [...e.above.map((m) => `${monthLabel(m.month)} (above)`), ...e.below.map((m) => `${monthLabel(m.month)} (below)`)];
  return (
    <>
      <p class="sentence" id="exceedance-sentence">
        {flagged.length === 0 ? 'No month is outside the range expected from its previous 24 months' : `Outside the range expected from the previous 24 months: ${flagged.join(', ')}`}
        {' '}({Math.round(e.level * 100)}% prediction interval, seasonality aware).
      </p>
      <ExceedanceChart months={s.months} level={e.level} area={e.area.name} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="exceedance-caption">
        <table id="exceedance-table">
          <caption id="exceedance-caption">Each month's count beside the range expected from the previous {e.history_months} months</caption>
          <thead><tr><th scope="col">Month</th><th scope="col" class="num">Count</th><th scope="col" class="num">Expected</th><th scope="col" class="num">Range</th><th scope="col">Assessment</th></tr></thead>
          <tbody>
            {s.months.map((m) => (
              <tr data-flag={m.flag}>
                <th scope="row">{monthLabel(m.month)}</th>
                <td class={m.count === null ? 'missing' : 'num'}>{m.count === null ? 'missing: no data held' : number(m.count)}</td>
                <td class={m.expected === null ? 'missing' : 'num'}>{m.expected === null ? 'not assessed' : tenth(m.expected)}</td>
                <td class={m.low === null ? 'missing' : 'num'}>{m.low === null || m.high === null ? `${m.history_held} of ${e.history_months} months held` : `${tenth(m.low)}–${tenth(m.high)}`}</td>
                <td>{m.flag === 'above' || m.flag === 'below' ? <strong>{flagWords[m.flag]}</strong> : flagWords[m.flag] ?? m.flag}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {e.notes.length > 0 && <ul class="notes">{e.notes.map((n) => <li>{n}</li>)}</ul>}
    </>
  );
}

// The count per month as a line (gaps where no data is held), the expected range as a band,
// and flagged months as marks with their direction in words.
function ExceedanceChart({ months, level, area }: { months: ExceedanceMonth[]; level: number; area: string }) {
  const w = 720, h = 240, left = 56, right = 40, top = 16, bottom = 36;
  const values = months.flatMap((m) => [m.count, m.low, m.high]).filter((v): v is number => v !== null);
  if (values.length === 0) return <p class="muted">Nothing to draw: no month in the period has data held.</p>;
  const max = Math.max(1, ...values) * 1.1;
  const x = (i: number) => left + (months.length === 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (months.length - 1));
  const y = (v: number) => h - bottom - (v * (h - top - bottom)) / max;
  const path = (pick: (m: ExceedanceMonth) => number | null) => {
    let d = '', pen = false;
    months.forEach((m, i) => {
      const v = pick(m);
      if (v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  // One band polygon per run of months that have a range.
  const bands: string[] = [];
  let run: number[] = [];
  const flush = () => {
    // A month alone still shows its range: a short bar either side of it.
    if (run.length === 1) {
      const i = run[0], m = months[i];
      bands.push([[x(i) - 6, m.high!], [x(i) + 6, m.high!], [x(i) + 6, m.low!], [x(i) - 6, m.low!]].map(([px, v]) => `${px.toFixed(1)},${y(v).toFixed(1)}`).join(' '));
    } else if (run.length) bands.push([...run.map((i) => `${x(i).toFixed(1)},${y(months[i].high!).toFixed(1)}`), ...[...run].reverse().map((i) => `${x(i).toFixed(1)},${y(months[i].low!).toFixed(1)}`)].join(' '));
    run = [];
  };
  months.forEach((m, i) => { if (m.low !== null && m.high !== null) run.push(i); else flush(); });
  flush();
  const every = Math.ceil(months.length / 8);
  const label = `Incidents per month in ${area} with the ${Math.round(level * 100)}% expected range: ${months.map((m) => `${monthLabel(m.month)} ${m.count === null ? 'missing' : m.count}${m.flag === 'above' || m.flag === 'below' ? ` (${m.flag} the range)` : ''}`).join('; ')}`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} class="line-chart exceedance-chart">
        <title>{label}</title>
        {bands.map((p) => <polygon points={p} class="expected-band" />)}
        <path d={path((m) => m.expected)} class="expected-line" />
        <path d={path((m) => m.count)} class="count-line" />
        {months.map((m, i) => m.count !== null && (
          <g>
            {m.flag === 'above' || m.flag === 'below'
              ? <path d={m.flag === 'above' ? `M${x(i) - 6} ${y(m.count) + 4} L${x(i)} ${y(m.count) - 7} L${x(i) + 6} ${y(m.count) + 4} Z` : `M${x(i) - 6} ${y(m.count) - 4} L${x(i)} ${y(m.count) + 7} L${x(i) + 6} ${y(m.count) - 4} Z`}
                class={`flag flag-${m.flag}`}><title>{`${monthLabel(m.month)}: ${m.count}, ${m.flag} the expected range`}</title></path>
              : <circle cx={x(i)} cy={y(m.count)} r="3" class="count-dot"><title>{`${monthLabel(m.month)}: ${m.count}`}</title></circle>}
          </g>
        ))}
        {months.map((m, i) => i % every === 0 && <text x={x(i)} y={h - bottom + 18} class="axis-label" text-anchor="middle">{monthLabel(m.month).replace(/^(\w{3})\w* (\d{4})/, '$1 $2')}</text>)}
        <text x={left - 6} y={y(0) + 4} class="axis-label" text-anchor="end">0</text>
        <text x={left - 6} y={y(max / 1.1) + 4} class="axis-label" text-anchor="end">{number(Math.round(max / 1.1))}</text>
      </svg>
      <figcaption>
        <ul class="legend">
          <li><span class="swatch swatch-band" aria-hidden="true" />Expected range ({Math.round(level * 100)}%)</li>
          <li><span class="swatch swatch-count" aria-hidden="true" />Count (gaps: no data held)</li>
          <li><span aria-hidden="true">▲</span> above the range</li>
          <li><span aria-hidden="true">▼</span> below the range</li>
        </ul>
      </figcaption>
    </figure>
  );
}

const againstWords: Record<string, string> = { previous: 'The previous period', 'last-year': 'A year earlier' };

// The total first (the answer without by=category), then each category.
function ChangeView({ overall, c, categoryName }: { overall: ChangeAnswer; c: ChangeAnswer; categoryName: (id: string | null) => string }) {
  const signed = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '') + number(Math.abs(n));
  const significant = [...overall.significant, ...c.significant];
  const rows = [...overall.rows, ...c.rows];
  return (
    <>
      <p class="sentence" id="change-sentence">
        {significant.length === 0
          ? `No change in ${c.period} is significant at the ${Math.round((1 - c.alpha) * 100)}% level.`
          : `${significant.length} change${significant.length === 1 ? ' is' : 's are'} significant at the ${Math.round((1 - c.alpha) * 100)}% level (marked below): ${significant.map((s) => `${categoryName(s.category)} ${signed(s.change)} against ${(againstWords[s.against] ?? s.against).toLowerCase()}`).join('; ')}.`}
      </p>
      <div class="table-wrap tall" tabIndex={0} role="region" aria-labelledby="change-caption">
        <table id="change-table">
          <caption id="change-caption">Changes in {c.period}; a percentage change is of the count, not percentage points</caption>
          <thead><tr><th scope="col">Category</th><th scope="col">Compared with</th><th scope="col" class="num">Count</th><th scope="col" class="num">Before</th><th scope="col" class="num">Change</th><th scope="col" class="num">% change</th><th scope="col" class="num">p-value</th><th scope="col">Significant?</th></tr></thead>
          <tbody>
            {rows.map((r) => {
              const missing = r.missing_months.length > 0 ? `missing: no data for ${r.missing_months.map(monthLabel).join(', ')}` : 'missing';
              return (
                <tr class={(r.significant ? 'significant ' : '') + (r.category === null ? 'all-row' : '')}>
                  <th scope="row">{categoryName(r.category)}</th>
                  <td>{againstWords[r.against] ?? r.against} ({r.compared_with})</td>
                  <td class={r.count === null ? 'missing' : 'num'}>{r.count === null ? missing : number(r.count)}</td>
                  <td class={r.before === null ? 'missing' : 'num'}>{r.before === null ? missing : number(r.before)}</td>
                  <td class="num">{r.change === null ? 'n/a' : signed(r.change)}</td>
                  <td class="num">{r.percent_change !== null ? `${signed(Math.round(r.percent_change * 10) / 10)}%` : r.change !== null ? 'none: from 0' : 'n/a'}</td>
                  <td class="num">{r.p_value === null ? 'n/a' : r.p_value < 0.0001 ? '< 0.0001' : r.p_value.toFixed(4)}</td>
                  <td>{r.significant === null ? 'not tested' : r.significant ? <strong class="sig">Yes</strong> : 'No'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {c.notes.length > 0 && <ul class="notes">{c.notes.map((n) => <li>{n}</li>)}</ul>}
    </>
  );
}

// ---- Repeat locations ----

function RepeatSection({ filters }: { filters: Filters }) {
  const answer = useApi<RepeatLocationsAnswer>('/api/analyse/repeat-locations' + query({ ...filters, top: 10 }));
  const r = answer.data;
  return (
    <section aria-labelledby="repeats-title" class="analysis-section">
      <h2 id="repeats-title">Repeat locations</h2>
      <ErrorBox message={answer.error} />
      {answer.loading && <Loading what="the repeat locations" />}
      {r && !answer.loading && (
        <>
          <p class="sentence" id="repeats-sentence">
            {number(r.repeat_locations)} of {number(r.locations)} map points ({percent(r.repeat_location_percent)}) had more than one incident;
            {' '}they hold {number(r.incidents_at_repeat_locations)} of the {number(r.incidents)} located incidents ({percent(r.percent_of_incidents_at_repeat_locations)}).
            {' '}{number(r.repeat_incidents)} incidents ({percent(r.repeat_incident_percent)}) were repeats: after the first at their point.
          </p>
          {r.missing_months.length > 0 && <p class="notice">No police data is held for {r.missing_months.map(monthLabel).join(', ')}: those months are missing, not zero.</p>}
          <div class="analysis-pair repeat-pair">
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="repeat-distribution-caption">
              <table id="repeat-distribution-table">
                <caption id="repeat-distribution-caption">Map points by the number of incidents at each</caption>
                <thead><tr><th scope="col">Incidents at the point</th><th scope="col" class="num">Points</th><th scope="col" class="num">Incidents</th></tr></thead>
                <tbody>
                  {r.distribution.map((b) => <tr><th scope="row">{b.count}</th><td class="num">{number(b.holders)}</td><td class="num">{number(b.incidents)}</td></tr>)}
                </tbody>
                <tfoot><tr class="total"><th scope="row">Total</th><td class="num">{number(r.locations)}</td><td class="num">{number(r.incidents)}</td></tr></tfoot>
              </table>
            </div>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="repeat-top-caption">
              <table id="repeat-top-table">
                <caption id="repeat-top-caption">The {r.top.length} map points with the most incidents</caption>
                <thead><tr><th scope="col">Location (police.uk description)</th><th scope="col" class="num">Incidents</th><th scope="col" class="num">Months with an incident</th><th scope="col">First – last</th></tr></thead>
                <tbody>
                  {r.top.map((t) => (
                    <tr><th scope="row">{t.location || 'no description'} <span class="muted small">({t.latitude.toFixed(5)}, {t.longitude.toFixed(5)})</span></th>
                      <td class="num">{number(t.incidents)}</td><td class="num">{number(t.months)}</td>
                      <td>{t.first_month === t.last_month ? monthLabel(t.first_month) : `${monthLabel(t.first_month)} – ${monthLabel(t.last_month)}`}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {r.notes.length > 0 && <ul class="notes">{r.notes.map((n) => <li>{n}</li>)}</ul>}
        </>
      )}
    </section>
  );
}
