// The DuckDB side of the benchmark (see docs/benchmark.md). One step per process, so that
// bench/run.sh can time each step from the outside exactly as it times `safer`:
//
//   node bench/duckdb.mjs import DBFILE 'DATA/*/*.csv'
//   node bench/duckdb.mjs counts DBFILE FORCE FROM TO category|area,month
//
// `import` creates a persistent DuckDB file holding one table, `incidents`, with every row
// of every file (a fair match for `safer import`, which also writes to disk). `counts`
// prints the same CSV that `safer query counts --format csv` prints for that grouping:
// police.uk crime types are renamed to Safer's category names (the ONS tree) and the
// local authority is the LSOA name minus its last token, as Safer derives it when no
// lookup has been imported. Rows are sorted by their keys.
//
// Each step also prints one line of JSON to stderr, `{"step":…,"seconds":…,…}`, the time
// measured inside the process (without Node's and DuckDB's start-up), for reference.
//
// Environment: DUCKDB_THREADS (default: DuckDB's own default, all cores).
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, rmSync } from 'node:fs';

// police.uk "Crime type" → the name Safer prints for the node it lands on
// (src/domain/category.cc, kPoliceUkTypes + the tree's names).
export const CATEGORY_NAME = {
  'Anti-social behaviour': 'Anti-social behaviour',
  'Bicycle theft': 'Bicycle theft',
  'Burglary': 'Burglary',
  'Criminal damage and arson': 'Criminal damage and arson',
  'Drugs': 'Drug offences',
  'Other crime': 'Miscellaneous crimes against society',
  'Other theft': 'Other theft',
  'Possession of weapons': 'Possession of weapons offences',
  'Public order': 'Public disorder',
  'Robbery': 'Robbery',
  'Shoplifting': 'Shoplifting',
  'Theft from the person': 'Theft from the person',
  'Vehicle crime': 'Vehicle crime',
  'Violence and sexual offences': 'Violence and sexual offences',
};

// Explicit column types: no sniffing differences between runs or data sizes.
const COLUMNS = `{
  'Crime ID': 'VARCHAR', 'Month': 'VARCHAR', 'Reported by': 'VARCHAR',
  'Falls within': 'VARCHAR', 'Longitude': 'DOUBLE', 'Latitude': 'DOUBLE',
  'Location': 'VARCHAR', 'LSOA code': 'VARCHAR', 'LSOA name': 'VARCHAR',
  'Crime type': 'VARCHAR', 'Last outcome category': 'VARCHAR', 'Context': 'VARCHAR'}`;

function sqlString(s) {
  return `'${String(s).replaceAll("'", "''")}'`;
}

function csvField(s) {
  s = String(s);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function open(dbFile) {
  const options = {};
  if (process.env.DUCKDB_THREADS) options.threads = process.env.DUCKDB_THREADS;
  const instance = await DuckDBInstance.create(dbFile, options);
  return { instance, connection: await instance.connect() };
}

async function importStep(dbFile, glob) {
  for (const f of [dbFile, `${dbFile}.wal`]) if (existsSync(f)) rmSync(f);
  const t0 = performance.now();
  const { instance, connection } = await open(dbFile);
  await connection.run(
    `CREATE TABLE incidents AS SELECT * FROM read_csv(${sqlString(glob)}, header = true, ` +
    `delim = ',', quote = '"', escape = '"', columns = ${COLUMNS})`);
  await connection.run('CHECKPOINT');
  const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM incidents'))
    .getRows()[0][0]);
  connection.closeSync();
  instance.closeSync?.();
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(JSON.stringify({ step: 'import', seconds, rows }) + '\n');
  process.stdout.write(`${rows}\n`);
}

// The local authority Safer derives from an LSOA name: trailing spaces dropped, then the
// last space-separated token; "(no location)" when there is no LSOA (or no such token), as
// Safer labels incidents that count towards their force but no local authority.
// Plain string functions: about twice as fast here as the equivalent regular expressions
// (regexp_extract(rtrim(name), '^(.*) [^ ]+$', 1)), with identical results on the 1 GB data.
const LSOA = 'rtrim("LSOA name")';
const LAST_SPACE_FROM_END = `strpos(reverse(${LSOA}), ' ')`;
const LA_FROM_LSOA = `COALESCE(CASE WHEN ${LAST_SPACE_FROM_END} > 0
  THEN nullif(rtrim(left(${LSOA}, length(${LSOA}) - ${LAST_SPACE_FROM_END})), '') END,
  '(no location)')`;

async function countsStep(dbFile, force, from, to, by) {
  const t0 = performance.now();
  const { instance, connection } = await open(dbFile);
  const where = `"Falls within" = $force AND "Month" BETWEEN $from AND $to`;
  let header, sql;
  if (by === 'category') {
    header = 'category,count';
    sql = `SELECT "Crime type", count(*) FROM incidents WHERE ${where} GROUP BY 1`;
  } else if (by === 'area,month') {
    header = 'area,month,count';
    sql = `SELECT ${LA_FROM_LSOA} AS area, "Month", count(*) FROM incidents
           WHERE ${where} GROUP BY 1, 2`;
  } else {
    throw new Error(`unsupported --by ${by}`);
  }
  const tq = performance.now();
  const reader = await connection.runAndReadAll(sql, { force, from, to });
  const querySeconds = (performance.now() - tq) / 1000;
  let rows = reader.getRows().map((r) => r.map((v) => (v === null ? '' : String(v))));
  if (by === 'category') {
    rows = rows.map(([type, n]) => {
      const name = CATEGORY_NAME[type];
      if (!name) throw new Error(`unknown police.uk crime type ${JSON.stringify(type)}`);
      return [name, n];
    });
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => {
    for (let i = 0; i < a.length - 1; i++) {
      const c = cmp(a[i], b[i]);
      if (c) return c;
    }
    return 0;
  });
  connection.closeSync();
  instance.closeSync?.();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write([header, ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n');
  process.stderr.write(JSON.stringify({ step: `counts ${by}`, seconds, query_seconds: querySeconds,
    groups: rows.length }) + '\n');
}

const [step, ...args] = process.argv.slice(2);
if (step === 'import' && args.length === 2) {
  await importStep(args[0], args[1]);
} else if (step === 'counts' && args.length === 5) {
  await countsStep(...args);
} else {
  process.stderr.write('usage: duckdb.mjs import DBFILE GLOB | counts DBFILE FORCE FROM TO BY\n');
  process.exit(2);
}
