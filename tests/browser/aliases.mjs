// The pages at old addresses in Chromium: each leads to its page, with JavaScript and without,
// when the site is served at a domain's root and under a sub-path, by a static server that does
// what servers do (a folder asked without its last `/` is redirected to it, a missing page gets
// the 404 page).
//
//     node aliases.mjs PLAN.json
//
// PLAN.json (written by tests/site/redirects.rs): { "public": folder, "prefixes": ["/", "/cnr/"],
// "aliases": [{ "from": "activity_detail/42", "to": "activites/x/", "title": "…" }] }, paths
// relative to the site's root. Prints every failure, then a JSON summary; exits 1 on a failure.

import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

function serve(prefix) {
  return createServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const path = decodeURIComponent(url.pathname);
    const missing = () => { response.writeHead(404, { 'content-type': 'text/plain' }); response.end('not found'); };
    if (!path.startsWith(prefix)) return missing();
    const file = join(plan.public, normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, ''));
    let stat;
    try { stat = statSync(file); } catch { return missing(); }
    if (stat.isDirectory() && !url.pathname.endsWith('/')) {
      response.writeHead(301, { location: `${url.pathname}/${url.search}` });
      return response.end();
    }
    const target = stat.isDirectory() ? join(file, 'index.html') : file;
    try {
      const body = readFileSync(target);
      response.writeHead(200, { 'content-type': target.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream' });
      response.end(body);
    } catch { missing(); }
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const summary = { followed: 0 };
for (const prefix of plan.prefixes) {
  const server = serve(prefix);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    for (const alias of plan.aliases) {
      const from = `${origin}${prefix}${alias.from}`;
      const to = `${origin}${prefix}${alias.to}`;
      const where = `${from}${javaScriptEnabled ? '' : ' without JavaScript'}`;
      try {
        const first = await page.goto(from);
        if (first.status() !== 200) fail(where, `status ${first.status()}`);
        await page.waitForURL(to, { timeout: 10000 });
        await page.waitForLoadState('load');
        const title = await page.title();
        if (!title.startsWith(alias.title)) fail(where, `led to « ${title} »`);
        summary.followed += 1;
      } catch (error) {
        fail(where, `${error.message.split('\n')[0]} (at ${page.url()})`);
      }
    }
    await context.close();
  }
  server.close();
}
await browser.close();
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(summary));
process.exit(failures.length ? 1 : 0);
