// The area and period pickers the overview, reports and explore pages share.
import type { Area, Category, Periods } from './types';
import { monthLabel, quarterLabel } from './format';
import { useApi } from './ui';

export function useAreasAndPeriods() {
  const areas = useApi<Area[]>('/api/areas');
  const periods = useApi<Periods>('/api/periods');
  return {
    areas: areas.data, periods: periods.data,
    loading: areas.loading || periods.loading,
    error: areas.error || periods.error,
  };
}

// The first local authority of the imported lookup, else the first area. Local authorities
// known only from police rows outside the lookup (e.g. `la:Hambleton`) have no ONS code.
export function defaultArea(areas: Area[]): string {
  const authorities = areas.filter((a) => a.level === 'local-authority');
  return (authorities.find((a) => /^[EW]\d{8}$/.test(a.code)) ?? authorities[0] ?? areas[0])?.name ?? '';
}

// A period is written `q:2018/19-Q2` or `m:2018-09`: the latest quarter, else the latest month held.
export function defaultPeriod(p: Periods): string {
  if (p.latest_quarter) return 'q:' + p.latest_quarter;
  if (p.months.length) return 'm:' + p.months[p.months.length - 1];
  return '';
}

export function periodParams(period: string): { quarter?: string; from?: string; to?: string } {
  if (period.startsWith('q:')) return { quarter: period.slice(2) };
  if (period.startsWith('m:')) return { from: period.slice(2), to: period.slice(2) };
  return {};
}

const levelNames: Record<string, string> = { force: 'Force', 'local-authority': 'Local authorities', ward: 'Wards' };

export function AreaSelect({ id, areas, value, onChange }: { id: string; areas: Area[]; value: string; onChange: (v: string) => void }) {
  const levels = [...new Set(areas.map((a) => a.level))];
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {levels.map((level) => (
        <optgroup label={levelNames[level] ?? level}>
          {areas.filter((a) => a.level === level).map((a) => <option value={a.name}>{a.name}</option>)}
        </optgroup>
      ))}
    </select>
  );
}

export function PeriodSelect({ id, periods, value, onChange }: { id: string; periods: Periods; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {periods.quarters.length > 0 && (
        <optgroup label="Quarters">
          {[...periods.quarters].reverse().map((q) => <option value={'q:' + q}>{quarterLabel(q)}</option>)}
        </optgroup>
      )}
      <optgroup label="Months">
        {[...periods.months].reverse().map((m) => <option value={'m:' + m}>{monthLabel(m)}</option>)}
      </optgroup>
    </select>
  );
}

export function MonthSelect({ id, months, value, onChange }: { id: string; months: string[]; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {months.map((m) => <option value={m}>{monthLabel(m)}</option>)}
    </select>
  );
}

// The category tree in reading order, each with its depth.
function categoryTree(all: Category[]): { c: Category; depth: number }[] {
  const children = new Map<string | null, Category[]>();
  for (const c of all) {
    const parent = c.parent && all.some((p) => p.id === c.parent) ? c.parent : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(c);
  }
  const out: { c: Category; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) { out.push({ c, depth }); walk(c.id, depth + 1); }
  };
  walk(null, 0);
  return out;
}

// Categories to count, as a tree of checkboxes; none chosen means all.
export function CategoryChoice({ categories, chosen, onChange }: { categories: Category[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  return (
    <fieldset class="field categories">
      <legend>Categories <span class="muted">({chosen.length === 0 ? 'all' : `${chosen.length} chosen`})</span></legend>
      <div class="category-list">
        {categoryTree(categories).map(({ c, depth }) => (
          <label class={`inline depth-${Math.min(depth, 4)}`}>
            <input type="checkbox" name="category" value={c.id} checked={chosen.includes(c.id)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} /> {c.name}
          </label>
        ))}
      </div>
      {chosen.length > 0 && <button type="button" class="link-button" onClick={() => onChange([])}>Clear: all categories</button>}
    </fieldset>
  );
}
