// How figures read: thousands separated, missing figures say why, never a silent 0.
import type { Change, Figure } from './types';

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function number(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

export function figureText(f: Figure | null | undefined, unit = ''): string {
  if (!f) return 'not given';
  if (f.value === null) return f.missing || 'missing';
  return number(f.value) + (unit === 'percent' ? '%' : '');
}

export function signed(n: number): string {
  return (n > 0 ? '+' : n < 0 ? '−' : '') + number(Math.abs(n));
}

export function differenceText(c: Change | null | undefined): string {
  if (!c || c.difference === null) return 'n/a';
  return signed(c.difference) + (c.in_points ? ' pts' : '');
}

export function percentText(c: Change | null | undefined): string {
  if (!c || c.percent === null) return 'n/a';
  return signed(Math.round(c.percent * 10) / 10) + '%';
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December'];

export function monthLabel(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  return m ? `${monthNames[Number(m[2]) - 1]} ${m[1]}` : ym;
}

export function quarterLabel(q: string): string {
  const m = /^(\d{4})\/(\d{2})-Q([1-4])$/.exec(q);
  if (!m) return q;
  const months = ['April – June', 'July – September', 'October – December', 'January – March'][Number(m[3]) - 1];
  return `Quarter ${m[3]} ${m[1]}/${m[2]} (${months})`;
}

export function timeText(t: number | string | null | undefined): string {
  if (t === null || t === undefined || t === '') return '—';
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
