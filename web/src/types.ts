// The shapes of docs/api.md, as the front end reads them.

export type Permission =
  | 'view-published' | 'view-partnership' | 'view-incidents'
  | 'import' | 'view-rejections' | 'administer'
  | 'view-exempt' | 'edit-minutes' | 'manage-actions' | 'update-own-actions';

export interface User {
  username: string;
  display_name: string;
  role: string;
  agency: string;
  permissions: Permission[];
}

export interface SessionAnswer { user: User; csrf: string }

export interface Area { code: string; name: string; level: string }

export interface Periods { months: string[]; quarters: string[]; latest_quarter: string | null }

// A value that may be missing for a stated reason: missing is not zero.
export interface Figure {
  value: number | null;
  missing: string;
  numerator?: number | null;
  denominator?: number | null;
  provenance?: string;
}

export interface Change {
  difference: number | null;
  in_points: boolean;
  percent: number | null;
  p_value: number | null;
  significant: boolean | null;
}

export interface TrendPoint { period: string; value: number | null; missing: string }

export interface Indicator {
  id: string;
  name: string;
  unit: string;
  definition: string;
  target: string;
  baseline: Figure;
  same_period_last_year: Figure;
  this_period: Figure;
  year_to_date: Figure;
  change: Change;
  status: 'Green' | 'Amber' | 'Red' | '';
  status_reason: string;
  trend: TrendPoint[];
}

export interface Objective { objective: string; indicators: Indicator[] }

export interface LargestChange {
  table: string; label: string; previous: number; current: number;
  difference: number; percent: number | null; p_value: number | null;
}

export interface CategoryLine {
  label: string; depth: number; total: boolean;
  previous: Figure; current: Figure; change: Change;
}

export interface CategoryTable {
  title: string; previous_label: string; current_label: string; lines: CategoryLine[];
}

export interface Overview {
  plan_title: string;
  area: Area;
  period: { label: string; from: string; to: string; previous_from: string; previous_to: string };
  status_rule: string;
  objectives: Objective[];
  largest_changes: LargestChange[];
  crime: CategoryTable[];
  asb: CategoryTable | null;
  notes: string[];
}

export interface Category { id: string; name: string; parent: string | null; police_uk: boolean }

export interface CountRow { keys: string[]; count: number; denominator?: number | null; rate_per_1000?: number | null }

export interface Counts {
  columns: string[];
  rows: CountRow[];
  total: number;
  notes: string[];
  missing_months: string[];
}

export interface HexMap {
  cell_metres: number;
  origin: { lat: number; lng: number };
  cells: { x: number; y: number; n: number }[];
  outline: { x: number; y: number }[];
  without_location: number;
  total: number;
}

export interface ImportRecord {
  id: number; kind: string; started_at: string | number; finished_at: string | number | null;
  status: string; sources: string | string[]; read: number; imported: number; rejected: number;
  unchanged: number; replaced_force_months?: unknown; by?: string | null; agency: string | null;
}

export interface ImportResult {
  import_id: number;
  read: number;
  imported: number;
  rejected: number;
  unchanged?: number;
  force_months_replaced?: unknown;
  files?: { name: string; problem: string; read: number; imported: number; rejected: number; unchanged: number }[];
  rejections: string[];
}

export interface Rejection { source_file: string; line: number; reason: string; raw: string }

export interface AdminUser extends User {
  disabled: boolean;
  locked_until: number | null;
  failed_logins: number;
  last_login: number | null;
  created_at: number | string;
}

export interface Agency { id: number; name: string }
export interface RoleInfo { name: string; description: string; permissions: Permission[] }

export interface AuditEntry {
  id: number; at: number | string; username: string; agency: string; client: string;
  action: string; target: string; detail: string; allowed: boolean;
}

// The analyst's toolkit (docs/analyse.md, docs/hotspots.md, docs/change.md, docs/repeats.md).

export interface ConcentrationAnswer {
  area: string; from: string; to: string; by: 'ward' | 'lsoa' | 'cell'; units: string;
  cell_metres: number | null;
  ranked: { name: string; count: number }[];
  total: number; top_n: number; top_n_count: number; top_n_percent: number;
  gini: number; lorenz: number[]; not_ranked: number;
  missing_months: string[]; notes: string[];
}

export interface GeoPointJson { lat: number; lng: number }

export interface GridFrameJson {
  cell_metres: number; rows: number; cols: number; x0_metres: number; y0_metres: number;
  south_west: GeoPointJson; north_east: GeoPointJson;
}

export interface GiCellJson {
  row: number; col: number; centre: GeoPointJson;
  bounds: [number, number, number, number];  // west, south, east, north
  count: number; density: number | null; z: number; p: number; p_adjusted: number; p_bonferroni: number;
  class: number;  // −3 cold 99% … 0 not significant … 3 hot 99%
  class_name: string;
}

export interface HotspotAnswer {
  title: string;
  origin: GeoPointJson;
  incidents: { placed: number; without_location: number };
  settings: { kernel: string; cell_metres: number; bandwidth_metres: number; gi_cell_metres: number; gi_distance_metres: number; fdr: number };
  summary: {
    sentence: string; hot_cells: number; cold_cells: number; incidents_in_hot_cells: number;
    hot_incident_percent: number | null; hot_cell_percent: number | null;
  };
  gi: { frame: GridFrameJson; defined: boolean; mean: number; sd: number; cells_listed: string; cells: GiCellJson[] };
  density: { frame: GridFrameJson; bandwidth_metres: number; unit: string; max: number; values: number[] | null };
  notes: string[];
}

export interface AreaRef { code: string; name: string; level: string }

export interface ExceedanceMonth {
  month: string; count: number | null; expected: number | null; low: number | null; high: number | null;
  dispersion: number | null; flag: string; history_held: number; history_missing: string[];
}

export interface ExceedanceAnswer {
  area: AreaRef; from: string; to: string; level: number; history_months: number;
  series: { category: string | null; months: ExceedanceMonth[] }[];
  above: { category: string | null; month: string }[];
  below: { category: string | null; month: string }[];
  notes: string[];
}

export interface ChangeRow {
  category: string | null; against: string; period: string; compared_with: string;
  count: number | null; before: number | null; change: number | null; percent_change: number | null;
  p_value: number | null; significant: boolean | null; missing_months: string[];
}

export interface ChangeAnswer {
  area: AreaRef; period: string; alpha: number; rows: ChangeRow[];
  significant: { category: string | null; against: string; change: number }[];
  notes: string[];
}

export interface RepeatBandJson { count: string; holders: number; incidents: number }

export interface RepeatLocationsAnswer {
  area: string; from: string; to: string;
  incidents: number; without_location: number; locations: number; repeat_locations: number;
  incidents_at_repeat_locations: number; repeat_incidents: number;
  repeat_location_percent: number | null; percent_of_incidents_at_repeat_locations: number | null;
  repeat_incident_percent: number | null; incidents_per_location: number | null;
  distribution: RepeatBandJson[];
  top: { location: string; latitude: number; longitude: number; incidents: number; months: number; first_month: string; last_month: string }[];
  missing_months: string[]; notes: string[];
}
