// chrono-node's dates in a text, in the JSON that bench/extract_score.py scores:
//   node chrono_dates.js LANG FILE [DOCUMENT_DATE]   ->   {"dates": [{start, end, text, value}]}
// start/end are UTF-8 byte offsets (chrono gives UTF-16 indices). The value is EDTF at the
// precision chrono says it is certain of (day or weekday, else month, else year): as generous to chrono
// as its own answer allows. Without a document date chrono resolves against today; the scorer
// then counts what it guessed.
"use strict";
const fs = require("fs");
const chrono = require("chrono-node");

const [lang, file, dct] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");
const parser = lang === "ru" ? chrono.ru : chrono.en;
const ref = dct ? new Date(dct + "T12:00:00Z") : new Date();
const pad = (n, w) => String(n).padStart(w, "0");

function edtf(c) {
  const y = pad(c.get("year"), 4);
  if (c.isCertain("day") || c.isCertain("weekday")) return `${y}-${pad(c.get("month"), 2)}-${pad(c.get("day"), 2)}`;
  if (c.isCertain("month")) return `${y}-${pad(c.get("month"), 2)}`;
  return y;
}

const bytes = (i) => Buffer.byteLength(text.slice(0, i), "utf8");
const dates = parser.parse(text, ref).map((r) => {
  let value = edtf(r.start);
  if (r.end) value += "/" + edtf(r.end);
  return { start: bytes(r.index), end: bytes(r.index + r.text.length), text: r.text, value };
});
process.stdout.write(JSON.stringify({ dates }) + "\n");
