// SPDX-License-Identifier: GPL-3.0-or-later
// The board pack (`traction report --board`) in headless Chromium: opened
// from its file, it fetches nothing and runs no script; laid out for
// print at the width of an A4 page's content box, no element is wider
// than its box or reaches past the page's right edge; printed to PDF its
// pages are A4 (595 x 842 pt) and each section starts a page of its own.
// Usage: node board.mjs BOARD.html BOARD.json OUTDIR FIRST
// Prints TAP lines numbered from FIRST (no plan: run.sh prints it).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, dataFile, outDir, first] = process.argv.slice(2);
let n = Number(first || 1) - 1;
let failed = 0;
function check(name, ok, detail) {
  n++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - board pack: ${name}`);
  if (!ok) {
    failed++;
    if (detail) console.log(`#   ${detail}`);
  }
}

// the content box of an A4 page under the pack's @page rule (margins
// 14 mm left and right), in CSS pixels at 96 per inch
const MM = 96 / 25.4;
const CONTENT = Math.floor((210 - 2 * 14) * MM); // 687 px

const data = JSON.parse(readFileSync(dataFile, 'utf8'));
const url = pathToFileURL(file).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: CONTENT, height: 1000 } });
  const requests = [];
  const errors = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  check('it loads nothing besides its own file', requests.length === 0, requests.join(' '));
  check('it has no script and declares a strict Content-Security-Policy',
    await page.evaluate(() => document.scripts.length === 0
      && /default-src 'none'/.test(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '')),
    '');
  check('no error in the console', errors.length === 0, errors.join('; '));
  const heads = await page.locator('h1').allTextContents();
  check('the sections: overview, portfolio, value (and voice when a wave exists)',
    heads[0].startsWith('Board pack') && heads.includes('The portfolio')
      && heads.some((h) => h.startsWith('Value'))
      && heads.some((h) => h.startsWith('Voice')) === (data.voice !== null), heads.join(' | '));
  const h2 = await page.locator('h2').allTextContents();
  check('value holds the open questions and the seats never used',
    h2.some((h) => h.startsWith('Open questions')) && h2.includes('Seats never used'), h2.join(' | '));
  check('each tool with months has its spend and value chart with the interval band',
    await page.locator('#value figure.chart svg path[fill-opacity]').count()
      + await page.locator('#value figure.chart svg rect[fill-opacity]').count()
      >= data.value.tools.filter((t) => t.months.some((m) => m.value_low !== null)).length + 1);
  {
    const total = data.value.total.spend;
    const text = await page.locator('#value p').first().textContent();
    check('the value section prints the total spend of value --json',
      total === null ? text.includes('Spend \u2013') : text.includes(`Spend ${total.toFixed(0)}`), text);
  }

  // laid out for print at the page's width: nothing wider than its box,
  // nothing past the right edge
  await page.emulateMedia({ media: 'print' });
  const clipped = await page.evaluate((width) => {
    const bad = [];
    for (const el of document.querySelectorAll('body, body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className : ''}`;
      if (el instanceof HTMLElement && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        bad.push(`${name} scrolls (${el.scrollWidth} > ${el.clientWidth})`);
      if (r.right > width + 0.5)
        bad.push(`${name} ends at ${r.right.toFixed(1)} > ${width}`);
    }
    return bad;
  }, CONTENT);
  check(`at ${CONTENT} px in print media no element scrolls or passes the page's edge`,
    clipped.length === 0, `${clipped.length}: ${clipped.slice(0, 6).join('; ')}`);
  await page.screenshot({ path: `${outDir}/board-print.png`, fullPage: true });

  const pdf = await page.pdf({ format: 'A4', path: `${outDir}/board.pdf`, printBackground: true });
  const text = pdf.toString('latin1');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
    .map((m) => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  check('printed to PDF, every page is A4 (595 x 842 pt)',
    boxes.length > 0 && boxes.every(([w, h]) => Math.floor(w) === 595 && Math.floor(h) === 842),
    JSON.stringify(boxes.slice(0, 3)));
  check('each section starts a page: at least as many pages as sections',
    pages >= heads.length, `${pages} pages, ${heads.length} sections`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
