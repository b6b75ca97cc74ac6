// The governance shapes of docs/api.md (meetings, attendance, action plans).

export interface MeetingSummary {
  id: number; partnership: string; date: string; date_long: string; status: string;
  first_minute: number; last_minute: number; agenda_items: number; has_exempt: boolean;
}

export interface MeetingList { partnerships: string[]; meetings: MeetingSummary[] }

export interface AgendaItem {
  number: string; title: string; kind: string; exempt_paragraph: number | null; exempt_reason?: string;
  withheld: boolean; reporting_officer?: string; has_report?: boolean;
}

export interface AttendanceEntry { name: string; role_or_organisation: string; kind: string; substitute_for: string }

// A withheld minute carries only number, title and its exemption.
export interface Minute {
  number: number; title: string; exempt_paragraph: number | null; exempt_reason?: string; withheld: boolean;
  reporting_officer?: string; agenda_item?: string; purpose?: string; issues?: string;
  decisions?: { numeral: string; text: string }[]; exempt_text?: string;
}

export interface Meeting {
  id: number; partnership: string; date: string; date_long: string; start: string; end: string; venue: string;
  status: string; moved_to: string; note: string; chair: string; exempt_included: boolean;
  agenda: AgendaItem[]; attendance: AttendanceEntry[];
  declarations: { member: string; item: string; nature: string }[];
  minutes: Minute[];
}

export interface MeetingUploadResult {
  meeting_id: number; outcome: string; date: string; first_minute: number; last_minute: number; numbers_assigned: number;
}

export interface AttendanceRow {
  name: string; organisation: string; meetings: number; present: number; substitute: number;
  apologies: number; absent: number; rate_percent: number;
}

export interface AttendanceAnswer { partnership: string; from: string; to: string; by: string; rows: AttendanceRow[] }

export interface PlanSummary { id: number; partnership: string; title: string; actions: number }

export interface LogEntry {
  id: number; date: string; author: string; author_role: string; text: string;
  recorded_at: number; recorded_by: string; corrects: number | null;
}

export interface Action {
  id: number; reference: string; priority: string; objective: string; text: string;
  owners: { person: string; agency: string }[];
  due: string; due_long: string; overdue: boolean; desired_outcome: string;
  owner_rag: string; suggested_rag: string; suggested_reason: string;
  from_minute: number | null; decision: number; may_update: boolean; log: LogEntry[];
}

export interface Plan { id: number; partnership: string; title: string; today: string; last_meeting: string; actions: Action[] }

export interface PlanImportResult {
  plan_id: number; title: string; actions_read: number; actions_imported: number; actions_set_aside: number;
  entries_read: number; entries_set_aside: number;
  problems: { file: string; row: number; reason: string; text: string; set_aside: boolean }[];
}
