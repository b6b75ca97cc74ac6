// GET /api/analyse/hotspots: partnership members see the grid (public and signed-out
// callers do not), its numbers are the CLI's, GeoJSON is one polygon per Gi* cell, and bad
// parameters are refused with 400.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { SAMPLE } from './lib.mjs';

let server;
let member, analyst, pub;

before(async () => {
  server = await startServer({ governance: false });
  member = await signIn(server.url, server.users.member);
  analyst = await signIn(server.url, server.users.analyst);
  pub = await signIn(server.url, server.users.public);
});
after(() => server?.stop());

async function getJson(session, path) {
  const res = await session.fetch(path);
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

test('public and signed-out callers are refused; members and analysts are answered', async () => {
  const path = `/api/analyse/hotspots?${SAMPLE}`;
  assert.equal((await fetch(server.url + path)).status, 401);
  const refused = await pub.fetch(path);
  assert.equal(refused.status, 403);
  assert.doesNotMatch(await refused.text(), /"cells"/, 'no grid in the refusal');
  await getJson(member, path);
  await getJson(analyst, path);
});

test('the numbers are the CLI\'s: same cells, counts, z and classes', async () => {
  const api = await getJson(member, `/api/analyse/hotspots?${SAMPLE}&category=burglary&gi_cell=300`);
  const cli = JSON.parse(server.run(['analyse', 'hotspots', '--area', 'Hartlepool', '--from', '2018-09', '--to', '2018-09',
    '--category', 'burglary', '--gi-cell', '300', '--format', 'json']).toString());
  assert.deepEqual(api.summary, cli.summary);
  assert.deepEqual(api.settings, cli.settings);
  assert.deepEqual(api.incidents, cli.incidents);
  assert.deepEqual(api.gi.cells, cli.gi.cells);
  assert.deepEqual(api.density.values, cli.density.values);
  assert.equal(api.settings.gi_cell_metres, 300);
  const placed = api.gi.cells.reduce((n, c) => n + c.count, 0);
  assert.equal(placed, api.incidents.placed, 'every placed incident is in a listed cell');
  assert.ok(api.incidents.placed > 0);
  assert.match(api.summary.sentence, /after FDR correction/);
});

test('the counts agree with /api/counts for the area', async () => {
  const hot = await getJson(member, `/api/analyse/hotspots?${SAMPLE}`);
  const counts = await getJson(member, `/api/counts?${SAMPLE}`);
  assert.equal(hot.incidents.placed + hot.incidents.without_location, counts.total);
});

test('GeoJSON: one polygon per Gi* cell with its properties', async () => {
  const res = await member.fetch(`/api/analyse/hotspots?${SAMPLE}&format=geojson`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /geo\+json/);
  const g = JSON.parse(await res.text());
  const j = await getJson(member, `/api/analyse/hotspots?${SAMPLE}`);
  assert.equal(g.type, 'FeatureCollection');
  assert.equal(g.features.length, j.gi.frame.rows * j.gi.frame.cols);
  const f = g.features[0];
  assert.equal(f.geometry.type, 'Polygon');
  for (const key of ['count', 'density', 'gi_z', 'p', 'p_adjusted', 'class']) assert.ok(key in f.properties, key);
  assert.equal(g.features.reduce((n, x) => n + x.properties.count, 0), j.incidents.placed);
});

test('bad parameters are refused with 400 and a message', async () => {
  for (const q of ['cell=0', 'cell=-5', 'cell=abc', 'bandwidth=1e9', 'gi_cell=10', 'fdr=2', 'format=svg', 'cell=1e3x']) {
    const res = await member.fetch(`/api/analyse/hotspots?${SAMPLE}&${q}`);
    const body = await res.text();
    assert.equal(res.status, 400, `${q}: ${res.status} ${body.slice(0, 200)}`);
    assert.ok(JSON.parse(body).error, `${q}: an error message`);
  }
  assert.equal((await member.fetch('/api/analyse/hotspots?area=Hartlepool')).status, 400);
  assert.equal((await member.fetch('/api/analyse/hotspots?area=Hartlepool&from=2018-09&to=2018-13')).status, 400);
  assert.equal((await member.fetch('/api/analyse/hotspots?area=Nowhere&from=2018-09&to=2018-09')).status, 404);
  const none = await member.fetch('/api/analyse/hotspots?area=Hartlepool&from=2015-01&to=2015-02');
  assert.equal(none.status, 404);
  assert.match(await none.text(), /nothing to map/);
});
