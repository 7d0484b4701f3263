// The editor of `cnr-site serve`, in Chromium, used as a person uses it: create an activity
// with a photo through the form, find it in the list and on its page; write its English
// translation beside the original; a wrong date shows the build's message next to the date
// and writes nothing; an edit made on disk meanwhile is caught; delete and restore; the live
// preview; the same forms without JavaScript; publishing the site, with its progress, and
// without JavaScript; axe-core on every page of the editor at a
// phone's and a desktop's width. Screenshots go to the plan's folder.
//
//     node editor.mjs PLAN.json
//
// PLAN.json (written by tests/site/editor.rs): { "origin": "http://127.0.0.1:PORT", "root":
// the site's folder, "photo": a JPEG file, "shots": folder, "today": "YYYY-MM-DD", "login":
// { "origin", "password" } of another editor, with a password }, "published": the folder
// that site.yaml's deploy target names }.
// Prints every failure, then a JSON summary; exits 1 if anything failed. With TRACE=1, each
// failure is also printed when it happens.

import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failures = [];
const fail = (where, what) => { failures.push(`${where}: ${what}`); if (process.env.TRACE) console.log(new Date().toISOString(), where, what); };
const check = (condition, where, what) => condition || fail(where, what);
const results = { axe_runs: 0, axe_minor: 0, screenshots: 0, steps: [] };
/// Runs a step of the story; one that throws (a control not found in time) is a failure,
/// and the next steps still run.
async function step(work, name) {
  try {
    await work();
    results.steps.push(name);
  } catch (e) {
    fail(name, e.message.split('\n')[0]);
  }
}
const source = (rel) => readFileSync(join(plan.root, rel), 'utf8');
const at = (path) => `${plan.origin}${path}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

async function tab(width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => fail(page.url(), `script error: ${e.message}`));
  // A page shown with its problems (422) or a conflict (409) is part of the story, checked
  // by it; any other resource that fails (a picture, a style, the preview) is a failure.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource')
    && fail(page.url(), `console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && r.request().resourceType() !== 'document'
    && fail(page.url(), `${r.status()} for ${r.request().resourceType()} ${r.url()}`));
  const own = (url) => [plan.origin, plan.login.origin].some((o) => url.startsWith(`${o}/`));
  page.on('request', (r) => !own(r.url()) && !/^(data|blob|about):/.test(r.url())
    && fail(page.url(), `request to another site: ${r.url()}`));
  return page;
}

/// axe-core, WCAG 2.2 AA: a serious or critical violation fails; others are counted.
async function axe(page, where) {
  await page.addScriptTag({ content: AXE });
  const report = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  results.axe_runs += 1;
  for (const v of report.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      fail(where, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    } else {
      results.axe_minor += 1;
    }
  }
}

/// Clicks the button `name` of a form and waits for the page the server answers with.
async function submit(page, name) {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).first().click()]);
}

/// Follows a link and waits for the page it leads to.
async function follow(page, link) {
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

async function shot(page, name) {
  mkdirSync(plan.shots, { recursive: true });
  await page.screenshot({ path: join(plan.shots, `${name}.png`), fullPage: false });
  results.screenshots += 1;
}

const TITLE = 'Distribution de kits de réintégration à Gao';
const FILE = `content/activites/${plan.today}-distribution-de-kits-de-reintegration-a-gao.md`;
const EN_FILE = FILE.replace(/\.md$/, '.en.md');
/// The activity as saved, before the wrong date (step 3) and the edit on disk (step 4).
let before = '';

// 1. A new activity with a photo, through the form.
const page = await tab(1280);
await step(async () => {
  await page.goto(at('/_edit/'));
  await axe(page, 'list at 1280px');
  await follow(page, page.getByRole('link', { name: 'Nouvelle activité' }));
  check(await page.inputValue('#date') === plan.today, 'new', 'the date is today by default');
  await page.getByLabel('Titre').fill(TITLE);
  await page.getByLabel('Lieu').fill('Gao');
  await page.getByLabel('Résumé').fill('Des kits ont été remis aux familles rapatriées.');
  await page.getByLabel('HCR', { exact: true }).check();
  await page.getByLabel('Nouveaux thèmes').fill('kits');
  await page.getByLabel('Texte', { exact: true }).fill('Les familles ont reçu leurs kits.\n\n## Et ensuite\n\nUn suivi est prévu.');
  await page.setInputFiles('#photo', plan.photo);
  await page.getByLabel('Description de la photo', { exact: true }).fill('Des familles reçoivent leurs kits');
  await page.getByLabel('En haut de la page (photo principale)').check();
  await axe(page, 'new activity at 1280px');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Enregistrer' }).click()]);
  check(await page.getByRole('status').first().innerText().then((t) => t.includes('Enregistré.')), 'save', 'the notice says it is saved');
  check(existsSync(join(plan.root, FILE)), 'save', `${FILE} written`);
  const written = existsSync(join(plan.root, FILE)) ? source(FILE) : '';
  check(written.startsWith(`---\ntitle: ${TITLE}\ndate: ${plan.today}\nplace: Gao\nsummary: Des kits ont été remis aux familles rapatriées.\ntags: [HCR, kits]\nimage: `), 'save', `the file as a person writes it:\n${written}`);
  check(written.includes('image_alt: Des familles reçoivent leurs kits\n'), 'save', 'the photo and its description');
  check(written.endsWith('---\n\nLes familles ont reçu leurs kits.\n\n## Et ensuite\n\nUn suivi est prévu.\n'), 'save', 'the text with LF line ends');
  await shot(page, 'editor-saved-1280');
}, 'created');

// In the list, and on its page, with the photo.
await step(async () => {
  await page.goto(at('/_edit/'));
  check(await page.getByRole('link', { name: TITLE, exact: true }).count() === 1, 'list', 'the new activity is listed');
  await page.getByRole('searchbox').fill('kits gao');
  await submit(page, 'Filtrer');
  check(await page.getByRole('link', { name: TITLE, exact: true }).count() === 1, 'list', 'found by its title');
  await shot(page, 'editor-list-1280');
  await follow(page, page.getByRole('link', { name: `Voir : ${TITLE}` }));
  check(await page.locator('h1').innerText() === TITLE, 'page', 'the page shows the title');
  check(await page.locator('img[alt="Des familles reçoivent leurs kits"]').count() >= 1, 'page', 'the photo on the page');
  const edit = page.getByRole('link', { name: '✎ Modifier cette page' });
  check(await edit.count() === 1, 'page', 'the page links to the editor');
  await follow(page, edit);
}, 'listed and shown');

// 2. Its English translation, beside the original.
await step(async () => {
  await follow(page, page.getByRole('link', { name: 'Écrire la traduction' }));
  check((await page.locator('.original').innerText()).includes(TITLE), 'translation', 'the original is shown beside the form');
  await page.getByLabel('Title').or(page.getByLabel('Titre')).fill('Reintegration kits handed out in Gao');
  await page.getByLabel('Texte', { exact: true }).fill('The families received their kits.');
  await page.getByLabel('Description de la photo principale').fill('Families receive their kits');
  await axe(page, 'translation at 1280px');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'editor-translation-1280');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Enregistrer' }).click()]);
  check(existsSync(join(plan.root, EN_FILE)) && source(EN_FILE).includes('title: Reintegration kits handed out in Gao\n'), 'translation', 'the English file');
  await page.goto(at('/_edit/'));
  check((await page.locator('tr', { hasText: TITLE }).innerText()).includes('à jour'), 'translation', 'the list says the translation is up to date');
}, 'translated');

// 3. A wrong date: the build's message next to the field, nothing written.
await step(async () => {
  before = source(FILE);
  await page.goto(at(`/_edit/page?file=${FILE.slice('content/'.length)}`));
  await page.getByLabel('Date', { exact: true }).fill('2026-02-30');
  await submit(page, 'Enregistrer');
  const dateError = page.locator('#date-error');
  check(await dateError.isVisible(), 'wrong date', 'an error next to the date');
  check((await dateError.innerText()).includes('2026-02-30 n\'existe pas'), 'wrong date', `the build's words: ${await dateError.innerText()}`);
  check(await page.getByLabel('Date', { exact: true }).getAttribute('aria-describedby') === 'date-error date-hint', 'wrong date', 'the error tied to the field');
  check(source(FILE) === before, 'wrong date', 'nothing written');
  await axe(page, 'errors at 1280px');
  await page.locator('.field.invalid').first().scrollIntoViewIfNeeded();
  await shot(page, 'editor-error-1280');
}, 'wrong date');

// 4. An edit made on disk meanwhile is caught, and both versions are shown.
await step(async () => {
  await page.goto(at(`/_edit/page?file=${FILE.slice('content/'.length)}`));
  writeFileSync(join(plan.root, FILE), before.replace('Un suivi est prévu.', 'Un suivi est prévu en mars.'));
  await page.getByLabel('Lieu').fill('Gao, Mali');
  await submit(page, 'Enregistrer');
  check(await page.getByText('Ce fichier a changé pendant que vous le modifiiez').isVisible(), 'conflict', 'the editor says so');
  check((await page.locator('.version pre').innerText()).includes('Un suivi est prévu en mars.'), 'conflict', 'the version on disk is shown');
  check(await page.getByLabel('Lieu').inputValue() === 'Gao, Mali', 'conflict', 'the person\'s own version is kept in the form');
  check(source(FILE).includes('en mars') && !source(FILE).includes('Gao, Mali'), 'conflict', 'nothing overwritten');
}, 'conflict');

// 5. The live preview follows the text.
await step(async () => {
  await page.goto(at(`/_edit/page?file=${FILE.slice('content/'.length)}`));
  await page.getByLabel('Texte', { exact: true }).fill('Un texte vu aussitôt dans la prévisualisation.');
  const frame = page.frameLocator('#preview iframe');
  await frame.getByText('Un texte vu aussitôt dans la prévisualisation.').waitFor({ timeout: 15000 }).catch(async () => fail('preview',
    `the preview shows the text being written, not: ${await frame.locator('body').innerText().catch(() => '')}`));
  check(await frame.locator('h1').innerText().catch(() => '') === TITLE, 'preview', 'through the real theme');
}, 'preview');

// 6. Delete, then restore.
await step(async () => {
  // The text of step 5 is not saved: leaving may ask first (the editor warns); the person goes.
  page.once('dialog', (d) => d.accept());
  await page.goto(at('/_edit/'));
  await follow(page, page.getByRole('link', { name: `Supprimer : ${TITLE}` }));
  await axe(page, 'delete at 1280px');
  await submit(page, 'Mettre à la corbeille');
  check(!existsSync(join(plan.root, FILE)) && !existsSync(join(plan.root, EN_FILE)), 'delete', 'the files are gone from content/');
  check(await page.getByRole('link', { name: TITLE, exact: true }).count() === 0, 'delete', 'not listed any more');
  await follow(page, page.getByRole('link', { name: 'Corbeille' }));
  await axe(page, 'trash at 1280px');
  await submit(page, 'Restaurer');
  check(existsSync(join(plan.root, FILE)) && existsSync(join(plan.root, EN_FILE)), 'restore', 'the files are back');
  await page.goto(at('/_edit/'));
  check(await page.getByRole('link', { name: TITLE, exact: true }).count() === 1, 'restore', 'listed again');
}, 'deleted and restored');

// 7. Every page of the editor, at both widths, with axe; pages and figures.
await step(async () => {
  for (const width of [375, 1280]) {
    const p = await tab(width);
    for (const path of ['/_edit/', '/_edit/new', '/_edit/pages', '/_edit/figures', '/_edit/trash',
      `/_edit/page?file=${FILE.slice('content/'.length)}`, `/_edit/page?file=${EN_FILE.slice('content/'.length)}`,
      '/_edit/page?file=contact.md', `/_edit/delete?file=${FILE.slice('content/'.length)}`]) {
      await p.goto(at(path));
      await axe(p, `${path} at ${width}px`);
    }
    await p.goto(at(`/_edit/page?file=${FILE.slice('content/'.length)}`));
    await shot(p, `editor-edit-${width}`);
    await p.goto(at('/_edit/'));
    if (width === 375) await shot(p, 'editor-list-375');
  }
}, 'axe');

// 8. Without JavaScript: the forms still save.
await step(async () => {
  const plain = await tab(375, { javaScriptEnabled: false });
  await plain.goto(at('/_edit/page?file=contact.md'));
  await plain.getByLabel('Résumé').fill('Écrivez-nous ou appelez-nous.');
  await Promise.all([plain.waitForURL(/saved=1/), plain.getByRole('button', { name: 'Enregistrer' }).click()]);
  check(source('content/contact.md').includes('summary: Écrivez-nous ou appelez-nous.\n'), 'no JavaScript', 'a page saved without JavaScript');
  await plain.goto(at('/_edit/figures'));
  await plain.locator('#source_0').fill('CNR, HCR');
  await Promise.all([plain.waitForURL(/saved=1/), plain.getByRole('button', { name: 'Enregistrer les chiffres' }).click()]);
  check(source('content/figures.yaml').includes('source: CNR, HCR'), 'no JavaScript', 'figures saved');
}, 'without JavaScript');

// 9. With the keyboard only, on a phone: skip to the content, reach « Nouvelle activité »,
// write a title, save with Enter.
await step(async () => {
  const keys = await tab(375);
  await keys.goto(at('/_edit/'));
  const focused = () => keys.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  await keys.keyboard.press('Tab');
  check(await focused() === 'Aller au contenu', 'keyboard', `the first Tab reaches the skip link, not « ${await focused()} »`);
  await keys.keyboard.press('Enter');
  let presses = 0;
  while (await focused() !== 'Nouvelle activité' && presses < 10) {
    await keys.keyboard.press('Tab');
    presses += 1;
  }
  check(presses === 1, 'keyboard', `« Nouvelle activité » is the first control of the content, not after ${presses} Tabs`);
  await Promise.all([keys.waitForEvent('load'), keys.keyboard.press('Enter')]);
  while (await keys.evaluate(() => document.activeElement?.id) !== 'title' && presses < 40) {
    await keys.keyboard.press('Tab');
    presses += 1;
  }
  await keys.keyboard.type('Visite du comité local de Tombouctou');
  await Promise.all([keys.waitForURL(/saved=1/), keys.keyboard.press('Enter')]);
  check(existsSync(join(plan.root, `content/activites/${plan.today}-visite-du-comite-local-de-tombouctou.md`)), 'keyboard', 'saved from the keyboard');
}, 'keyboard');

// 10. An editor with a password (as with --bind): the login page, a wrong password said next
// to the field, then in.
await step(async () => {
  const door = await tab(375);
  await door.goto(`${plan.login.origin}/_edit/`);
  check(door.url() === `${plan.login.origin}/_edit/login`, 'login', `the editor asks to log in first, at ${door.url()}`);
  await axe(door, 'login at 375px');
  await door.getByLabel('Mot de passe').fill('pas le bon');
  await submit(door, 'Se connecter');
  check((await door.locator('#password-error').innerText()).includes('Mot de passe incorrect.'), 'login', 'the wrong password said next to the field');
  await axe(door, 'login error at 375px');
  await door.getByLabel('Mot de passe').fill(plan.login.password);
  await Promise.all([door.waitForURL(`${plan.login.origin}/_edit/`), door.getByRole('button', { name: 'Se connecter' }).click()]);
  check(await door.locator('h1').innerText() === 'Activités', 'login', 'in, at the list');
  await follow(door, door.getByRole('button', { name: 'Se déconnecter' }));
  check(door.url() === `${plan.login.origin}/_edit/login`, 'login', 'logged out');
}, 'login');

// 11. « Publier le site »: the progress shows while the site is built and sent; the result
// names the public address; the folder of site.yaml's target holds the site. Then without
// JavaScript: the form's answer comes when it is done.
await step(async () => {
  const desk = await tab(1280);
  await desk.goto(at('/_edit/'));
  await follow(desk, desk.getByRole('link', { name: 'Publier le site' }));
  await axe(desk, 'publish at 1280px');
  await desk.evaluate(() => {
    const box = document.getElementById('publish-progress');
    window.progressShown = false;
    new MutationObserver(() => { if (!box.hidden) window.progressShown = true; }).observe(box, { attributes: true });
  });
  await desk.getByRole('button', { name: 'Publier le site' }).click();
  await desk.locator('h1', { hasText: 'Le site est publié' }).waitFor({ timeout: 120000 });
  check(await desk.evaluate(() => window.progressShown), 'publish', 'the progress shows while publishing');
  check((await desk.locator('.notice.ok').innerText()).includes('Site publié :'), 'publish', 'the result says what was sent');
  check(existsSync(join(plan.published, 'index.html')), 'publish', 'the home page is in the published folder');
  check(existsSync(join(plan.published, FILE.replace(/^content\//, '').replace(/^activites\/\d{4}-\d\d-\d\d-/, 'activites/').replace(/\.md$/, '/index.html'))),
    'publish', 'the activity made in step 1 is published');
  await axe(desk, 'published at 1280px');
  await shot(desk, 'publish-1280');
  const phone = await tab(375);
  await phone.goto(at('/_edit/publish'));
  await axe(phone, 'publish at 375px');
  await shot(phone, 'publish-375');
  const plain = await tab(375, { javaScriptEnabled: false });
  await plain.goto(at('/_edit/publish'));
  await submit(plain, 'Publier le site');
  check(await plain.locator('h1').innerText() === 'Le site est publié', 'publish', 'published without JavaScript');
  check((await plain.locator('.notice.ok').innerText()).includes('déjà à jour'), 'publish', 'nothing sent twice');
}, 'publish');

await browser.close();
for (const f of failures) console.log(`FAIL ${f}`);
console.log(JSON.stringify(results));
process.exit(failures.length ? 1 : 0);
