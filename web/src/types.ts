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
