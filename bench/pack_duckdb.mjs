// The DuckDB side of the quarterly pack benchmark, the cross-check against Safer's
// pack.csv and the report (bench/pack.sh; see docs/benchmark.md, "Quarterly pack benchmark").
//
//   node bench/pack_duckdb.mjs table DBFILE FORCE QUARTER
//       From the raw rows of the `incidents` table (made by `node bench/duckdb.mjs import`):
//       for FORCE and each of its local authorities, counts per police.uk crime type for
//       this quarter, the same quarter last year, the year to date and the baseline (the
//       previous financial year). One SQL query. CSV on stdout:
//       area,crime_type,this_period,same_period_last_year,year_to_date,baseline
//       and one line of JSON on stderr with the time measured inside the process.
//   node bench/pack_duckdb.mjs check PACK.csv TABLE.csv PLAN.yaml FORCE QUARTER
//       Every figure of pack.csv that is a count of police.uk rows for an area and one of
//       those four periods (crime and ASB tree rows, their totals, district counts, counted
//       indicators) must equal the same figure summed from TABLE.csv; exit 1 with a list of
//       differences otherwise.
//   node bench/pack_duckdb.mjs report RESULTS.jsonl   → the Markdown report on stdout
//   node bench/pack_duckdb.mjs periods QUARTER | indicators PLAN   (what the check uses)
//
// Environment: DUCKDB_THREADS (default: DuckDB's own default, all cores).
import { readFileSync } from 'node:fs';
import { fmt, fmtInt, median, parseCsv } from './lib.mjs';

// --- periods ---------------------------------------------------------------------------
// "2018/19-Q2" → the pack's four month ranges (src/performance/pack.h, PackPeriod).
export function periodsForQuarter(quarter) {
  const m = /^(\d{4})\/(\d{2})-Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a financial quarter like 2018/19-Q2: ${quarter}`);
  const fy = Number(m[1]), q = Number(m[3]);
  const month = (y, mo) => {  // mo may be > 12
    const t = y * 12 + (mo - 1);
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  };
  const first = 4 + 3 * (q - 1), last = first + 2;
  return {
    this_period: [month(fy, first), month(fy, last)],
    same_period_last_year: [month(fy - 1, first), month(fy - 1, last)],
    year_to_date: [month(fy, 4), month(fy, last)],
    baseline: [month(fy - 1, 4), month(fy, 3)],
  };
}
const PERIODS = ['this_period', 'same_period_last_year', 'year_to_date', 'baseline'];
const code = ([a, b]) => `${a}..${b}`;

// --- Safer's category tree (src/domain/category.cc, kTree and kPoliceUk) ----------------
const PARENT = {
  all: null, crime: 'all', 'victim-based': 'crime',
  'violence-and-sexual-offences': 'victim-based',
  'violence-against-the-person': 'violence-and-sexual-offences',
  homicide: 'violence-against-the-person', 'death-or-injury-by-driving': 'violence-against-the-person',
  'violence-with-injury': 'violence-against-the-person',
  'violence-without-injury': 'violence-against-the-person',
  'stalking-and-harassment': 'violence-against-the-person',
  'sexual-offences': 'violence-and-sexual-offences', rape: 'sexual-offences',
  'other-sexual-offences': 'sexual-offences',
  robbery: 'victim-based', 'robbery-business': 'robbery', 'robbery-personal': 'robbery',
  acquisitive: 'victim-based', burglary: 'acquisitive', 'burglary-residential': 'burglary',
  'burglary-business-community': 'burglary', 'bicycle-theft': 'acquisitive',
  'theft-from-the-person': 'acquisitive', 'vehicle-crime': 'acquisitive',
  shoplifting: 'acquisitive', 'other-theft': 'acquisitive',
  'criminal-damage-and-arson': 'victim-based',
  'other-crimes-against-society': 'crime', 'public-disorder': 'other-crimes-against-society',
  'drug-offences': 'other-crimes-against-society', 'drug-trafficking': 'drug-offences',
  'drug-possession': 'drug-offences', 'possession-of-weapons': 'other-crimes-against-society',
  'misc-crimes-against-society': 'other-crimes-against-society',
  asb: 'all', as21: 'asb', as22: 'asb', as23: 'asb',
};
const NAME = {
  all: 'All crime and anti-social behaviour', crime: 'All crime', 'victim-based': 'Victim-based crime',
  'violence-and-sexual-offences': 'Violence and sexual offences',
  'violence-against-the-person': 'Violence against the person', homicide: 'Homicide',
  'death-or-injury-by-driving': 'Death or serious injury caused by unlawful driving',
  'violence-with-injury': 'Violence with injury', 'violence-without-injury': 'Violence without injury',
  'stalking-and-harassment': 'Stalking and harassment', 'sexual-offences': 'Sexual offences',
  rape: 'Rape', 'other-sexual-offences': 'Other sexual offences', robbery: 'Robbery',
  'robbery-business': 'Robbery of business property', 'robbery-personal': 'Robbery of personal property',
  acquisitive: 'Acquisitive crime', burglary: 'Burglary', 'burglary-residential': 'Burglary - residential',
  'burglary-business-community': 'Burglary - business and community', 'bicycle-theft': 'Bicycle theft',
  'theft-from-the-person': 'Theft from the person', 'vehicle-crime': 'Vehicle crime',
  shoplifting: 'Shoplifting', 'other-theft': 'Other theft',
  'criminal-damage-and-arson': 'Criminal damage and arson',
  'other-crimes-against-society': 'Other crimes against society', 'public-disorder': 'Public disorder',
  'drug-offences': 'Drug offences', 'drug-trafficking': 'Trafficking of drugs',
  'drug-possession': 'Possession of drugs', 'possession-of-weapons': 'Possession of weapons offences',
  'misc-crimes-against-society': 'Miscellaneous crimes against society',
  asb: 'Anti-social behaviour', as21: 'ASB - personal (AS21)', as22: 'ASB - nuisance (AS22)',
  as23: 'ASB - environmental (AS23)',
};
// police.uk "Crime type" → the node it lands on (no finer than the source can say).
const POLICE_UK = {
  'Anti-social behaviour': 'asb', 'Bicycle theft': 'bicycle-theft', Burglary: 'burglary',
  'Criminal damage and arson': 'criminal-damage-and-arson', Drugs: 'drug-offences',
  'Other crime': 'misc-crimes-against-society', 'Other theft': 'other-theft',
  'Possession of weapons': 'possession-of-weapons', 'Public order': 'public-disorder',
  Robbery: 'robbery', Shoplifting: 'shoplifting', 'Theft from the person': 'theft-from-the-person',
  'Vehicle crime': 'vehicle-crime', 'Violence and sexual offences': 'violence-and-sexual-offences',
};
function within(slug, ancestor) {
  for (let at = slug; at; at = PARENT[at]) if (at === ancestor) return true;
  return false;
}
// The police.uk types counted under any of these categories (each with everything below it).
function typesUnder(slugs) {
  for (const s of slugs) if (!(s in PARENT)) throw new Error(`unknown category "${s}"`);
  return Object.keys(POLICE_UK).filter((t) => slugs.some((s) => within(POLICE_UK[t], s)));
}

// --- 1. the DuckDB query -----------------------------------------------------------------
// The local authority Safer derives from an LSOA name (copied from bench/duckdb.mjs, which
// cannot be imported without running it): the name minus its last space-separated token;
// "(no location)" without an LSOA.
const LSOA = 'rtrim("LSOA name")';
const LAST_SPACE_FROM_END = `strpos(reverse(${LSOA}), ' ')`;
const LA_FROM_LSOA = `COALESCE(CASE WHEN ${LAST_SPACE_FROM_END} > 0
  THEN nullif(rtrim(left(${LSOA}, length(${LSOA}) - ${LAST_SPACE_FROM_END})), '') END,
  '(no location)')`;

function csvField(s) {
  s = String(s);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function tableStep(dbFile, force, quarter) {
  const t0 = performance.now();
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const options = {};
  if (process.env.DUCKDB_THREADS) options.threads = process.env.DUCKDB_THREADS;
  const instance = await DuckDBInstance.create(dbFile, { ...options, access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const p = periodsForQuarter(quarter);
  // One pass over the force's rows from the start of the baseline to the end of the
  // quarter, grouped by local authority, type and month; then each period is a filtered
  // sum, and GROUPING SETS add the force's own line (which also counts rows without an LSOA).
  const sum = (k) => `coalesce(sum(n) FILTER (WHERE month BETWEEN '${p[k][0]}' AND '${p[k][1]}'), 0)`;
  const sql = `
    WITH m AS (
      SELECT ${LA_FROM_LSOA} AS la, "Crime type" AS type, "Month" AS month, count(*) AS n
      FROM incidents
      WHERE "Falls within" = $force AND "Month" BETWEEN '${p.baseline[0]}' AND '${p.this_period[1]}'
      GROUP BY ALL)
    SELECT CASE WHEN grouping(la) = 1 THEN $force ELSE la END AS area, type,
           ${PERIODS.map((k) => `${sum(k)} AS ${k}`).join(', ')}
    FROM m GROUP BY GROUPING SETS ((la, type), (type))
    ORDER BY grouping(la), area, type`;
  const tq = performance.now();
  const reader = await connection.runAndReadAll(sql, { force });
  const querySeconds = (performance.now() - tq) / 1000;
  const rows = reader.getRows().map((r) => r.map((v) => String(v)));
  connection.closeSync();
  instance.closeSync?.();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(['area,crime_type,' + PERIODS.join(','),
    ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n');
  process.stderr.write(JSON.stringify({ step: 'pack table', seconds, query_seconds: querySeconds,
    groups: rows.length }) + '\n');
}

// --- 2. the cross-check ----------------------------------------------------------------
// Counted indicators of a plan file: name → police.uk types and YTD rule. A small reader for
// the documented shape (docs/plan-file.md: items of `indicators:` lists with `id:`, `name:`,
// `count: [a, b]`, `unit:`, `year_to_date:`), enough for the shipped plans; an indicator
// with a folded (multi-line) name or a category this reader cannot resolve is left out of
// the check, and said so.
const fold = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
function categorySlug(text) {  // as FindCategory: a slug, a name, or a police.uk type
  const k = fold(text);
  if (!k) return undefined;
  return Object.keys(PARENT).find((s) => fold(s) === k || fold(NAME[s]) === k)
    ?? Object.entries(POLICE_UK).find(([t]) => fold(t) === k)?.[1];
}
function countedIndicators(planPath) {
  const out = new Map(), skipped = [];
  let listIndent = null, itemIndent = null, keyIndent = null, cur = null;
  const unquote = (v) => v.trim().replace(/^(["'])(.*)\1$/, '$2');
  const close = () => {
    if (cur?.count) {
      const slugs = cur.count.map(categorySlug);
      if (!cur.name || slugs.includes(undefined)) skipped.push(cur.id ?? '(no id)');
      else out.set(cur.name, { types: typesUnder(slugs), latest: cur.ytd === 'latest' });
    }
    cur = null;
  };
  for (const raw of readFileSync(planPath, 'utf8').split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trimEnd();
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    let body = line.trim();
    const item = /^(-\s+)(.*)$/.exec(body);
    const isNextItem = item && (itemIndent === null || indent === itemIndent);
    if (listIndent !== null && (indent < listIndent || (indent === listIndent && !isNextItem))) {
      close();
      listIndent = null;
    }
    if (/^indicators:$/.test(body)) { close(); listIndent = indent; itemIndent = null; continue; }
    if (listIndent === null) continue;
    if (isNextItem) {
      close();
      cur = {};
      itemIndent = indent;
      keyIndent = indent + item[1].length;
      body = item[2];
    } else if (indent !== keyIndent) {
      continue;  // folded text, or a nested value
    }
    const kv = /^([a-z_]+):\s*(.*)$/.exec(body);
    if (!cur || !kv) continue;
    const [, key, v] = kv;
    if (key === 'id') cur.id = unquote(v);
    else if (key === 'name') cur.name = /^[>|]/.test(v.trim()) ? null : unquote(v);
    else if (key === 'count') {
      const m = /^\[(.*)\]$/.exec(v.trim());
      cur.count = m ? m[1].split(',').map(unquote).filter(Boolean) : ['(not a flow list)'];
    } else if (key === 'year_to_date') cur.ytd = unquote(v).toLowerCase();
  }
  close();
  return { indicators: out, skipped };
}

function check(packPath, tablePath, planPath, force, quarter) {
  const p = periodsForQuarter(quarter);
  const periodOf = new Map(PERIODS.map((k) => [code(p[k]), k]));

  // DuckDB: area → type → period → count.
  const duck = new Map();
  const t = parseCsv(readFileSync(tablePath, 'utf8')).filter((r) => r.length > 1);
  const th = t[0];
  for (const r of t.slice(1)) {
    const rec = Object.fromEntries(th.map((h, i) => [h, r[i]]));
    if (!(rec.crime_type in POLICE_UK)) throw new Error(`unknown police.uk crime type "${rec.crime_type}"`);
    if (!duck.has(rec.area)) duck.set(rec.area, new Map());
    duck.get(rec.area).set(rec.crime_type, Object.fromEntries(PERIODS.map((k) => [k, Number(rec[k])])));
  }
  if (!duck.has(force)) throw new Error(`${tablePath}: no line for the force "${force}"`);
  const expected = (area, period, types) => {
    const a = duck.get(area);
    if (!a) return undefined;  // an area DuckDB does not know: reported as a difference
    return types.reduce((s, ty) => s + (a.get(ty)?.[period] ?? 0), 0);
  };

  const pack = parseCsv(readFileSync(packPath, 'utf8')).filter((r) => r.length > 1);
  const want = ['table', 'row', 'column', 'area', 'period', 'value'];
  const col = Object.fromEntries(want.map((h) => [h, pack[0].indexOf(h)]));
  const defCol = pack[0].indexOf('definition'), unitCol = pack[0].indexOf('unit');
  for (const h of [...want, 'definition', 'unit']) {
    if (pack[0].indexOf(h) < 0) throw new Error(`${packPath}: no "${h}" column in ${pack[0].join(',')}`);
  }
  const rows = pack.slice(1).map((r) => ({
    table: r[col.table], row: r[col.row], column: r[col.column], area: r[col.area],
    period: r[col.period], value: r[col.value], definition: r[defCol], unit: r[unitCol] }));

  const { indicators, skipped } = countedIndicators(planPath);
  const CATEGORY_DEF = /^recorded category (\S+) with the categories below it$/;
  const TOTAL_DEF = 'sum of the top-level rows above';

  // The category of a row: its definition names it; a line that repeats another table's
  // total (All recorded crime: "Victim-based crime") has no definition and is known by its label.
  const slugOf = (r) => CATEGORY_DEF.exec(r.definition)?.[1]
    ?? (r.definition === '' && !indicators.has(r.row) ? categorySlug(r.row) : undefined);
  // Per table: the categories of its rows (for its top-level rows), and for district tables
  // the areas of its columns.
  const slugsByTable = new Map(), areasByTable = new Map();
  const add = (m, k, v) => (m.get(k) ?? m.set(k, new Set()).get(k)).add(v);
  for (const r of rows) {
    const slug = slugOf(r);
    if (slug) add(slugsByTable, r.table, slug);
    if (r.column === 'count') add(areasByTable, r.table, r.area);
  }
  const topLevel = (table) => {
    const slugs = [...(slugsByTable.get(table) ?? [])];
    return slugs.filter((s) => !slugs.some((o) => o !== s && within(s, o)));
  };
  // A district table's column for what the force recorded outside its districts or without a
  // location ("Elsewhere or no location"): the force's count less its districts' columns.
  const REST = /elsewhere|no location/i;
  const expectedArea = (table, area, period, types) => {
    if (duck.has(area) || !REST.test(area) || !areasByTable.has(table)) return expected(area, period, types);
    let n = expected(force, period, types);
    for (const a of areasByTable.get(table)) if (a !== force && a !== area) n -= expected(a, period, types) ?? NaN;
    return n;
  };

  const diffs = [], counted = new Map(), missing = new Map(), seenPeriods = new Set();
  const seenAreas = new Set();
  const tally = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
  let checked = 0;
  for (const r of rows) {
    // Counts only: the crime/ASB tables' periods, district counts, indicator figures (or, for
    // a counted rate, its numerator).
    let column = r.column;
    const period = periodOf.get(r.period);
    if (PERIODS.includes(column)) {
      if (r.unit !== 'count') continue;
    } else if (/_numerator$/.test(column) && PERIODS.includes(column.replace(/_numerator$/, ''))) {
      column = column.replace(/_numerator$/, '');
    } else if (column !== 'count') {  // districts: the period column holds the quarter
      continue;
    }
    if (!period) continue;  // e.g. a trend quarter
    if (column !== 'count' && column !== period) {
      diffs.push(`  ${r.table} | ${r.row} | ${r.column}: period ${r.period} is not the pack's ${column}`);
      continue;
    }
    let types, kind;
    const slug = slugOf(r);
    if (slug) {
      types = typesUnder([slug]);
      kind = column === 'count' ? 'district count' : 'crime/ASB tree';
    } else if (r.definition === TOTAL_DEF) {
      types = typesUnder(topLevel(r.table));
      kind = column === 'count' ? 'district total' : 'tree total';
    } else if (indicators.has(r.row)) {
      const ind = indicators.get(r.row);
      // A counted indicator whose year to date is the latest quarter is not a sum of rows:
      // leave its year to date and baseline out.
      if (ind.latest && (column === 'year_to_date' || column === 'baseline')) continue;
      types = ind.types;
      kind = `indicator ${column}`;
    } else {
      continue;  // a supplied indicator or a line that is not a count of rows
    }
    if (r.value === '') { tally(missing, kind); continue; }
    const exp = column === 'count' ? expectedArea(r.table, r.area, period, types) : expected(r.area, period, types);
    const got = Number(r.value);
    checked++;
    tally(counted, kind);
    seenPeriods.add(period);
    seenAreas.add(r.area);
    if (got !== exp) {
      diffs.push(`  ${r.table} | ${r.row} | ${r.column} | ${r.area} | ${r.period}: ` +
        `safer ${r.value}, duckdb ${exp ?? '- (no such area)'}`);
    }
  }
  // Every local authority DuckDB sees must have its figures in the pack (rows without an
  // LSOA count towards the force and its "elsewhere" column only), and every period be checked.
  for (const area of duck.keys()) {
    if (!seenAreas.has(area) && area !== '(no location)') {
      diffs.push(`  area "${area}": DuckDB counts rows for it, the pack has no figure for it`);
    }
  }
  for (const k of PERIODS) if (!seenPeriods.has(k)) diffs.push(`  no figure of the pack checked for ${k} (${code(p[k])})`);
  const summary = [...counted].map(([k, n]) => `${k} ${n}`).join(', ');
  const miss = [...missing].map(([k, n]) => `${k} ${n}`).join(', ');
  if (diffs.length) {
    console.error(`MISMATCH pack.csv vs DuckDB: ${diffs.length} differences (of ${checked} figures checked):`);
    console.error(diffs.slice(0, 40).join('\n'));
    if (diffs.length > 40) console.error(`  … and ${diffs.length - 40} more`);
    process.exit(1);
  }
  const msg = `OK pack.csv vs DuckDB: ${checked} figures identical (${summary}); ` +
    `${seenAreas.size} areas; missing in the pack (the source cannot split them): ${miss || 'none'}` +
    (skipped.length ? `; indicators not checked: ${skipped.join(', ')}` : '');
  console.error(msg);
  console.log(JSON.stringify({ checked, areas: seenAreas.size, by_kind: Object.fromEntries(counted),
    missing: Object.fromEntries(missing) }));
}

// --- 3. the report ---------------------------------------------------------------------
function report(path) {
  const recs = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const info = Object.assign({}, ...recs.filter((r) => r.tool === 'data'));
  const chk = recs.find((r) => r.tool === 'check') ?? {};
  const steps = new Map();
  for (const r of recs) {
    if (r.tool === 'data' || r.tool === 'check') continue;
    const k = `${r.tool}\0${r.step}`;
    const s = steps.get(k) ?? { tool: r.tool, step: r.step, times: [], cpu: [], rss: 0, load: [] };
    if (r.source === 'hyperfine') s.hf = r;
    else if (r.seconds !== undefined) {
      s.times.push(r.seconds);
      s.cpu.push((r.user ?? 0) + (r.sys ?? 0));
      s.rss = Math.max(s.rss, r.rss_kb ?? 0);
      if (r.inproc && typeof r.inproc === 'object') s.inproc = r.inproc;
      if (r.load !== undefined) s.load.push(r.load);
      if (r.note) s.note = r.note;
    }
    if (r.bytes !== undefined) s.bytes = r.bytes;
    steps.set(k, s);
  }
  const get = (tool, step) => steps.get(`${tool}\0${step}`);
  const secs = (s) => (s?.hf ? s.hf.median : s?.times.length ? median(s.times) : undefined);
  const cpu = (s) => (s?.hf ? s.hf.cpu : s?.cpu.length ? median(s.cpu) : undefined);
  const L = [];
  L.push('# Quarterly pack benchmark: Safer vs DuckDB', '');
  L.push(`Data: ${fmtInt(info.files)} files, ${fmt(info.bytes / 1e9, 3)} GB (${fmtInt(info.bytes)} bytes), ` +
    `${fmtInt(info.rows)} rows — ${info.forces} forces × ${info.months} months from ${info.from} × ` +
    `~${fmtInt(info.rows_per_force_month)} rows (\`safer synth … --seed 1\`). ` +
    `Pack: "${info.force}" (${fmtInt(info.force_rows)} of the stored rows` +
    (chk.areas ? `; the force and ${chk.areas - 1} local authorities` : '') + `), ` +
    `${info.quarter}, plan ${info.plan}.`);
  if (info.synth_seconds !== undefined) {
    L.push(`Generated by \`safer synth\` in ${typeof info.synth_seconds === 'number' ? `${fmt(info.synth_seconds, 1)} s` : 'an earlier run'}` +
      ` (kept between runs; bench/out/pack-data/.stamp).`);
  }
  L.push(`Machine: ${info.nproc} cores; DuckDB threads: ${info.duckdb_threads}; commit ${info.commit}. ` +
    `Generated ${new Date().toISOString()}.`, '');
  L.push('| tool | step | seconds | min–max s | CPU s | peak RSS MB | Safer/DuckDB |');
  L.push('|---|---|---:|---:|---:|---:|---:|');
  const row = (s, ratio = '') => {
    if (!s) return;
    const runs = s.hf ? ` (median of ${s.hf.runs})` : s.times.length > 1 ? ` (median of ${s.times.length})` : ' (1 run)';
    const range = s.hf ? `${fmt(s.hf.min, 2)}–${fmt(s.hf.max, 2)}` : '—';
    L.push(`| ${s.tool} | ${s.step}${runs} | ${fmt(secs(s), 3)} | ${range} | ${fmt(cpu(s), 3)} | ` +
      `${s.rss ? fmt(s.rss / 1024, 1) : '—'} | ${ratio} |`);
  };
  const ratio = (a, b) => (a && b ? `**${fmt(secs(a) / secs(b), 2)}×**` : '');
  row(get('safer', 'import'), ratio(get('safer', 'import'), get('duckdb', 'import')));
  row(get('duckdb', 'import'));
  const dt = get('duckdb', 'pack table');
  for (const step of ['pack csv', 'pack html', 'pack html+xlsx+csv+pdf']) {
    row(get('safer', step), ratio(get('safer', step), dt));
  }
  row(dt);
  L.push('');
  const ds = get('safer', 'db size'), dd = get('duckdb', 'db size');
  if (ds && dd) L.push(`Database on disk: Safer (SQLite) ${fmt(ds.bytes / 1e6, 1)} MB, DuckDB ${fmt(dd.bytes / 1e6, 1)} MB.`);
  if (dt?.inproc) {
    L.push(`DuckDB measured inside the Node process (without Node/DuckDB start-up): ` +
      `${fmt(dt.inproc.seconds, 3)} s, the query alone ${fmt(dt.inproc.query_seconds, 3)} s ` +
      `(${fmtInt(dt.inproc.groups)} area × type lines).`);
  }
  const imp = get('duckdb', 'import');
  if (imp?.inproc) L.push(`DuckDB's import inside the process: ${fmt(imp.inproc.seconds, 3)} s.`);
  if (chk.checked) {
    L.push(`Cross-check: ${fmtInt(chk.checked)} figures of Safer's pack.csv equal DuckDB's ` +
      `(${Object.entries(chk.by_kind ?? {}).map(([k, n]) => `${k} ${n}`).join(', ')}) over ${chk.areas} areas; ` +
      `figures the source cannot split, empty in the pack and not compared: ` +
      `${Object.entries(chk.missing ?? {}).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`);
  }
  const loads = [...steps.values()].filter((s) => s.load.length)
    .map((s) => `${s.tool} ${s.step} ${s.load.map((x) => fmt(x, 1)).join('/')}`);
  L.push(`Load average (1 min) at the start: ${fmt(info.load_start, 1)}; after each step: ${loads.join('; ')}` +
    (info.load_end !== undefined ? `; at the end: ${fmt(info.load_end, 1)}` : '') +
    '. Above ~1 per core, other processes were competing for the CPU and the wall times are inflated.');
  const notes = [...steps.values()].filter((s) => s.note).map((s) => `${s.tool} ${s.step}: ${s.note}`);
  if (notes.length) L.push(`Notes: ${notes.join('; ')}.`);
  L.push('', 'Seconds are wall-clock for the whole process (Safer: open the store, compute the pack, ' +
    'write the files; DuckDB: start Node, load DuckDB, open the file, run the query, print the table). ' +
    'Pack and table steps are the hyperfine median after one warm-up; imports and the full pack with ' +
    'PDF one run under `/usr/bin/time` (peak RSS always from such a run). The ratio is Safer over ' +
    'DuckDB (below 1: Safer is faster); each Safer pack step is set against the same DuckDB table, ' +
    'which holds the counts only, not the formatted pack.');
  console.log(L.join('\n'));
}

// --- main ------------------------------------------------------------------------------
const [step, ...args] = process.argv.slice(2);
if (step === 'table' && args.length === 3) {
  await tableStep(...args);
} else if (step === 'check' && args.length === 5) {
  check(...args);
} else if (step === 'report' && args.length === 1) {
  report(args[0]);
} else if (step === 'indicators' && args.length === 1) {
  const { indicators, skipped } = countedIndicators(args[0]);
  console.log(JSON.stringify({ indicators: Object.fromEntries(indicators), skipped }, null, 1));
} else if (step === 'periods' && args.length === 1) {
  console.log(JSON.stringify(periodsForQuarter(args[0])));
} else {
  process.stderr.write('usage: pack_duckdb.mjs table DBFILE FORCE QUARTER | ' +
    'check PACK.csv TABLE.csv PLAN FORCE QUARTER | report RESULTS.jsonl | periods QUARTER | ' +
    'indicators PLAN\n');
  process.exit(2);
}
