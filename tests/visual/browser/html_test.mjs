// The exported HTML page in a real browser (Debian's chromium via playwright-core): every event
// drawn in order along a proportional axis, precision drawn honestly, relations drawn, nothing
// fetched, no console error, no horizontal overflow on a phone, and labels that never collide
// on a dense timeline. Saves screenshots for review.
//
// node html_test.mjs --chronicle BIN --events DIR --chromium /usr/bin/chromium --screenshots DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { generateTimeline } from './generate_timeline.mjs';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('playwright-core is missing: run scripts/test.d/visual.sh (npm ci in ' +
    'tests/visual/browser)');
  process.exit(1);
}

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const { chronicle, events, screenshots } = args;
const executablePath = args.chromium || '/usr/bin/chromium';
fs.mkdirSync(screenshots, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-visual-'));

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

function run(...argv) {
  return execFileSync(chronicle, argv, {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C.UTF-8' },
  });
}

function exportPage(eventsDir, name, ...extra) {
  const file = path.join(work, name);
  run('--events', eventsDir, 'export', 'html', '-o', file, ...extra);
  return pathToFileURL(file).href;
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/// Opens `url` at `width` px, recording every request that is not a local file and every console
/// error; requests that would leave the machine are aborted.
async function open(url, width, colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  const state = { foreign: [], errors: [] };
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:')) return route.continue();
    state.foreign.push(u);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !state.foreign.includes(r.url())) state.foreign.push(r.url());
  });
  page.on('console', (m) => { if (m.type() === 'error') state.errors.push(m.text()); });
  page.on('pageerror', (e) => state.errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, state };
}

function checkClean(state, label) {
  check(state.foreign.length === 0, `${label}: no network request`, state.foreign.join(', '));
  check(state.errors.length === 0, `${label}: no console error`, state.errors.join(' | '));
}

async function noHorizontalOverflow(page) {
  return page.evaluate(() => {
    const d = document.documentElement;
    return { scroll: d.scrollWidth, viewport: window.innerWidth };
  });
}

/// The drawn events of the visible chart, in document order, with their geometry in CSS px.
async function chartEvents(page, chart) {
  return page.$$eval(`svg.${chart} g.ev`, (groups) => groups.map((g) => {
    const mark = g.querySelector('.mark').getBoundingClientRect();
    const label = g.querySelector('.label').getBoundingClientRect();
    const style = getComputedStyle(g);
    return {
      id: g.dataset.eventId,
      shape: g.dataset.shape,
      precision: g.dataset.precision,
      start: g.dataset.start,
      timed: g.dataset.time !== undefined,
      mark: { left: mark.left, right: mark.right, top: mark.top, bottom: mark.bottom,
        width: mark.width, height: mark.height },
      label: { left: label.left, right: label.right, top: label.top, bottom: label.bottom,
        width: label.width, height: label.height },
      visible: style.visibility !== 'hidden' && mark.width > 0 && mark.height > 0 &&
        label.width > 0 && label.height > 0,
    };
  }));
}

/// The position of an event along the axis: a point's centre, a band's or bar's start.
function along(e, horizontal) {
  if (horizontal) return e.shape === 'point' ? (e.mark.left + e.mark.right) / 2 : e.mark.left;
  return e.shape === 'point' ? (e.mark.top + e.mark.bottom) / 2 : e.mark.top;
}

/// Where the time an event denotes begins: for a point standing for a whole day (drawn at its
/// middle), half a day before its centre; `dayPx` is the length of a day along the axis.
function begins(e, horizontal, dayPx) {
  return along(e, horizontal) - (e.shape === 'point' && !e.timed ? dayPx / 2 : 0);
}

/// Pixel position of a calendar day along the chart's axis, from the axis the chart declares.
async function axisScale(page, chart) {
  return page.$eval(`svg.${chart}`, (svg) => {
    const ctm = svg.getScreenCTM();
    const vertical = svg.classList.contains('chart-v');
    return {
      from: svg.dataset.axisFrom, to: svg.dataset.axisTo,
      p0: Number(svg.dataset.axisP0), p1: Number(svg.dataset.axisP1),
      scale: vertical ? ctm.d : ctm.a, offset: vertical ? ctm.f : ctm.e,
    };
  });
}

function dayPosition(axis, isoDay, fraction = 0) {
  const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
  const t = day(isoDay) + fraction;
  const user = axis.p0 + (t - day(axis.from)) * (axis.p1 - axis.p0) / (day(axis.to) - day(axis.from));
  return axis.offset + user * axis.scale;
}

const near = (a, b, tolerance = 2) => Math.abs(a - b) <= tolerance;
const intersects = (a, b, grow = 0) => a.left - grow < b.right && b.left - grow < a.right &&
  a.top - grow < b.bottom && b.top - grow < a.bottom;

// ---------------------------------------------------------------------------------------------
// The shipped timeline.

const VISIT = '2024-03-sharlapayev-visit-to-pdac-toronto';
const PAVILION = '2024-03-04-kazakhstan-pavilion-opens-at-pdac';
const DIALOGUE = '2024-02-08-inaugural-critical-minerals-dialogue';
const SUMMIT = '2023-09-19-c5plus1-summit-new-york';

const chronological = JSON.parse(run('--events', events, 'export', 'json')).events.map((e) => e.id);
const shipped = exportPage(events, 'c5plus1.html');

async function checkShipped(width, chart, colorScheme, shot) {
  const label = `${width}px ${colorScheme}`;
  const { page, context, state } = await open(shipped, width, colorScheme);
  const horizontal = chart === 'chart-h';
  check(await page.isVisible(`svg.${chart}`), `${label}: the ${chart} chart is shown`);
  check(!(await page.isVisible(`svg.${horizontal ? 'chart-v' : 'chart-h'}`)),
    `${label}: only one chart is shown`);
  const drawn = await chartEvents(page, chart);
  check(drawn.length === chronological.length, `${label}: every event is drawn`,
    `${drawn.length} of ${chronological.length}`);
  check(drawn.every((e) => e.visible), `${label}: every event is visible`,
    drawn.filter((e) => !e.visible).map((e) => e.id).join(', '));
  check(JSON.stringify(drawn.map((e) => e.id)) === JSON.stringify(chronological),
    `${label}: events are drawn in chronological order`, drawn.map((e) => e.id).join(', '));
  const listed = await page.$$eval('ol.events > li', (items) => items.map((li) => li.dataset.eventId));
  check(JSON.stringify(listed) === JSON.stringify(chronological),
    `${label}: the ordered list has every event in chronological order`, listed.join(', '));
  check(await page.locator('ol.events > li').first().isVisible(), `${label}: the list is visible`);
  const positions = drawn.map((e) => along(e, horizontal));
  check(positions.every((p, i) => i === 0 || p > positions[i - 1]),
    `${label}: events sit at increasing positions along the axis`, positions.join(', '));

  // The month-precise visit is a band across March; the 4 March opening a point inside it.
  const axis = await axisScale(page, chart);
  const visit = drawn.find((e) => e.id === VISIT);
  const pavilion = drawn.find((e) => e.id === PAVILION);
  const [v0, v1] = horizontal ? [visit.mark.left, visit.mark.right]
    : [visit.mark.top, visit.mark.bottom];
  check(visit.shape === 'band' && visit.precision === 'month', `${label}: the visit is a band`);
  check(near(v0, dayPosition(axis, '2024-03-01')) && near(v1, dayPosition(axis, '2024-04-01')),
    `${label}: the visit's band spans 1 to 31 March`,
    `${v0}..${v1} vs ${dayPosition(axis, '2024-03-01')}..${dayPosition(axis, '2024-04-01')}`);
  const p = along(pavilion, horizontal);
  check(pavilion.shape === 'point' && near(p, dayPosition(axis, '2024-03-04', 0.5)),
    `${label}: the opening is a point on 4 March`, `${p} vs ${dayPosition(axis, '2024-03-04', 0.5)}`);
  check(p > v0 && p < v1, `${label}: the 4 March point lies inside the March band`);

  // The summit -> dialogue relation is drawn, from one mark to the other.
  const rel = page.locator(`svg.${chart} path.rel[data-from="${DIALOGUE}"][data-to="${SUMMIT}"]`);
  const shown = await rel.evaluateAll((paths) => paths.map((p) => {
    const box = p.getBBox();
    const style = getComputedStyle(p);
    return style.display !== 'none' && style.visibility !== 'hidden' && style.stroke !== 'none' &&
      parseFloat(style.strokeWidth) > 0 && box.width + box.height > 20;
  }));
  check(shown.length === 1 && shown[0], `${label}: the follows relation is drawn`,
    JSON.stringify(shown));
  if (await rel.count() === 1) {
    const box = await rel.boundingBox();
    const r = { left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height };
    const dialogue = drawn.find((e) => e.id === DIALOGUE);
    const summit = drawn.find((e) => e.id === SUMMIT);
    check(intersects(r, summit.mark, 8) && intersects(r, dialogue.mark, 8),
      `${label}: the relation connects the summit and the dialogue`);
    const marker = await rel.getAttribute('marker-end');
    check(marker && marker.includes('arrow'), `${label}: the relation ends in an arrow`);
  }
  const named = await page.textContent(`li[data-event-id="${DIALOGUE}"] .rels-list`);
  check(named.includes('4 months 20 days after') || named.includes('через 4 месяца 20 дней'),
    `${label}: the relation is named with its interval`, named);

  // Labels stay apart and inside the chart.
  const svgBox = await page.locator(`svg.${chart}`).boundingBox();
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      check(!intersects(drawn[i].label, drawn[j].label), `${label}: labels do not collide`,
        `${drawn[i].id} / ${drawn[j].id}`);
    }
    check(drawn[i].label.left >= svgBox.x - 1 && drawn[i].label.right <= svgBox.x + svgBox.width + 1,
      `${label}: label inside the chart`, drawn[i].id);
  }
  const overflow = await noHorizontalOverflow(page);
  check(overflow.scroll <= overflow.viewport, `${label}: no horizontal overflow`,
    `${overflow.scroll} > ${overflow.viewport}`);
  if (colorScheme === 'dark') {
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    check(r + g + b < 150, `${label}: dark background in dark mode`, bg);
  }
  await page.screenshot({ path: path.join(screenshots, shot), fullPage: true });
  checkClean(state, label);
  await context.close();
}

await checkShipped(1440, 'chart-h', 'light', 'desktop-1440.png');
await checkShipped(375, 'chart-v', 'light', 'phone-375.png');
await checkShipped(1440, 'chart-h', 'dark', 'dark-1440.png');
await checkShipped(375, 'chart-v', 'dark', 'dark-375.png');

// Russian: every word and date of the page.
{
  const url = exportPage(events, 'c5plus1-ru.html', '--lang', 'ru');
  const { page, context, state } = await open(url, 1440);
  check(await page.getAttribute('html', 'lang') === 'ru', 'ru: <html lang="ru">');
  const visitLabel = await page.textContent(`svg.chart-h g.ev[data-event-id="${VISIT}"] .label`);
  check(visitLabel.includes('март 2024'), 'ru: the chart dates the visit "март 2024"', visitLabel);
  const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
  check(headings.includes('События'), 'ru: headings in Russian', headings.join(', '));
  await page.screenshot({ path: path.join(screenshots, 'ru-1440.png'), fullPage: true });
  checkClean(state, 'ru');
  await context.close();
}

// Print: the horizontal chart, whatever the paper width.
{
  const { page, context, state } = await open(shipped, 700);
  await page.emulateMedia({ media: 'print' });
  check(await page.isVisible('svg.chart-h'), 'print: the horizontal chart is printed');
  check(!(await page.isVisible('svg.chart-v')), 'print: the vertical chart is not');
  checkClean(state, 'print');
  await context.close();
}

// ---------------------------------------------------------------------------------------------
// A dense generated timeline of 200 events: labels never collide.

{
  const dir = path.join(work, 'dense-events');
  generateTimeline(dir, 200);
  const order = JSON.parse(run('--events', dir, 'export', 'json')).events.map((e) => e.id);
  check(order.length === 200, 'dense: the generated timeline loads', `${order.length} events`);
  const url = exportPage(dir, 'dense.html');
  for (const [width, chart] of [[1440, 'chart-h'], [375, 'chart-v']]) {
    const label = `dense ${width}px`;
    const { page, context, state } = await open(url, width);
    const drawn = await chartEvents(page, chart);
    check(drawn.length === 200 && drawn.every((e) => e.visible), `${label}: all 200 events visible`);
    check(JSON.stringify(drawn.map((e) => e.id)) === JSON.stringify(order),
      `${label}: in chronological order`);
    const axis = await axisScale(page, chart);
    const dayPx = dayPosition(axis, '2020-01-02') - dayPosition(axis, '2020-01-01');
    const positions = drawn.map((e) => begins(e, chart === 'chart-h', dayPx));
    const backwards = positions.findIndex((q, i) => i > 0 && q < positions[i - 1] - 0.5);
    check(backwards < 0, `${label}: positions never go back along the axis`,
      backwards < 0 ? '' : `${drawn[backwards - 1].id} then ${drawn[backwards].id}`);
    let collisions = 0;
    let example = '';
    for (let i = 0; i < drawn.length; i++) {
      for (let j = i + 1; j < drawn.length; j++) {
        if (intersects(drawn[i].label, drawn[j].label)) {
          collisions++;
          if (!example) example = `${drawn[i].id} / ${drawn[j].id}`;
        }
      }
    }
    check(collisions === 0, `${label}: no two labels collide`, `${collisions}, e.g. ${example}`);
    const svgBox = await page.locator(`svg.${chart}`).boundingBox();
    const outside = drawn.filter((e) => e.label.left < svgBox.x - 1 ||
      e.label.right > svgBox.x + svgBox.width + 1);
    check(outside.length === 0, `${label}: labels stay inside the chart`,
      outside.map((e) => e.id).join(', '));
    const overflow = await noHorizontalOverflow(page);
    check(overflow.scroll <= overflow.viewport, `${label}: no horizontal overflow`,
      `${overflow.scroll} > ${overflow.viewport}`);
    const escaped = await page.$$eval('script', (s) => s.length);
    check(escaped === 0, `${label}: titles with <script> stay text`);
    await page.screenshot({ path: path.join(screenshots, `dense-${width}.png`), fullPage: true });
    checkClean(state, label);
    await context.close();
  }
}

await browser.close();
fs.rmSync(work, { recursive: true, force: true });
console.log(`screenshots: ${screenshots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
