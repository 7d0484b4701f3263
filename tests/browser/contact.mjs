// The contact form with an endpoint, in Chromium: its fields and what an empty form does, the
// anti-spam field out of sight and out of the accessibility tree, axe-core on the form and on
// the thank-you page; then a visitor's accented words typed and sent, the browser following the
// endpoint's answer to the thank-you page in its language.
//
//     node contact.mjs PLAN.json
//
// PLAN.json (written by tests/site/contact.rs): { "origin": the site's address, "visitors": [{
// "lang", "page", "thanks", "title", "fields": { name: value } }] }, paths relative to `origin`.
// The site and the endpoint are served by the Rust test, which reads what the endpoint received.
// Prints every failure, then a JSON summary; exits 1 if anything failed.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failures = [];
const check = (condition, where, what) => condition || failures.push(`${where}: ${what}`);
const summary = { sent: 0, landed: [], axe_runs: 0 };

async function axe(page, where) {
  await page.addScriptTag({ content: AXE });
  const report = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  summary.axe_runs += 1;
  for (const v of report.violations) check(false, where, `axe ${v.id}: ${v.help}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
for (const visitor of plan.visitors) {
  const where = `contact (${visitor.lang})`;
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => check(false, where, `script error: ${e.message}`));
  await page.goto(plan.origin + visitor.page);
  const form = await page.evaluate(() => {
    const form = document.querySelector('.contact-form form');
    const trap = document.getElementById('site-web');
    return {
      method: form.method, enctype: form.enctype, charset: form.acceptCharset,
      fields: [...form.querySelectorAll('input:not([type="hidden"]), textarea')].map((f) => ({
        name: f.name, labelled: f.labels.length > 0, autocomplete: f.getAttribute('autocomplete'), required: f.required })),
      trap: { shown: trap.checkVisibility(), width: trap.getBoundingClientRect().width, tabindex: trap.tabIndex },
    };
  });
  check(form.method === 'post' && form.enctype === 'application/x-www-form-urlencoded' && /^utf-8$/i.test(form.charset),
    where, `the form posts ${form.method} ${form.enctype} ${form.charset}`);
  for (const f of form.fields.filter((f) => f.name !== 'site_web')) check(f.labelled, where, `${f.name} has no label`);
  const field = (name) => form.fields.find((f) => f.name === name) ?? {};
  check(field('nom').autocomplete === 'name' && field('nom').required, where, 'name field');
  check(field('courriel').autocomplete === 'email' && field('courriel').required, where, 'email field');
  check(field('message').required, where, 'message field');
  // The anti-spam field: not shown, not reachable with Tab, not in the accessibility tree.
  check(!form.trap.shown && form.trap.width === 0 && form.trap.tabindex === -1, where, `the anti-spam field ${JSON.stringify(form.trap)}`);
  const tree = await page.locator('.contact-form').ariaSnapshot();
  check(!/site-web|Ne remplissez|Leave this field/.test(tree) && /textbox/.test(tree), where, `the accessibility tree holds the anti-spam field:\n${tree}`);
  await axe(page, where);

  // An empty form is stopped at its first required field, without leaving the page.
  await page.click('.contact-form button[type="submit"]');
  check(await page.evaluate(() => document.activeElement?.id) === 'nom', where, 'an empty form is not stopped at the name');
  check(page.url() === plan.origin + visitor.page, where, `the empty form left for ${page.url()}`);

  for (const [name, value] of Object.entries(visitor.fields)) await page.fill(`[name="${name}"]`, value);
  await Promise.all([
    page.waitForURL(plan.origin + visitor.thanks, { timeout: 10000 }).catch(() => check(false, where, `landed on ${page.url()}`)),
    page.click('.contact-form button[type="submit"]'),
  ]);
  summary.sent += 1;
  const landed = await page.evaluate(() => ({ lang: document.documentElement.lang, h1: document.querySelector('h1')?.textContent }));
  check(landed.lang === visitor.lang && landed.h1 === visitor.title, where, `the thank-you page shows ${JSON.stringify(landed)}`);
  summary.landed.push(page.url().slice(plan.origin.length));
  await axe(page, `${where}, thanks`);
  await context.close();
}
await browser.close();
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(JSON.stringify({ ...summary, failures: failures.length }));
process.exit(failures.length ? 1 : 0);
