// Charts drawn as SVG by hand: no library, nothing from outside, colours from the style sheet
// (the `series-N` classes) so the CSP's style-src 'self' holds.
import type { HexMap, TrendPoint } from './types';
import { monthLabel, number } from './format';

// A sparkline of a trend; gaps where a figure is missing rather than a drop to zero.
export function Sparkline({ points, label }: { points: TrendPoint[]; label: string }) {
  const w = 120, h = 28, pad = 3;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return <span class="muted">no trend</span>;
  const min = Math.min(...values), max = Math.max(...values);
  const x = (i: number) => pad + (points.length === 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v: number) => h - pad - (max === min ? (h - 2 * pad) / 2 : ((v - min) * (h - 2 * pad)) / (max - min));
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value === null) { if (current) segments.push(current); current = ''; return; }
    current += (current ? ' L' : 'M') + x(i).toFixed(1) + ' ' + y(p.value).toFixed(1);
  });
  if (current) segments.push(current);
  const last = [...points].reverse().find((p) => p.value !== null)!;
  const lastIndex = points.lastIndexOf(last);
  const description = points.map((p) => `${p.period}: ${p.value === null ? p.missing || 'missing' : number(p.value)}`).join('; ');
  return (
    <svg class="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Trend of ${label}: ${description}`}>
      <title>{description}</title>
      {segments.map((d) => <path d={d} class="spark-line" />)}
      <circle cx={x(lastIndex)} cy={y(last.value!)} r="2.5" class="spark-dot" />
    </svg>
  );
}

export interface Series { name: string; values: (number | null)[] }

// Counts over months, one line per series, with a legend and axis labels.
export function LineChart({ months, series, title }: { months: string[]; series: Series[]; title: string }) {
  const w = 720, h = 260, left = 56, right = 16, top = 16, bottom = 40;
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...all);
  const ticks = niceTicks(max);
  const top_ = ticks[ticks.length - 1];
  const x = (i: number) => left + (months.length === 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (months.length - 1));
  const y = (v: number) => h - bottom - (v * (h - top - bottom)) / top_;
  const everyNth = Math.ceil(months.length / 8);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title} class="line-chart">
        <title>{title}</title>
        {ticks.map((t) => (
          <g>
            <line x1={left} x2={w - right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={left - 6} y={y(t) + 4} class="axis-label" text-anchor="end">{number(t)}</text>
          </g>
        ))}
        {months.map((m, i) => i % everyNth === 0 && (
          <text x={x(i)} y={h - bottom + 18} class="axis-label" text-anchor="middle">{monthLabel(m).replace(/^(\w{3})\w*/, '$1')}</text>
        ))}
        {series.map((s, k) => {
          let d = '';
          s.values.forEach((v, i) => {
            if (v === null) { d += ' '; return; }
            d += (d.endsWith(' ') || d === '' ? 'M' : 'L') + x(i).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
          });
          return (
            <g class={`series-${k % 8}`}>
              <path d={d.trim()} class="series-line" />
              {s.values.map((v, i) => v !== null && <circle cx={x(i)} cy={y(v)} r="3.5" class="series-dot"><title>{`${s.name}, ${monthLabel(months[i])}: ${number(v)}`}</title></circle>)}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s, k) => <li class={`series-${k % 8}`}><span class="swatch" aria-hidden="true" />{s.name}</li>)}
        </ul>
      </figcaption>
    </figure>
  );
}

function niceTicks(max: number): number[] {
  const rough = max / 4;
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) || magnitude * 10;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 0.001 || ticks.length < 2; t += step) ticks.push(Math.round(t * 1000) / 1000);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

// Horizontal bars, largest first; the numbers are written beside each bar.
export function BarChart({ bars, title }: { bars: { label: string; value: number }[]; title: string }) {
  const rowH = 22, labelW = 220, w = 720, valueW = 60;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * rowH + 8;
  return (
    <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title} class="bar-chart">
      <title>{title}</title>
      {bars.map((b, i) => {
        const width = ((w - labelW - valueW) * b.value) / max;
        return (
          <g>
            <text x={labelW - 8} y={i * rowH + 16} class="axis-label" text-anchor="end">{b.label.length > 32 ? b.label.slice(0, 31) + '…' : b.label}</text>
            <rect x={labelW} y={i * rowH + 4} width={Math.max(width, 1)} height={rowH - 6} class="bar"><title>{`${b.label}: ${number(b.value)}`}</title></rect>
            <text x={labelW + width + 6} y={i * rowH + 16} class="axis-label">{number(b.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}

// The plane every map draws on: metres east and north of an origin (the server's
// LocalProjection), north up. SVG's y grows downward, the map's northward.
export interface MapPlane {
  width: number; height: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
  // Longitude/latitude into this plane's metres: the equirectangular projection the server uses.
  project: (lng: number, lat: number) => { x: number; y: number };
}

const metresPerDegree = 111320;

export function mapPlane(origin: { lat: number; lng: number }, extent: { x: number; y: number }[], margin: number): MapPlane | null {
  if (extent.length === 0) return null;
  const minX = Math.min(...extent.map((c) => c.x)) - margin, maxX = Math.max(...extent.map((c) => c.x)) + margin;
  const minY = Math.min(...extent.map((c) => c.y)) - margin, maxY = Math.max(...extent.map((c) => c.y)) + margin;
  const perLng = metresPerDegree * Math.cos((origin.lat * Math.PI) / 180);
  return {
    width: maxX - minX, height: maxY - minY,
    sx: (x) => x - minX, sy: (y) => maxY - y,
    project: (lng, lat) => ({ x: (lng - origin.lng) * perLng, y: (lat - origin.lat) * metresPerDegree }),
  };
}

export function hexPoints(plane: MapPlane, cellMetres: number, x: number, y: number): string {
  const r = cellMetres / Math.sqrt(3);
  return [30, 90, 150, 210, 270, 330]
    .map((deg) => `${plane.sx(x + r * Math.cos((deg * Math.PI) / 180)).toFixed(0)},${plane.sy(y - r * Math.sin((deg * Math.PI) / 180)).toFixed(0)}`)
    .join(' ');
}

// The area's shape (every hexagon where its incidents have ever been placed), in grey, under a layer.
export function HexOutline({ map, plane }: { map: HexMap; plane: MapPlane }) {
  return <g class="map-outline">{map.outline.map((c) => <polygon points={hexPoints(plane, map.cell_metres, c.x, c.y)} class="hex-outline" />)}</g>;
}

// Hexbins drawn over the area's own shape (the outline cells): no tiles, no network.
export function HexMapView({ map, title }: { map: HexMap; title: string }) {
  const plane = mapPlane(map.origin, [...map.outline, ...map.cells], map.cell_metres / Math.sqrt(3));
  if (!plane) return <p class="muted">No incident in this selection has a location.</p>;
  const maxN = Math.max(1, ...map.cells.map((c) => c.n));
  const shade = (n: number) => Math.min(6, Math.ceil((6 * Math.sqrt(n)) / Math.sqrt(maxN)));
  // Shade k holds counts above ((k-1)/6)² and up to (k/6)² of the largest; empty shades are left out.
  const legend = [1, 2, 3, 4, 5, 6]
    .map((k) => ({ k, from: Math.floor(((k - 1) / 6) ** 2 * maxN) + 1, to: Math.floor((k / 6) ** 2 * maxN) }))
    .filter((s) => s.to >= s.from);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${plane.width.toFixed(0)} ${plane.height.toFixed(0)}`} role="img" aria-label={title} class="hex-map">
        <title>{title}</title>
        <HexOutline map={map} plane={plane} />
        {map.cells.map((c) => (
          <polygon points={hexPoints(plane, map.cell_metres, c.x, c.y)} class={`hex hex-${shade(c.n)}`}>
            <title>{`${number(c.n)} incident${c.n === 1 ? '' : 's'}`}</title>
          </polygon>
        ))}
      </svg>
      <figcaption>
        <ul class="legend hex-legend">
          {legend.map((s) => <li><span class={`swatch hex-${s.k}`} aria-hidden="true" />{s.from === s.to ? number(s.from) : `${number(s.from)}–${number(s.to)}`}</li>)}
        </ul>
        <p>Each hexagon is {number(map.cell_metres)} m across; grey hexagons are where the area's incidents have ever been placed. North is up.
          {' '}{number(map.total - map.without_location)} of {number(map.total)} incidents are on the map; {number(map.without_location)} have no location.</p>
      </figcaption>
    </figure>
  );
}
