// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard in headless Chromium: sign in, open every page, submit a
// decision, find it in the history; every page at 1366 and 390 px
// (screenshots in tests/e2e/out/), with no page-wide horizontal scroll on
// the phone and no serious or critical axe-core violation; every page in
// Dutch at 390 px likewise (nl-phone-*.png).
// Usage: node dashboard.mjs BASE_URL USER PASSWORD OUTDIR
// Prints TAP.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const [base, user, password, outDir] = process.argv.slice(2);
let n = 0;
let failed = 0;
function check(name, ok, detail) {
  n++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!ok) {
    failed++;
    if (detail) console.log(`#   ${detail}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-background-networking'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const shot = (name) => page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });

  let resp = await page.goto(`${base}/`);
  check('a first visit lands on the sign-in page', page.url().endsWith('/login'));
  await shot('01-login');
  await page.fill('input[name=name]', user);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button')]);
  check('signing in opens the overview', (await page.title()).startsWith('Where adoption is real'),
    await page.title());
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'tr_session');
  check('the session cookie is HttpOnly and SameSite=Strict',
    c && c.httpOnly && c.sameSite === 'Strict', JSON.stringify(c));
  await shot('02-overview');
  {
    // the headline counts what `traction trap --json` says of the week
    const trap = JSON.parse(readFileSync(process.env.TRAP_JSON, 'utf8'));
    const count = (v) => trap.teams.filter((t) => t.verdict === v).length;
    const text = await page.locator('p.headline').textContent();
    const want = `In week ${trap.week}, of ${trap.teams.length} teams shown, ${count('real')} use`;
    check('the headline counts the teams as traction trap --json does',
      text.startsWith(want) && text.includes(`${count('theatre')} are in the mandate trap`)
        && text.includes(`${count('unclear')} are unclear`), `${text} | ${want}`);
  }
  {
    // every pilot past its review date without a decision is listed as
    // decision due, with its recommendation, on the overview
    const api = await (await page.request.get(`${base}/api/pilots`)).json();
    const today = new Date().toISOString().slice(0, 10);
    const due = api.pilots.filter((p) => p.status === 'running' && p.review <= today);
    const listed = await page.locator('h3:has-text("Decisions due") + p + div table tbody tr, h3:has-text("Decisions due") + p + table tbody tr').allTextContents();
    check('the overview lists every pilot past its review as decision due, with its recommendation',
      due.length === api.counts.decision_due && listed.length === due.length
        && due.every((p) => listed.some((r) => r.includes(p.team) && r.includes(p.recommendation))),
      `${due.length} due by the API, ${api.counts.decision_due} counted, ${listed.length} listed`);
  }
  {
    // the table's filter by verdict: a plain GET form (no script); the
    // headline still counts every team
    const trap = JSON.parse(readFileSync(process.env.TRAP_JSON, 'utf8'));
    const unclear = trap.teams.filter((t) => t.verdict === 'unclear').length;
    const before = await page.locator('p.headline').textContent();
    await page.selectOption('select#verdict', 'unclear');
    await Promise.all([page.waitForNavigation(), page.click('form.filter button')]);
    const verdicts = await page.locator('h3#teams ~ div.scroll table tbody tr td:nth-child(9)').allTextContents();
    check('the filter by verdict lists the unclear teams only, the headline unchanged',
      new URL(page.url()).search === '?verdict=unclear' && verdicts.length === unclear
        && verdicts.every((v) => v === 'unclear')
        && (await page.locator('p.headline').textContent()) === before,
      `${page.url()}: ${verdicts.length} rows, ${unclear} unclear by trap --json`);
  }

  const pages = [['/pilots', 'Pilots', '03-pilots'], ['/playbooks', 'Playbooks', '04-playbooks'],
    ['/learning', 'The learning ledger', '05-learning'],
    ['/voice', 'Voice: where the work slows down', '05-voice'],
    ['/load', 'Load on the middle', '05-load'],
    ['/whatif', 'What if we earn adoption', '06-whatif'],
    ['/requests', 'Tool requests', '07-requests'],
    ['/proposals', 'Proposals: teams propose the tests', '08-proposals'],
    ['/human', 'What stays human', '09-human']];
  for (const [path, title, name] of pages) {
    resp = await page.goto(`${base}${path}`);
    check(`${path} opens`, resp.status() === 200 && (await page.title()).startsWith(title),
      `${resp.status()} ${await page.title()}`);
    await shot(name);
  }
  check('the pilots page draws a forest plot',
    await page.goto(`${base}/pilots`).then(() => page.locator('figure.chart svg').count()) > 0);

  await page.goto(`${base}/`);
  const team = page.locator('main table a[href^="/teams/"]').first();
  check('the overview links to team pages', await team.count() === 1);
  await Promise.all([page.waitForNavigation(), team.click()]);
  check('a team page shows outcomes, approved use and shadow demand',
    (await page.locator('h2').allTextContents()).join('|')
      .includes('Outcomes|Targets reset while the team learns|Depth of approved use|Shadow demand by service|Pilots'));
  check('the team page draws its charts', await page.locator('figure.chart svg').count() >= 2);
  await shot('07-team');

  // a running pilot: decide, then find the decision in the history
  await page.goto(`${base}/pilots`);
  const rows = page.locator('main table tbody tr');
  let target = null;
  for (let i = 0; i < await rows.count(); i++) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    if (cells[7] === 'running' || cells[7] === 'decision due') { target = cells[0].replace('*', ''); break; }
  }
  check('there is a running pilot to decide on', target !== null);
  await page.goto(`${base}/pilots/${target}`);
  await shot('08-pilot');
  check('the pilot page shows the plan, the analysis and the recommendation',
    (await page.locator('h2').allTextContents()).join('|')
      .startsWith('The registered plan|The analysis|Recommendation|Decide'));
  const learned = `browser test ${Date.now()}`;
  check('the decision form has no preselected choice',
    await page.locator('input[name=decision]').count() === 3
      && await page.locator('input[name=decision]:checked').count() === 0);
  await page.check('input[name=decision][value=iterate]');
  await page.fill('textarea[name=why]', 'needs more items before anyone can tell');
  await page.fill('textarea[name=learned]', learned);
  await Promise.all([page.waitForNavigation(), page.click('form.decide button')]);
  const history = await page.locator('main table').last().textContent();
  check('the decision appears in the history', history.includes(learned) && history.includes(user),
    history.slice(0, 200));
  await shot('09-decided');

  resp = await page.goto(`${base}/api/pilots/${target}`);
  const api = await resp.json();
  check('the JSON twin lists the same decision',
    api.decisions.some((d) => d.learned === learned && d.decision === 'iterate'));

  // every page at a desktop and a phone width: screenshots, no page-wide
  // horizontal scroll on the phone (wide tables scroll in their own box),
  // and no serious or critical axe-core violation
  {
    const axe = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    const ctx = await browser.newContext({ bypassCSP: true, storageState: await page.context().storageState() });
    const p2 = await ctx.newPage();
    const teamPath = new URL(await page.goto(`${base}/`).then(() =>
      page.locator('main table a[href^="/teams/"]').first().getAttribute('href')), base).pathname;
    const all = [['/', 'overview'], ['/pilots', 'pilots'], [`/pilots/${target}`, 'pilot'],
      [teamPath, 'team'], ['/playbooks', 'playbooks'], ['/learning', 'learning'],
      ['/voice', 'voice'], ['/value', 'value'], ['/load', 'load'],
      ['/learning-time', 'learning-time'], ['/whatif', 'whatif'],
      ['/requests', 'requests'], ['/proposals', 'proposals'], ['/human', 'human']];
    for (const [width, tag] of [[1366, 'desktop'], [390, 'phone']]) {
      await p2.setViewportSize({ width, height: 900 });
      for (const [path, name] of all) {
        await p2.goto(`${base}${path}`);
        await p2.screenshot({ path: `${outDir}/${tag}-${name}.png`, fullPage: true });
        if (tag === 'phone') {
          const sw = await p2.evaluate(() => document.documentElement.scrollWidth);
          check(`${path} at 390 px: no horizontal page scroll`, sw <= 390, `scroll width ${sw}`);
        } else {
          await p2.evaluate(axe);
          const res = await p2.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
          const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          check(`${path}: no serious or critical axe-core violation`, bad.length === 0,
            bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0].html.slice(0, 120)}`).join('; '));
        }
      }
    }
    await ctx.close();

    // the same pages in Dutch (the browser's language, as a Dutch reader's
    // sends it) at 390 px: lang="nl", no page-wide scroll, axe-core clean
    const nl = await browser.newContext({ bypassCSP: true, locale: 'nl-NL',
      extraHTTPHeaders: { 'Accept-Language': 'nl-NL,nl;q=0.9,en;q=0.5' },
      viewport: { width: 390, height: 900 },
      storageState: await page.context().storageState() });
    const p4 = await nl.newPage();
    for (const [path, name] of all) {
      await p4.goto(`${base}${path}`);
      await p4.screenshot({ path: `${outDir}/nl-phone-${name}.png`, fullPage: true });
      const lang = await p4.evaluate(() => document.documentElement.lang);
      const sw = await p4.evaluate(() => document.documentElement.scrollWidth);
      await p4.evaluate(axe);
      const res = await p4.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      check(`${path} in Dutch at 390 px: lang="nl", no horizontal page scroll, no serious or critical axe-core violation`,
        lang === 'nl' && sw <= 390 && bad.length === 0,
        `lang ${lang}, scroll width ${sw}; ` + bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0].html.slice(0, 120)}`).join('; '));
    }
    // the header's switch: English again, and back
    await p4.goto(`${base}/pilots`);
    await Promise.all([p4.waitForNavigation(), p4.click('header a[hreflang=en]')]);
    const en = await p4.evaluate(() => document.documentElement.lang);
    await Promise.all([p4.waitForNavigation(), p4.click('header a[hreflang=nl]')]);
    check('the language switch in the header goes to English and back to Dutch',
      en === 'en' && (await p4.evaluate(() => document.documentElement.lang)) === 'nl'
        && (await p4.title()).startsWith('Pilots'), `${en} then ${await p4.title()}`);
    await nl.close();
  }

  // a respondent on a phone, keyboard only: the anonymous link's form
  // (no account), one answer chosen with Space, sent with Enter; it
  // counts once, also when sent again through the same link
  {
    const link = process.env.E2E_LINK.replace(/^https?:\/\/[^/]+/, base);
    const responses = () => execFileSync('sqlite3', [process.env.E2E_DB,
      "SELECT count(*) FROM survey_response WHERE wave_id = (SELECT id FROM survey_wave WHERE name = 'e2e')"]).toString().trim();
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
    const p3 = await phone.newPage();
    const answer = async () => {
      await p3.goto(link);
      let at = '';
      for (let i = 0; i < 30 && at !== 'q0_0'; i++) {
        await p3.keyboard.press('Tab');
        at = await p3.evaluate(() => document.activeElement && document.activeElement.name);
      }
      await p3.keyboard.press('Space');
      const chosen = await p3.evaluate(() => document.querySelector('input[name=q0_0]:checked') !== null);
      let onButton = false;
      for (let i = 0; i < 300 && !onButton; i++) {
        await p3.keyboard.press('Tab');
        onButton = await p3.evaluate(() => document.activeElement && document.activeElement.tagName === 'BUTTON');
      }
      await Promise.all([p3.waitForNavigation(), p3.keyboard.press('Enter')]);
      return at === 'q0_0' && chosen && onButton;
    };
    await p3.goto(link);
    await p3.screenshot({ path: `${outDir}/phone-survey.png`, fullPage: true });
    const sw = await p3.evaluate(() => document.documentElement.scrollWidth);
    check('the survey form at 390 px: no horizontal page scroll', sw <= 390, `scroll width ${sw}`);
    const ok1 = await answer();
    const thanks = await p3.locator('main').textContent();
    check('a respondent answers with the keyboard only on a phone', ok1 && thanks.includes('Your answers are in'), thanks.slice(0, 200));
    check('the answer counts once', responses() === '1', responses());
    await answer();
    check('sent again through the same link: still one answer', responses() === '1', responses());
    await phone.close();
  }

  await page.goto(`${base}/`);
  await Promise.all([page.waitForNavigation(), page.click('header button')]);
  check('signing out returns to the sign-in page', page.url().endsWith('/login'));
  check('no page raised a script error (there are no scripts)', errors.length === 0,
    errors.join('; '));
} finally {
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
