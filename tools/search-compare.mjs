// Our search beside Pagefind's, in Chromium, on the same built site: for each query of a query
// set whose answers were fixed beforehand, the pages each engine lists first, and the bytes a
// visitor's browser fetches for that first query (each file gzip-compressed as a server sends
// it; Pagefind's own files are compressed already and count as they are).
//
//     node tools/search-compare.mjs SITE PAGEFIND_FOLDER QUERIES.json [CONTENT_FOLDER]
//
// SITE is the build's output; PAGEFIND_FOLDER the `pagefind/` folder Pagefind wrote for it
// (tools/search-pagefind.sh; served at /pagefind/); CONTENT_FOLDER (to read the titles the expectations name) defaults to
// the corpus beside the output, target/bench/n1000/ours/content. Needs the browser tests'
// packages: npm ci --prefix tests/browser.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [site, pagefind, queryFile, content = 'target/bench/n1000/ours/content'] = process.argv.slice(2);
const { queries } = JSON.parse(readFileSync(queryFile, 'utf8'));

// The folded words of a text, between spaces: « Réintégration à Gao » → " reintegration a gao ".
const fold = (text) => ` ${text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe')
  .split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ')} `;

// Each activity's title by its address, per language: what the expectations are checked on.
function titles() {
  const found = { fr: new Map(), en: new Map() };
  const folder = join(content, 'activites');
  for (const name of readdirSync(folder).filter((n) => /^\d{4}-\d\d-\d\d-/.test(n))) {
    const english = name.endsWith('.en.md');
    const slug = name.slice(11, english ? -6 : -3);
    const line = readFileSync(join(folder, name), 'utf8').split('\n').find((l) => l.startsWith('title:'));
    found[english ? 'en' : 'fr'].set(`${english ? '/en' : ''}/activites/${slug}/`, fold(JSON.parse(line.slice(6))));
  }
  return found;
}

function expected(query, byLang) {
  if (query.page) return new Set([query.page]);
  const hits = [...byLang[query.lang]].filter(([, title]) =>
    query.title.every((entry) => entry.split('|').some((words) => title.includes(` ${words} `))));
  return new Set(hits.map(([path]) => path));
}

// A static server; it keeps the size of what it sends, as a server that compresses sends it.
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
const sizes = new Map();
function wireSize(file) {
  if (!sizes.has(file)) {
    const body = readFileSync(file);
    const gzipped = body[0] === 0x1f && body[1] === 0x8b;
    sizes.set(file, gzipped ? body.length : gzipSync(body).length);
  }
  return sizes.get(file);
}
let sent = [];
const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://x');
  const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  if (path === '/blank') {
    response.writeHead(200, { 'content-type': TYPES['.html'] });
    return response.end(`<!doctype html><html lang="${url.searchParams.get('lang')}"><title>x</title></html>`);
  }
  const root = path.startsWith('/pagefind/') ? join(pagefind, path.slice('/pagefind/'.length)) : join(site, path);
  for (const file of [root, join(root, 'index.html')]) {
    try {
      if (!statSync(file).isFile()) continue;
      sent.push({ path, bytes: wireSize(file) });
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return response.end(readFileSync(file));
    } catch { /* next */ }
  }
  response.writeHead(404);
  response.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

// The search page of a language in our output: the folder beside which the index is.
const ourPage = (lang) => (lang === 'fr' ? ['recherche', 'search'] : [`${lang}/search`, `${lang}/recherche`])
  .find((folder) => statSync(join(site, folder, 'index.json'), { throwIfNoEntry: false }));

async function ours(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const folder = ourPage(query.lang);
  await page.goto(`${origin}/${folder}/?q=${encodeURIComponent(query.query)}`);
  await page.waitForFunction(() => document.getElementById('statut').textContent.trim() !== '', null, { timeout: 10000 });
  await page.waitForLoadState('networkidle');
  const links = await page.$$eval('#resultats li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
  await context.close();
  return links;
}

async function pagefindSearch(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/blank?lang=${query.lang}`);
  const links = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const search = await pf.search(q);
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.href).pathname);
  }, query.query);
  await context.close();
  return links;
}

const byLang = titles();
const engines = { ours, pagefind: pagefindSearch };
const rows = [];
for (const query of queries) {
  const want = expected(query, byLang);
  if (want.size === 0) throw new Error(`no page is expected for ${query.query}`);
  const row = { query: query.query, lang: query.lang, kind: query.kind };
  for (const [name, run] of Object.entries(engines)) {
    sent = [];
    const links = await run(query);
    const search = sent.filter((s) => s.path.endsWith('.js') || s.path.endsWith('.json') || s.path.startsWith('/pagefind/'));
    const rank = links.findIndex((link) => want.has(link));
    row[name] = { rank, results: links.length, bytes: search.reduce((sum, s) => sum + s.bytes, 0), requests: search.length,
      page_bytes: sent.filter((s) => !search.includes(s)).reduce((sum, s) => sum + s.bytes, 0),
      first: links[0] ?? null };
  }
  rows.push(row);
  console.error(`${query.query}: ours ${row.ours.rank}, pagefind ${row.pagefind.rank}`);
}
await browser.close();
server.close();

// Per kind of query and in all: how often the expected page is first, in the first three,
// and the bytes of a first query (median and most).
const summary = (subset, name) => {
  const ranks = subset.map((r) => r[name].rank);
  const bytes = subset.map((r) => r[name].bytes).sort((a, b) => a - b);
  return { first: ranks.filter((r) => r === 0).length, top3: ranks.filter((r) => r >= 0 && r < 3).length,
    none: subset.filter((r) => r[name].results === 0).length, of: subset.length,
    median_kb: +(bytes[Math.floor(bytes.length / 2)] / 1024).toFixed(1), max_kb: +(bytes.at(-1) / 1024).toFixed(1),
    median_requests: subset.map((r) => r[name].requests).sort((a, b) => a - b)[Math.floor(subset.length / 2)] };
};
const kinds = [...new Set(rows.map((r) => r.kind)), 'all'];
const table = kinds.map((kind) => {
  const subset = kind === 'all' ? rows : rows.filter((r) => r.kind === kind);
  return { kind, ours: summary(subset, 'ours'), pagefind: summary(subset, 'pagefind') };
});
console.log(JSON.stringify({ table, page_kb: +(rows[0].ours.page_bytes / 1024).toFixed(1), rows }, null, 1));
