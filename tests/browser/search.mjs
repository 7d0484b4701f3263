// The search page in Chromium, as a visitor on a phone and a slow connection uses it: the
// site served under a sub-path on 127.0.0.1, the page's own script, what its status line says.
// A word mistyped is retried one letter away and the page says so, in French and English;
// ten results come first, the next ones on a click; common words alone get their own message;
// on a slow connection, a search typed after another that is still loading shows its results,
// not the earlier one's, and never both; an index that cannot be loaded says so and loads on
// the next try; without JavaScript, the page points to the list and the topics.
//
//     node search.mjs PLAN.json
//
// PLAN.json (written by tests/site/search.rs): { "public": folder, "prefix": "/cnr/",
// "page": the search page's folder, "english": { "page", "typo", "typo_status", "typo_link" },
// "shot": a screenshot's path, "cases": { "typo", "typo_status", "typo_link", "many",
// "many_count", "common", "slow", "slow_links", "other", "other_link" } }.
// Prints every failure, then a JSON summary; exits 1 if anything failed.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cases = plan.cases;
const failures = [];
const check = (condition, where, what) => condition || failures.push(`${where}: ${what}`);

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = createServer((request, response) => {
  const url = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const rel = normalize(url.slice(plan.prefix.length)).replace(/^(\.\.[/\\])+/, '');
  for (const file of url.startsWith(plan.prefix) ? [join(plan.public, rel), join(plan.public, rel, 'index.html')] : []) {
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return response.end(body);
    } catch { /* next */ }
  }
  response.writeHead(404);
  response.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const page_url = (query) => `${origin}${plan.prefix}${plan.page}${query === undefined ? '' : `?q=${encodeURIComponent(query)}`}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const WAIT = { timeout: 10000 };

// A phone's tab; script errors are failures.
async function phone(options = {}) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  return page;
}

const status = (page) => page.textContent('#statut');
const links = (page) => page.$$eval('#resultats li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
// Waits until the status line says what `expected` is, or until the timeout; gives what it says.
async function statusBecomes(page, expected) {
  await page.waitForFunction((want) => document.getElementById('statut').textContent === want, expected, WAIT)
    .catch(() => {});
  return status(page);
}
const at = (path) => `${plan.prefix}${path}`;

// 1. A word mistyped: retried one letter away, and said so; the result opens.
{
  const page = await phone();
  await page.goto(page_url(cases.typo));
  const said = await statusBecomes(page, cases.typo_status);
  check(said === cases.typo_status, 'typo', `the status says ${JSON.stringify(said)}`);
  await page.waitForSelector('#resultats li a', WAIT).catch(() => {});
  const found = await links(page);
  check(found[0] === at(cases.typo_link), 'typo', `first result ${found[0]}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 375, 'typo', `the page is ${width} px wide on a 375 px phone`);
  await page.screenshot({ path: plan.shot, fullPage: true });
  await page.click('#resultats li a');
  check(new URL(page.url()).pathname === at(cases.typo_link), 'typo', `the result leads to ${page.url()}`);

  // In English, the same.
  await page.goto(`${origin}${plan.prefix}${plan.english.page}?q=${encodeURIComponent(plan.english.typo)}`);
  const english = await statusBecomes(page, plan.english.typo_status);
  check(english === plan.english.typo_status, 'typo in English', `the status says ${JSON.stringify(english)}`);
  await page.waitForSelector('#resultats li a', WAIT).catch(() => {});
  const englishLinks = await links(page);
  check(englishLinks[0] === at(plan.english.typo_link), 'typo in English', `first result ${englishLinks[0]}`);

  // Many results: ten, then the next ones on a click.
  await page.goto(page_url(cases.many));
  await page.waitForSelector('#resultats li a', WAIT).catch(() => {});
  const ten = await links(page);
  check(ten.length === 10 && await page.isVisible('#plus'), 'more', `${ten.length} results first`);
  await page.click('#plus');
  await page.waitForFunction((n) => document.querySelectorAll('#resultats li').length === n, cases.many_count, WAIT)
    .catch(() => {});
  const all = await links(page);
  check(all.length === cases.many_count && new Set(all).size === all.length, 'more', `${all.length} results then`);
  check(!(await page.isVisible('#plus')), 'more', 'the button stays after the last results');

  // 2. Common words alone, typed in the field.
  await page.goto(page_url());
  const common = await page.getAttribute('#statut', 'data-common');
  await page.fill('#q', cases.common);
  const said2 = await statusBecomes(page, common);
  check(said2 === common, 'common words', `the status says ${JSON.stringify(said2)}`);
  check((await links(page)).length === 0, 'common words', 'results are shown');
  await page.context().close();
}

// 3. A slow connection: the index of the first search is held until two more are typed.
{
  const page = await phone();
  const held = [];
  let holding = true;
  let heldOne;
  const firstHeld = new Promise((resolve) => { heldOne = resolve; });
  await page.route('**/t-*.json', (route) => {
    if (!holding) return route.continue();
    held.push(route);
    heldOne();
  });
  await page.goto(page_url());
  const search = async (query) => { await page.fill('#q', query); await page.press('#q', 'Enter'); };
  await search(cases.slow);
  await firstHeld;
  holding = false;
  check((await status(page)) === (await page.getAttribute('#statut', 'data-busy')), 'slow', 'no word while loading');
  await search(cases.other);
  await page.waitForFunction((q) => document.getElementById('statut').textContent.includes(q), cases.other, WAIT)
    .catch(() => {});
  const other = await links(page);
  check(other.length === 1 && other[0] === at(cases.other_link), 'slow', `the second search shows ${other}`);
  // The first search typed again, still loading; then its index arrives.
  await search(cases.slow);
  await Promise.all(held.map((route) => route.continue()));
  await page.waitForSelector('#resultats li a', WAIT).catch(() => {});
  const found = await links(page);
  const want = cases.slow_links.map(at);
  check(JSON.stringify(found) === JSON.stringify(want), 'slow', `shows ${JSON.stringify(found)}, not ${JSON.stringify(want)}`);
  const said = await status(page);
  check(said.includes(cases.slow) && !said.includes(cases.other), 'slow', `the status says ${JSON.stringify(said)}`);
  await page.context().close();
}

// 4. The index cannot be loaded: said; the next try loads it.
{
  const page = await phone();
  let failing = true;
  await page.route('**/t-*.json', (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(page_url(cases.other));
  const failed = await page.getAttribute('#statut', 'data-failed');
  const said = await statusBecomes(page, failed);
  check(said === failed, 'offline', `the status says ${JSON.stringify(said)}`);
  failing = false;
  await page.press('#q', 'Enter');
  await page.waitForSelector('#resultats li a', WAIT).catch(() => {});
  check((await links(page))[0] === at(cases.other_link), 'offline', 'the next try finds nothing');
  await page.context().close();
}

// 5. Without JavaScript: the page says so and its links lead to the list and the topics.
{
  const page = await phone({ javaScriptEnabled: false });
  await page.goto(page_url(cases.other));
  const note = page.locator('main .note');
  check(await note.isVisible(), 'no script', 'the note is not shown');
  const hrefs = await note.locator('a').evaluateAll((as) => as.map((a) => a.href));
  check(hrefs.length === 2, 'no script', `the note links to ${hrefs}`);
  for (const href of hrefs) {
    const response = await page.goto(href);
    check(response.status() === 200 && (await page.locator('main li a').count()) > 0, 'no script', `${href} lists nothing`);
  }
  await page.context().close();
}

await browser.close();
server.close();
for (const failure of failures) console.log(failure);
console.log(JSON.stringify({ failures: failures.length }));
process.exit(failures.length ? 1 : 0);
