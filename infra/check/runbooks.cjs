// Usage: node runbooks.cjs check <repo root>
//        node runbooks.cjs link <runbook URL> <file holding what the URL answered>
// check: every alert rule has a runbook_url of the form {{ $externalURL }}/user/runbooks.md#<anchor> whose
// anchor is a heading of docs/runbooks.md (GitHub's heading ids), every heading that names an alert has a rule,
// and compose serves docs/runbooks.md at Prometheus's /user/runbooks.md.
// link: the URL's fragment is a heading of the document it answered (a runbook link that works).
"use strict";
const fs = require("fs");
const path = require("path");

// GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces to hyphens.
const slug = (h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const anchors = (md) => new Set([...md.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
const PATH = "/user/runbooks.md";

const [mode, ...args] = process.argv.slice(2);
const errors = [];
if (mode === "check") {
  const YAML = require("yaml");
  const root = args[0];
  const md = fs.readFileSync(path.join(root, "docs/runbooks.md"), "utf8");
  const ids = anchors(md);
  const alerts = new Set();
  const dir = path.join(root, "infra/prometheus/rules");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".yml")).sort()) {
    for (const g of YAML.parse(fs.readFileSync(path.join(dir, f), "utf8")).groups || []) {
      for (const r of g.rules || []) {
        if (!r.alert) continue;
        alerts.add(r.alert);
        const url = (r.annotations || {}).runbook_url || "";
        const m = url.match(/^\{\{ \$externalURL \}\}(\/user\/runbooks\.md)#([a-z0-9_-]+)$/);
        if (!m) errors.push(`${f}: ${r.alert}: runbook_url is not {{ $externalURL }}${PATH}#<anchor>: '${url}'`);
        else if (!ids.has(m[2])) errors.push(`${f}: ${r.alert}: #${m[2]} is no heading of docs/runbooks.md`);
        else if (m[2] !== slug(r.alert)) errors.push(`${f}: ${r.alert}: links #${m[2]}, not its own section`);
      }
    }
  }
  for (const h of [...md.matchAll(/^##\s+([A-Z][A-Za-z]+)$/gm)].map((m) => m[1])) {
    if (!alerts.has(h)) errors.push(`docs/runbooks.md: section ${h} names no alert rule`);
  }
  const compose = fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8");
  if (!compose.includes("- ./docs/runbooks.md:/usr/share/prometheus/user/runbooks.md:ro"))
    errors.push("docker-compose.yml: prometheus does not mount docs/runbooks.md at /usr/share/prometheus/user/runbooks.md");
  if (!compose.includes("- --web.user-assets=/usr/share/prometheus/user"))
    errors.push("docker-compose.yml: prometheus has no --web.user-assets=/usr/share/prometheus/user");
  if (!/--web\.external-url=\$\{PROMETHEUS_EXTERNAL_URL:-/.test(compose))
    errors.push("docker-compose.yml: prometheus has no --web.external-url from PROMETHEUS_EXTERNAL_URL");
  if (!errors.length) console.log(`${alerts.size} alerts, each linking its own section of docs/runbooks.md (${ids.size} headings)`);
} else if (mode === "link") {
  const [url, file] = args;
  const u = new URL(url);
  const ids = anchors(fs.readFileSync(file, "utf8"));
  if (!u.pathname.endsWith(PATH)) errors.push(`${url}: not ${PATH}`);
  if (!u.hash || !ids.has(u.hash.slice(1))) errors.push(`${url}: #${u.hash.slice(1)} is no heading of what it answered`);
  if (!errors.length) console.log(`${url}: the document answered, with its section ${u.hash}`);
} else {
  errors.push("usage: node runbooks.cjs check <repo root> | link <url> <file>");
}
if (errors.length) {
  console.log(errors.join("\n"));
  process.exit(1);
}
