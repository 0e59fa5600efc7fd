// Usage: node rules-copy.cjs <rules dir> <out dir> <for> <alertname>...
// The check's copy of the rule files: the named alerts (every severity) get a short `for:` so that the live
// run takes seconds; every other rule, and every expression, label and annotation, is left as shipped. The
// shipped files are never edited.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const [src, out, forDur, ...names] = process.argv.slice(2);
const seen = new Set();
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".yml")).sort()) {
  const doc = YAML.parse(fs.readFileSync(path.join(src, f), "utf8"));
  for (const g of doc.groups || []) {
    for (const r of g.rules || []) {
      if (!r.alert || !names.includes(r.alert)) continue;
      seen.add(r.alert);
      console.log(`${f}: ${r.alert}{severity="${(r.labels || {}).severity}"}: for ${r.for || "0s"} -> ${forDur}`);
      r.for = forDur;
    }
  }
  fs.writeFileSync(path.join(out, f), YAML.stringify(doc, { lineWidth: 0 }));
}
const missing = names.filter((n) => !seen.has(n));
if (missing.length) {
  console.error(`no alert named ${missing.join(", ")} in ${src}`);
  process.exit(1);
}
