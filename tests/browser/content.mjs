// Content as staff write it (tests/site/content.rs), in Chromium: axe-core (WCAG 2.2 AA) on the
// pages of pasted HTML and English only, at a phone's and a desktop's width, with no request to
// another site; a video's block loads its player only when clicked, and without JavaScript is a
// link to the video on its site.
//
//     node content.mjs PLAN.json
//
// PLAN.json: { "public": folder, "pages": [paths], "video": path of a page with a YouTube video }.
// Prints every failure, then a JSON summary; exits 1 if anything failed.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);
const check = (condition, where, what) => condition || fail(where, what);

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png', '.svg': 'image/svg+xml' };
const server = createServer((request, response) => {
  const rel = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^([/\\]|\.\.[/\\])+/, '');
  for (const file of [join(plan.public, rel), join(plan.public, rel, 'index.html')]) {
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return response.end(body);
    } catch { /* next */ }
  }
  response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/// A tab that records requests to other sites, failed requests and script errors.
async function tab(width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 812 }, ...options });
  const page = await context.newPage();
  page.elsewhere = [];
  page.on('request', (r) => !r.url().startsWith(`${origin}/`) && !/^(data|blob|about):/.test(r.url()) && page.elsewhere.push(r.url()));
  page.on('pageerror', (e) => fail(page.url(), `script error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && fail(page.url(), `${r.status()} for ${r.url()}`));
  return page;
}

const results = { axe_runs: 0, videos: 0, player: '', without_js: '' };

// axe-core on every page, at both widths; nothing loaded from another site.
for (const width of [375, 1280]) {
  const page = await tab(width);
  for (const path of plan.pages) {
    await page.goto(`${origin}/${path}`, { waitUntil: 'networkidle' });
    await page.addScriptTag({ content: AXE });
    const report = await page.evaluate(() => axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    results.axe_runs += 1;
    for (const v of report.violations) {
      fail(`${path} at ${width}px`, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
  }
  check(page.elsewhere.length === 0, `${width}px`, `requests to other sites: ${page.elsewhere.join(' ')}`);
  await page.context().close();
}

// A click on the video's block, and only then, asks its site for the player.
{
  const page = await tab(375);
  await page.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }));
  await page.goto(`${origin}/${plan.video}`, { waitUntil: 'networkidle' });
  results.videos = await page.locator('figure.video').count();
  check(await page.locator('iframe').count() === 0, 'video', 'a player before the click');
  check(page.elsewhere.length === 0, 'video', `requests before the click: ${page.elsewhere.join(' ')}`);
  const link = page.locator('figure.video .video-link').first();
  check(await link.isVisible(), 'video', 'the block is not visible');
  await link.click();
  const player = page.locator('figure.video iframe').first();
  await player.waitFor({ timeout: 5000 });
  results.player = await player.getAttribute('src');
  check(await player.getAttribute('title') === 'Le convoi arrive à Gao', 'video', 'the player has no title');
  await page.waitForFunction(() => document.activeElement?.tagName === 'IFRAME', null, { timeout: 5000 });
  check(page.elsewhere.some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/')), 'video', 'the player was not asked for');
  await page.context().close();
}

// Without JavaScript, the block is a link to the video on its site.
{
  const page = await tab(375, { javaScriptEnabled: false });
  await page.goto(`${origin}/${plan.video}`, { waitUntil: 'networkidle' });
  results.without_js = await page.locator('figure.video .video-link').first().getAttribute('href');
  check(page.elsewhere.length === 0, 'no JavaScript', `requests to other sites: ${page.elsewhere.join(' ')}`);
  await page.context().close();
}

await browser.close();
server.close();
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(JSON.stringify({ ...results, failures: failures.length }));
process.exit(failures.length ? 1 : 0);
