// Writes a dense synthetic timeline: timeline.toml and `count` event files with every kind of
// date Chronicle knows (days, months, years, ranges, uncertain, approximate, timed), long and
// short titles in English and Russian, markup to be escaped, statuses and relations.
// Deterministic: the same seed gives the same files.
import fs from 'node:fs';
import path from 'node:path';

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = ['meeting', 'minerals', 'dialogue', 'summit', 'visit', 'convention', 'working',
  'group', 'talks', 'on', 'critical', 'supply', 'chains', 'of', 'the', 'ministers', 'Astana',
  'Tashkent', 'Toronto', 'New York', 'Washington', 'signing', 'memorandum', 'forum', 'review'];
const russian = ['встреча', 'министров', 'по', 'критически', 'важным', 'минералам', 'в', 'Астане',
  'переговоры', 'форум', 'подписание', 'меморандума', 'рабочая', 'группа', 'Ташкенте'];
const zones = ['America/New_York', 'Asia/Almaty', 'Europe/Moscow', 'Asia/Tashkent', 'UTC'];

const pad = (n) => String(n).padStart(2, '0');
const toml = (s) => JSON.stringify(s);

export function generateTimeline(dir, count = 200, seed = 20240304) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'timeline.toml'),
    'name = "Dense test timeline"\ndefault_language = "en"\n' +
    'time_zone = "America/New_York"\nuid_domain = "dense.invalid"\n');
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = `e${String(i).padStart(3, '0')}`;
    const year = int(2019, 2024);
    const month = int(1, 12);
    const day = int(1, 28);
    const kind = rand();
    let when;
    if (kind < 0.38) when = `date = "${year}-${pad(month)}-${pad(day)}"`;
    else if (kind < 0.50) when = `date = "${year}-${pad(month)}"`;
    else if (kind < 0.56) when = `date = "${year}"`;
    else if (kind < 0.70) {
      const end = new Date(Date.UTC(year, month - 1, day + int(1, 40)));
      when = `date = "${year}-${pad(month)}-${pad(day)}/${end.getUTCFullYear()}-` +
        `${pad(end.getUTCMonth() + 1)}-${pad(end.getUTCDate())}"`;
    } else if (kind < 0.78) {
      const h = int(7, 18);
      when = `start = "${year}-${pad(month)}-${pad(day)}T${pad(h)}:${pick(['00', '15', '30'])}"\n` +
        `end = "${year}-${pad(month)}-${pad(day)}T${pad(h + int(1, 4))}:00"\ntz = "${pick(zones)}"`;
    } else if (kind < 0.86) when = `date = "${year}-${pad(month)}-${pad(day)}?"`;
    else if (kind < 0.93) when = `date = "${year}-${pad(month)}~"`;
    else {
      const first = Math.min(month, 9);
      when = `date = "${year}-${pad(first)}/${year}-${pad(first + int(1, 3))}"`;
    }
    const lang = rand() < 0.25 ? russian : words;
    const n = int(1, 12);
    let title = Array.from({ length: n }, () => pick(lang)).join(' ');
    title = title[0].toUpperCase() + title.slice(1);
    if (i % 37 === 5) title = `<script>alert("${i}")</script> & "quotes"`;
    if (i % 41 === 7) title = 'Supercalifragilisticexpialidocious-and-unbreakable-' + 'x'.repeat(40);
    let text = `title = ${toml(title)}\n${when}\n`;
    if (rand() < 0.12) text += `status = "${pick(['planned', 'tentative', 'cancelled'])}"\n`;
    if (ids.length > 0 && rand() < 0.12) text += `related = [${toml(pick(ids))}]\n`;
    text += `description = ${toml(`Synthetic event ${i}.`)}\n`;
    fs.writeFileSync(path.join(dir, `${id}.toml`), text);
    ids.push(id);
  }
  return ids;
}
