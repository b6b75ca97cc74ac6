// Helpers for bench/run.sh (and bench/pack.sh): data statistics, recording results, the
// Safer/DuckDB cross-check and the final table. Plain Node, no dependencies. Run as a
// command (below); imported as a module (bench/pack_duckdb.mjs), it only exports helpers.
//
//   node lib.mjs stats DIR                       → "BYTES ROWS" of every *-street.csv below DIR
//   node lib.mjs force FILE                      → "Falls within" of FILE's first row
//   node lib.mjs record FILE JSON key=value...   → appends one JSON line to FILE
//   node lib.mjs record-hyperfine FILE TOOL STEP HYPERFINE.json
//   node lib.mjs compare BY SAFER.csv DUCKDB.csv → exit 1 (with a diff) when they differ
//   node lib.mjs report FILE                     → the Markdown report on stdout
import { appendFileSync, openSync, readSync, closeSync, readFileSync, readdirSync, realpathSync,
  statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('-street.csv')) yield p;
  }
}

// Bytes and data rows (lines after the header; a last line without '\n' counts).
function fileStats(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0, lines = 0, last = 10, n;
  while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
    bytes += n;
    for (let i = buf.indexOf(10, 0); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    last = buf[n - 1];
  }
  closeSync(fd);
  if (bytes > 0 && last !== 10) lines++;
  return { bytes, rows: Math.max(0, lines - 1) };
}

// RFC 4180 parser: rows of fields.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r') { i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function parseValue(v) {
  if (v === '') return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v.startsWith('{')) { try { return JSON.parse(v); } catch { /* keep the text */ } }
  return v;
}

// A count table as a Map "key1\u0001key2" → count, from CSV with a `count` column.
function countTable(path) {
  const rows = parseCsv(readFileSync(path, 'utf8')).filter((r) => r.length > 1 || r[0] !== '');
  if (!rows.length) throw new Error(`${path}: empty`);
  const header = rows[0];
  const ci = header.indexOf('count');
  if (ci < 0) throw new Error(`${path}: no "count" column in ${header.join(',')}`);
  const keyCols = header.map((_, i) => i).filter((i) => i !== ci && !/rate|denominator|population|households/i.test(header[i]));
  const map = new Map();
  for (const r of rows.slice(1)) {
    const key = keyCols.map((i) => r[i] ?? '').join('\u0001');
    map.set(key, (map.get(key) ?? 0) + Number(r[ci]));
  }
  return { header: keyCols.map((i) => header[i]), map };
}

function compare(by, saferPath, duckPath) {
  const s = countTable(saferPath), d = countTable(duckPath);
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  const diffs = [];
  for (const k of new Set([...s.map.keys(), ...d.map.keys()])) {
    const a = s.map.get(k), b = d.map.get(k);
    if (a !== b) diffs.push(`  ${k.replaceAll('\u0001', ' | ') || '(empty key)'}: safer ${a ?? '-'}, duckdb ${b ?? '-'}`);
  }
  const st = total(s.map), dt = total(d.map);
  if (s.header.join(',') !== d.header.join(',')) {
    diffs.unshift(`  key columns: safer ${s.header.join(',')}, duckdb ${d.header.join(',')}`);
  }
  if (diffs.length || st !== dt) {
    console.error(`MISMATCH counts --by ${by}: totals safer ${st}, duckdb ${dt}; ` +
      `${diffs.length} differing groups:`);
    console.error(diffs.slice(0, 40).join('\n'));
    if (diffs.length > 40) console.error(`  … and ${diffs.length - 40} more`);
    process.exit(1);
  }
  console.error(`OK counts --by ${by}: ${s.map.size} groups, total ${st}, identical`);
}

export function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

export const fmt = (x, digits = 2) => (x === undefined || x === null || Number.isNaN(x) ? '—'
  : Number(x).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const fmtInt = (x) => (x === undefined || Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-GB'));

function report(path) {
  const recs = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const info = recs.find((r) => r.tool === 'data') ?? {};
  const steps = new Map();  // "tool\0step" → { tool, step, times[], hf, rss, user, sys, inproc[] }
  for (const r of recs) {
    if (r.tool === 'data') continue;
    const k = `${r.tool}\0${r.step}`;
    const s = steps.get(k) ?? { tool: r.tool, step: r.step, times: [], cpu: [], inproc: [], rss: 0 };
    if (r.source === 'hyperfine') s.hf = r;
    else if (r.seconds !== undefined) {
      s.times.push(r.seconds);
      s.cpu.push((r.user ?? 0) + (r.sys ?? 0));
      s.rss = Math.max(s.rss, r.rss_kb ?? 0);
      if (r.inproc && typeof r.inproc === 'object') s.inproc.push(r.inproc);
      if (r.load !== undefined) (s.load ??= []).push(r.load);
    }
    if (r.bytes !== undefined) s.bytes = r.bytes;
    steps.set(k, s);
  }
  const get = (tool, step) => steps.get(`${tool}\0${step}`);
  const secs = (s) => (s?.hf ? s.hf.median : s?.times.length ? median(s.times) : undefined);
  const mb = info.bytes / 1e6;
  const lines = [];
  lines.push('# Safer vs DuckDB benchmark', '');
  lines.push(`Data: ${fmtInt(info.files)} files, ${fmt(mb / 1000, 3)} GB (${fmtInt(info.bytes)} bytes), ` +
    `${fmtInt(info.rows)} rows — ${info.forces} forces × ${info.months} months × ~${fmtInt(info.rows_per_force_month)} ` +
    `rows (\`safer synth … --seed 1\`). Counts: force "${info.force}", 2018-01..2018-12.`);
  lines.push(`Machine: ${info.nproc} cores; DuckDB threads: ${info.duckdb_threads}; ` +
    `safer global options: ${info.safer_global || '(none)'}; commit ${info.commit}. ` +
    `Generated ${new Date().toISOString()}.`, '');
  lines.push('| tool | step | seconds | MB/s | rows/s | CPU s | peak RSS MB | Safer/DuckDB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
  const row = (s, { throughput = false, ratio } = {}) => {
    if (!s) return;
    const t = secs(s);
    const cpu = s.cpu.length ? median(s.cpu) : undefined;
    const runs = s.hf ? ` (median of ${s.hf.runs})` : s.times.length > 1 ? ` (median of ${s.times.length})` : '';
    lines.push(`| ${s.tool} | ${s.step}${runs} | ${fmt(t, 3)} | ${throughput ? fmt(mb / t, 1) : '—'} | ` +
      `${throughput ? fmtInt(info.rows / t) : '—'} | ${fmt(s.hf ? s.hf.cpu : cpu, 3)} | ` +
      `${s.rss ? fmt(s.rss / 1024, 1) : '—'} | ${ratio ?? ''} |`);
  };
  row(get('baseline', 'cat'), { throughput: true });
  row(get('baseline', 'wc -l'), { throughput: true });
  for (const step of ['import', 'counts by category', 'counts by area,month']) {
    const s = get('safer', step), d = get('duckdb', step);
    const r = s && d ? `**${fmt(secs(s) / secs(d), 2)}×**` : '';
    row(s, { throughput: step === 'import', ratio: r });
    row(d, { throughput: step === 'import' });
  }
  lines.push('');
  const ds = get('safer', 'db size'), dd = get('duckdb', 'db size');
  if (ds && dd) {
    lines.push(`Database on disk: Safer (SQLite) ${fmt(ds.bytes / 1e6, 1)} MB, DuckDB ${fmt(dd.bytes / 1e6, 1)} MB.`);
  }
  const multi = [...steps.values()].filter((s) => !s.hf && s.times.length > 1)
    .map((s) => `${s.tool} ${s.step} ${s.times.map((x) => fmt(x, 1)).join(', ')} s`);
  if (multi.length) lines.push(`Every run: ${multi.join('; ')}.`);
  const inproc = [];
  for (const step of ['import', 'counts by category', 'counts by area,month']) {
    const d = get('duckdb', step);
    if (d?.inproc.length) {
      const x = d.inproc[d.inproc.length - 1];
      inproc.push(`${step} ${fmt(x.seconds, 3)} s` + (x.query_seconds !== undefined ? ` (query alone ${fmt(x.query_seconds, 3)} s)` : ''));
    }
  }
  if (inproc.length) {
    lines.push(`DuckDB measured inside the Node process (without Node/DuckDB start-up): ${inproc.join('; ')}.`);
  }
  const loads = [...steps.values()].filter((s) => s.load?.length && s.tool !== 'baseline')
    .map((s) => `${s.tool} ${s.step} ${s.load.map((x) => fmt(x, 1)).join('/')}`);
  lines.push(`Load average (1 min, /proc/loadavg) at the start: ${fmt(info.load_start, 1)}; ` +
    `after each step: ${loads.join('; ')}. Above ~1 per core, other processes were competing ` +
    'for the CPU and the wall times are inflated; the CPU-seconds column is less affected.');
  lines.push('', 'Seconds are wall-clock: imports from one `/usr/bin/time` run each (median when ' +
    'BENCH_RUNS > 1, fresh database each time), counts the hyperfine median (1 warm-up). ' +
    'MB/s and rows/s are the data set\'s size over that time; peak RSS from `/usr/bin/time`. ' +
    'Both tools read the files from a warm page cache, as `cat` and `wc -l` do. ' +
    'The counts were cross-checked: Safer and DuckDB gave identical tables.');
  console.log(lines.join('\n'));
}

function main([cmd, ...args]) {
  switch (cmd) {
    case 'stats': {
      let bytes = 0, rows = 0;
      for (const f of walk(args[0])) { const s = fileStats(f); bytes += s.bytes; rows += s.rows; }
      console.log(`${bytes} ${rows}`);
      break;
    }
    case 'force': {
      const head = readFileSync(args[0], 'utf8').slice(0, 1 << 16);
      const rows = parseCsv(head);
      const col = rows[0].indexOf('Falls within');
      if (col < 0 || rows.length < 2) throw new Error(`${args[0]}: no "Falls within" value`);
      console.log(rows[1][col]);
      break;
    }
    case 'record': {
      const [file, base, ...kvs] = args;
      const rec = JSON.parse(base);
      for (const kv of kvs) {
        const i = kv.indexOf('=');
        rec[kv.slice(0, i)] = parseValue(kv.slice(i + 1));
      }
      appendFileSync(file, JSON.stringify(rec) + '\n');
      break;
    }
    case 'record-hyperfine': {
      const [file, tool, step, json] = args;
      const r = JSON.parse(readFileSync(json, 'utf8')).results[0];
      appendFileSync(file, JSON.stringify({ tool, step, source: 'hyperfine', median: r.median,
        mean: r.mean, stddev: r.stddev, min: r.min, max: r.max, runs: r.times.length,
        cpu: (r.user ?? 0) + (r.system ?? 0) }) + '\n');
      break;
    }
    case 'compare':
      compare(...args);
      break;
    case 'report':
      report(args[0]);
      break;
    default:
      console.error('usage: lib.mjs stats|force|record|record-hyperfine|compare|report …');
      process.exit(2);
  }
}

// Only when run as `node lib.mjs …`, not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2));
}
