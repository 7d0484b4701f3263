// The built site in a real browser: Chromium, driven by playwright-core, visits the site as
// served under a sub-path on 127.0.0.1 and checks what a visitor does: switch language and back,
// page through the list, go back from an activity, fill the contact form, search, land on the
// 404 page, use the keyboard only, read without JavaScript; axe-core checks WCAG 2.2 AA on
// every page in both languages at a phone's and a desktop's width; every link and button at least
// 24 × 24 px on a phone, or spaced as WCAG 2.2's 2.5.8 allows; navigation landmarks with distinct
// names; the pictures link previews
// show; sharing an activity, with no request to another site before a click. Screenshots are
// written.
//
//     node run.mjs PLAN.json
//
// PLAN.json (written by tests/site/browser.rs): { "public": folder, "prefix": "/cnr/",
// "base": the address the site was built for, "shots": folder, "pages": [{ "name", "fr", "en" }],
// "older": { "activity", "list" }, "photo": path, "search": word, "contact": { "email", "tel": [tel:
// addresses], "fr"/"en": { "subject", "body" } of the message the mailto: link begins } }.
// Prints every failure, then a JSON summary; exits 1 if anything failed.

import { readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const WIDTHS = [375, 1280];
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);
const check = (condition, where, what) => condition || fail(where, what);

// A static server as a ministry would run it: the site under a sub-path, and the 404 page
// of the language the address is in for anything missing.
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.xml': 'application/xml', '.webp': 'image/webp', '.jpg': 'image/jpeg',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain' };
const server = createServer((request, response) => {
  const url = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const send = (status, file) => {
    const body = readFileSync(file);
    response.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  };
  if (url.startsWith(plan.prefix)) {
    const rel = normalize(url.slice(plan.prefix.length)).replace(/^(\.\.[/\\])+/, '');
    for (const file of [join(plan.public, rel), join(plan.public, rel, 'index.html')]) {
      try { return send(200, file); } catch { /* next */ }
    }
  }
  const english = url.startsWith(`${plan.prefix}en/`);
  send(404, join(plan.public, english ? 'en/404.html' : '404.html'));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const at = (path) => `${origin}${plan.prefix}${path}`;
const here = (page) => new URL(page.url()).pathname.slice(plan.prefix.length) + new URL(page.url()).search;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/// A tab at `width` that records console errors, failed requests, unexpected statuses and any
/// request to another site than the one tested (but to `page.leaving`, a link just clicked).
async function tab(width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 812 }, ...options });
  const page = await context.newPage();
  page.on('request', (r) => {
    const url = r.url();
    const elsewhere = !url.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(url);
    if (elsewhere && !(page.leaving && url.startsWith(page.leaving))) fail(here(page), `request to another site: ${url}`);
  });
  const deliberate = (url) => url.includes('nulle-part') || url.includes('nowhere');
  page.on('console', (m) => m.type() === 'error' && !deliberate(m.location().url) && fail(here(page), `console: ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => fail(here(page), `script error: ${e.message}`));
  // Leaving a page cancels what it was still loading: not a failure.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED'
    && fail(here(page), `request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !deliberate(r.url())) {
      fail(here(page), `${r.status()} for ${r.url()}`);
    }
  });
  return page;
}

const all = plan.pages.flatMap((p) => [[p.name, 'fr', p.fr], [p.name, 'en', p.en]]);
const results = { pages: 0, axe_runs: 0, screenshots: 0, photo_page_bytes: 0, photo_chosen: '', previews: 0, targets: 0 };

/// WCAG 2.2's 2.5.8 (target size, minimum), run in the page: every visible link, button and
/// field is at least 24 × 24 CSS pixels, or spaced so that a 24-pixel circle centred on it meets
/// no other target nor the circle of another small one; a link inside a sentence is exempt.
function targetSizes() {
  const MIN = 24;
  const width = document.documentElement.clientWidth;
  const targets = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')]
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ e, r }) => e.checkVisibility() && r.width > 0 && r.height > 0 && r.right > 0 && r.left < width);
  const inSentence = (e) => getComputedStyle(e).display === 'inline' && e.parentElement.textContent.trim() !== e.textContent.trim();
  const small = targets.filter(({ e, r }) => (r.width < MIN - 0.01 || r.height < MIN - 0.01) && !inSentence(e));
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const toBox = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const name = (e) => `${e.tagName.toLowerCase()} « ${(e.textContent || e.name || '').trim().slice(0, 30)} » in ${e.parentElement.closest('[class]')?.className}`;
  const failing = [];
  for (const a of small) {
    const c = centre(a.r);
    const near = targets.find((b) => b !== a && (toBox(c, b.r) < MIN / 2
      || (small.includes(b) && Math.hypot(c[0] - centre(b.r)[0], c[1] - centre(b.r)[1]) < MIN)));
    if (near) failing.push(`${name(a.e)} is ${a.r.width.toFixed(1)} × ${a.r.height.toFixed(1)} px, ${name(near.e)} within 12 px of its centre`);
  }
  return { count: targets.length, failing };
}

/// The names of the navigation landmarks, which must differ.
function navigationNames() {
  return [...document.querySelectorAll('nav, [role="navigation"]')].map((n) => n.getAttribute('aria-label')
    ?? document.getElementById(n.getAttribute('aria-labelledby'))?.textContent.trim() ?? '');
}

/// The pictures of a page's link preview, read by the browser's own HTML parser as the Open
/// Graph protocol says (each og:image starts a picture, the og:image:* after it describe it),
/// fetched from the site, and found of the type and size they declare, and light enough for
/// WhatsApp (300 KB).
async function checkPreviews(page, where) {
  const tags = await page.evaluate(() => [...document.head.querySelectorAll('meta[property^="og:image"], meta[name="twitter:image"]')]
    .map((m) => [m.getAttribute('property') ?? m.getAttribute('name'), m.getAttribute('content')]));
  const images = [];
  for (const [key, value] of tags) {
    if (key === 'og:image') images.push({ url: value });
    else if (key.startsWith('og:image:') && images.length) images.at(-1)[key.slice(9)] = value;
  }
  const twitter = tags.find(([key]) => key === 'twitter:image')?.[1];
  check(images.length === 2 && twitter === images[0].url, where, `previews ${JSON.stringify(tags)}`);
  for (const image of images) {
    if (!check(image.url.startsWith(plan.base), where, `${image.url} is not an absolute address on the site`)) continue;
    const response = await page.request.get(at(image.url.slice(plan.base.length)));
    const body = await response.body();
    const png = body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const size = png ? `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}` : 'not a PNG';
    check(response.status() === 200 && response.headers()['content-type'] === image.type, where, `${image.url}: ${response.status()} ${response.headers()['content-type']}`);
    check(size === `${image.width}x${image.height}`, where, `${image.url} is ${size}, not ${image.width}x${image.height}`);
    check(body.length < 300 * 1024 && (image.alt ?? '').length > 10, where, `${image.url}: ${body.length} bytes, alt ${image.alt}`);
    results.previews += 1;
  }
}

// 1. axe-core, WCAG 2.2 AA, every page, both languages, both widths; screenshots.
mkdirSync(plan.shots, { recursive: true });
for (const width of WIDTHS) {
  const page = await tab(width);
  for (const [name, lang, path] of [...all, ['404', 'fr', 'nulle-part/'], ['404', 'en', 'en/nowhere/']]) {
    const response = await page.goto(at(path));
    const where = `${path || '/'} at ${width}px`;
    check(response.status() === (name === '404' ? 404 : 200), where, `status ${response.status()}`);
    check(await page.getAttribute('html', 'lang') === lang, where, 'html lang');
    await page.addScriptTag({ content: AXE });
    const report = await page.evaluate(() => axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    results.axe_runs += 1;
    for (const v of report.violations) {
      fail(where, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
    const names = await page.evaluate(navigationNames);
    check(names.every((n) => n) && new Set(names).size === names.length, where, `navigation landmarks named ${JSON.stringify(names)}`);
    if (width === WIDTHS[0]) {
      await checkPreviews(page, where);
      const targets = await page.evaluate(targetSizes);
      results.targets += targets.count;
      for (const failing of targets.failing) fail(where, `target too small: ${failing}`);
    }
    if (['home', 'list', 'activity', 'contact'].includes(name)) {
      await page.screenshot({ path: join(plan.shots, `${name}-${lang}-${width}.png`), fullPage: true });
      results.screenshots += 1;
    }
    results.pages += 1;
  }
  await page.context().close();
}

// The activity as printed on A4 (794 px at 96 dpi): what the print stylesheet leaves.
{
  const page = await tab(794);
  await page.emulateMedia({ media: 'print' });
  await page.goto(at(plan.photo));
  await page.screenshot({ path: join(plan.shots, 'activity-fr-print.png'), fullPage: true });
  const hidden = await page.evaluate(() => ['.menu', '.lang-switch', '.search-form', '.breadcrumb', '.back']
    .filter((s) => document.querySelector(s)?.checkVisibility()));
  check(hidden.length === 0, 'print', `still printed: ${hidden.join(', ')}`);
  await page.context().close();
}

// 2. The language switch leads to the same page in the other language, and back.
{
  const page = await tab(1280);
  for (const { name, fr, en } of plan.pages) {
    await page.goto(at(fr));
    await page.click('nav.lang-switch a[hreflang="en"]');
    check(here(page) === en, name, `the switch leads to /${here(page)}, not /${en}`);
    await page.click('nav.lang-switch a[hreflang="fr"]');
    check(here(page) === fr, name, `the switch back leads to /${here(page)}, not /${fr}`);
  }

  // 3. Pagination forward and back; the back link of an older activity.
  await page.goto(at(plan.pages.find((p) => p.name === 'list').fr));
  const list = here(page);
  await page.click('nav.pagination a[rel="next"]');
  check(here(page) === `${list}page/2/`, 'pagination', `next leads to /${here(page)}`);
  await page.click('nav.pagination a[rel="prev"]');
  check(here(page) === list, 'pagination', `previous leads to /${here(page)}`);
  await page.goto(at(plan.older.activity));
  await page.click('p.back a');
  check(here(page) === plan.older.list, 'back link', `leads to /${here(page)}, not /${plan.older.list}`);

  // 4. The contact page without a form endpoint: no form, but a mailto: link whose subject and
  // body, as the browser reads the address, are the words written, accents and line breaks
  // whole; the phones as tel: links.
  for (const lang of ['fr', 'en']) {
    await page.goto(at(plan.pages.find((p) => p.name === 'contact')[lang]));
    const where = `contact (${lang})`;
    const found = await page.evaluate(() => ({
      forms: document.querySelectorAll('main form').length,
      mailto: [...document.querySelectorAll('.contact-form a[href^="mailto:"]')].map((a) => a.href),
      tel: [...document.querySelectorAll('.contact-details a[href^="tel:"]')].map((a) => a.href),
    }));
    check(found.forms === 0, where, `${found.forms} form(s) without an endpoint`);
    check(JSON.stringify(found.tel) === JSON.stringify(plan.contact.tel), where, `phones ${JSON.stringify(found.tel)}`);
    if (!check(found.mailto.length === 1, where, `mailto links ${JSON.stringify(found.mailto)}`)) continue;
    const [to, query] = found.mailto[0].slice('mailto:'.length).split('?');
    const fields = Object.fromEntries(query.split('&').map((pair) => pair.split('=')).map(([k, v]) => [k, decodeURIComponent(v)]));
    check(decodeURIComponent(to) === plan.contact.email, where, `mailto: ${to}`);
    check(fields.subject === plan.contact[lang].subject, where, `subject ${JSON.stringify(fields.subject)}`);
    check(fields.body === plan.contact[lang].body, where, `body ${JSON.stringify(fields.body)}`);
    results.mailto = (results.mailto ?? 0) + 1;
  }

  // 5. Search, from the header's form, then a result.
  await page.goto(at(''));
  await page.fill('#recherche-haut', plan.search);
  await page.press('#recherche-haut', 'Enter');
  await page.waitForSelector('#resultats li a', { timeout: 5000 }).catch(() => fail('search', 'no result shown'));
  const first = await page.getAttribute('#resultats li a', 'href').catch(() => null);
  // Each hit shows its title, its date and its summary.
  const hit = await page.evaluate(() => [...document.querySelectorAll('#resultats li')[0]?.children ?? []]
    .map((e) => e.textContent.trim()));
  check(hit.length === 3 && hit.every((text) => text.length > 0), 'search', `a hit shows ${JSON.stringify(hit)}`);
  check(/\d{4}$/.test(hit[1] ?? ''), 'search', `a hit's date reads ${hit[1]}`);
  if (first) {
    await page.click('#resultats li a');
    check(await page.locator('article h1').count() === 1, 'search', `the first result (${first}) is not an activity`);
  }

  // 6. The 404 page, at any depth, leads home.
  for (const [path, home] of [['nulle-part/tres/loin/', ''], ['en/nowhere/at/all/', 'en/']]) {
    const response = await page.goto(at(path));
    check(response.status() === 404, path, `status ${response.status()}`);
    await page.click('main a[href]:first-of-type');
    check(here(page) === home, path, `the 404 page's first link leads to /${here(page)}`);
  }
  await page.context().close();
}

// 7. Keyboard only: the skip link comes first and shows; every link and field shows its focus;
// the menu opens a page with Enter.
for (const width of WIDTHS) {
  const page = await tab(width);
  await page.goto(at(''));
  const where = `keyboard at ${width}px`;
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { cls: e.className, inView: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 };
  });
  check(skip.cls === 'skip-link' && skip.inView, where, `the first Tab does not show the skip link (${JSON.stringify(skip)})`);
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement.id) === 'contenu', where, 'the skip link does not lead to the content');
  await page.goto(at(''));
  const unseen = [];
  let menu = false;
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
      return { text: (e.textContent || e.name || e.id).trim().slice(0, 30), shown, menu: !!e.closest('nav.menu'), href: e.getAttribute('href') };
    });
    if (!focus.shown) unseen.push(focus.text);
    if (focus.menu && /activit/i.test(focus.text) && !menu) {
      menu = true;
      await page.keyboard.press('Enter');
      await page.waitForLoadState();
      check(await page.locator('h1').first().textContent().then((t) => /activit/i.test(t)), where, 'Enter on the menu does not open the list');
      break;
    }
  }
  check(unseen.length === 0, where, `focus not visible on: ${unseen.join(', ')}`);
  check(menu, where, 'the menu\'s Activités link was not reached with Tab');
  await page.context().close();
}

// 8. Without JavaScript: every page shows its content and its links.
{
  const page = await tab(375, { javaScriptEnabled: false });
  for (const [name, lang, path] of all) {
    await page.goto(at(path));
    const shown = await page.evaluate(() => ({
      text: document.querySelector('main').innerText.trim().length,
      links: document.querySelectorAll('nav.menu a').length,
    }));
    check(shown.text > 20 && shown.links >= 4, `${path || '/'} without JavaScript`, JSON.stringify(shown));
    if (name === 'activity') {
      const address = await page.evaluate(() => ({
        value: document.getElementById('partage-adresse')?.value,
        canonical: document.querySelector('link[rel="canonical"]').href,
        copy: document.getElementById('partage-copier')?.checkVisibility(),
      }));
      check(address.value === address.canonical && address.copy === false, `${path} without JavaScript`, `the address to copy: ${JSON.stringify(address)}`);
    }
  }
  await page.context().close();
}

// 9. Sharing an activity: plain links that ask nothing of other sites until one is followed;
// the address copied with a click, announced.
{
  const page = await tab(1280, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(at(plan.photo));
  const canonical = await page.getAttribute('link[rel="canonical"]', 'href');
  const title = await page.textContent('article h1');
  const links = await page.$$eval('.share a', (as) => as.map((a) => [a.href, a.textContent.trim()]));
  check(links.length === 4, 'share', `links ${JSON.stringify(links)}`);
  // Named for what they do, their visible words included.
  for (const name of ['Partager sur WhatsApp', 'Partager sur Facebook', 'Partager sur X', 'Envoyer par Courriel']) {
    check(await page.getByRole('link', { name, exact: true }).count() === 1, 'share', `no link named « ${name} »`);
  }
  check(await page.isVisible('#partage-copier'), 'share', 'the copy button does not show');
  check(await page.isHidden('#partage-autre') === !(await page.evaluate(() => 'share' in navigator)), 'share', 'the system share button');
  await page.click('#partage-copier');
  await page.waitForFunction(() => document.getElementById('partage-statut').textContent === 'Lien copié.', null, { timeout: 5000 })
    .catch(() => fail('share', 'copying is not announced'));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === canonical, 'share', `copied ${copied}, not ${canonical}`);
  // Followed, the WhatsApp link asks wa.me for the title and the address, as the browser reads them.
  await page.route('https://wa.me/**', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'wa.me' }));
  page.leaving = 'https://wa.me/';
  await page.click('.share a[href^="https://wa.me/"]');
  await page.waitForURL('https://wa.me/**');
  const text = new URL(page.url()).searchParams.get('text');
  check(text === `${title.trim()}\n${canonical}`, 'share', `wa.me got ${JSON.stringify(text)}`);
  await page.context().close();
}

// 10. Light: the activity with a photo at a phone's width, everything it loads once scrolled to
// the end (the server does not compress: these are the files' sizes); no web font.
{
  const page = await tab(375);
  await page.goto(at(plan.photo), { waitUntil: 'networkidle' });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const loaded = await page.evaluate(() => ({
    bytes: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .reduce((sum, e) => sum + e.encodedBodySize, 0),
    fonts: performance.getEntriesByType('resource').filter((e) => /\.(woff2?|ttf|otf)$/.test(e.name)).map((e) => e.name),
    images: [...document.images].map((i) => i.currentSrc.split('/').pop()),
  }));
  results.photo_page_bytes = loaded.bytes;
  results.photo_chosen = loaded.images.join(' ');
  check(loaded.bytes < 150 * 1024, 'weight', `the activity with its photos weighs ${loaded.bytes} bytes at 375px`);
  check(loaded.fonts.length === 0, 'weight', `web fonts loaded: ${loaded.fonts.join(', ')}`);
  await page.context().close();
}

await browser.close();
server.close();
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(JSON.stringify({ ...results, failures: failures.length }));
process.exit(failures.length ? 1 : 0);
