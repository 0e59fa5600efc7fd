// Usage: node queries.cjs <repo root> <prometheus base URL> <instance label value> [<exporter /metrics file>]
// Runs every Grafana panel query (Prometheus targets) and every alert rule expression against a
// running Prometheus. Fails on any query that errors, and on any that returns no data unless it
// is on the allow-list below (printed with its reason). Alert expressions legitimately return
// nothing while not firing: for them the expression must evaluate without error, Prometheus must
// report the rule healthy, and the series the expression compares must have data.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const [root, prom, instance, metricsFile] = process.argv.slice(2);

// Queries that may return nothing on a machine like the CI's, and why. Nothing else may be empty.
// (Temperature and bonding come from a committed sysfs fixture and the learned limit from a seeded state
// file, so these VMs' lack of a sensor, a bond and traffic history empties nothing.)
const ALLOWED_EMPTY = [
  [/\bmonitoring_md_/, "no software RAID here (no /proc/mdstat): the md source's parsing is checked on node_exporter's fixtures (MdstatSourceTest, NodeExporterParityTest)"],
  [/\bmonitoring_pressure_/, "a kernel without PSI (before 4.20, or booted with psi=0) has no /proc/pressure"],
  [/\bmonitoring_nf_conntrack_/, "no connection tracking while the nf_conntrack module is not loaded"],
];

// $job: the exporters' job of the shipped prometheus.yml (the fleet's agents use the same name).
const JOB = "infra-monitoring";
const SUBST = [
  [/\$\{job\}|\$job\b/g, JOB],
  [/\$\{instance\}|\$instance\b/g, instance],
  [/\$__rate_interval\b/g, "10s"],
  [/\$__interval\b/g, "2s"],
  [/\$__range\b/g, "30s"],
];
const subst = (e) => SUBST.reduce((s, [re, v]) => s.replace(re, v), e);
const allowed = (e) => (ALLOWED_EMPTY.find(([re]) => re.test(e)) || [])[1];

let passed = 0;
let failed = 0;
let allowedEmpty = 0;
const report = (ok, what, detail) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${what}${detail ? ": " + detail : ""}`);
};

async function api(pathAndQuery, params) {
  const url = `${prom}${pathAndQuery}?${new URLSearchParams(params || {})}`;
  const res = await fetch(url);
  const body = await res.json().catch(() => ({ status: "error", error: `HTTP ${res.status}, not JSON` }));
  if (body.status !== "success") throw new Error(`${body.errorType || ""} ${body.error || "HTTP " + res.status}`.trim());
  return body.data;
}

async function evaluate(expr, range) {
  const now = Date.now() / 1000;
  const data = range
    ? await api("/api/v1/query_range", { query: expr, start: now - 30, end: now, step: 1 })
    : await api("/api/v1/query", { query: expr, time: now });
  return Array.isArray(data.result) ? data.result.length : 1; // scalar/string results count as data
}

async function checkData(what, expr, range) {
  let n;
  try {
    n = await evaluate(expr, range);
  } catch (e) {
    return report(false, what, `error: ${e.message} [${expr}]`);
  }
  if (n > 0) return report(true, what, `${n} series`);
  const why = allowed(expr);
  if (why) {
    allowedEmpty++;
    return report(true, what, `no data, allowed: ${why}`);
  }
  report(false, what, `no data [${expr}]`);
}

// The part of an alert expression whose data must exist: absent(X) -> X; X <op> number -> X.
function dataPart(expr) {
  const e = expr.trim();
  let m = e.match(/^absent\((.*)\)$/s);
  if (m) return m[1];
  m = e.match(/^(.*?)\s*(==|!=|>=|<=|>|<)\s*(-?[0-9][0-9.eE+-]*)$/s);
  if (m) return m[1];
  return e;
}

// The data an alert expression compares: its data part, or, where conditions are combined with and/or/unless
// (empty while any condition is false), each monitoring_ series it names, alone.
function dataParts(expr) {
  const part = dataPart(expr);
  if (!/\b(and|or|unless)\b/.test(part)) return [part];
  return [...new Set(part.match(/\bmonitoring_[a-zA-Z0-9_]+\b/g) || [part])];
}

async function main() {
  // 1. Dashboard panels.
  const dash = JSON.parse(fs.readFileSync(path.join(root, "infra/grafana/dashboards/infra-monitoring.json"), "utf8"));
  const panels = [];
  for (const p of dash.panels || []) {
    if (p.type === "row") panels.push(...(p.panels || []));
    else panels.push(p);
  }
  const loki = [];
  for (const p of panels) {
    for (const t of p.targets || []) {
      const ds = (t.datasource || p.datasource || {}).type;
      if (ds === "loki") {
        loki.push(`${p.title}/${t.refId}: ${t.expr}`);
        continue;
      }
      await checkData(`panel "${p.title}" ${t.refId}`, subst(t.expr), t.range !== false && !t.instant);
    }
  }

  // 1b. Dashboard variables: each query answers, and the instance variable shows host names (the regex's
  // text group) for instance values (its value group), read from query_result's lines as Grafana writes them.
  for (const v of (dash.templating || {}).list || []) {
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : (v.query || {}).query || "";
    let m = q.match(/^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/s);
    const expr = m ? m[1] : (q.match(/^query_result\((.*)\)$/s) || [])[1];
    if (!expr) {
      report(false, `variable ${v.name}`, `query not understood: ${q}`);
      continue;
    }
    let data;
    try {
      data = await api("/api/v1/query", { query: subst(expr), time: Date.now() / 1000 });
    } catch (e) {
      report(false, `variable ${v.name}`, `error: ${e.message} [${q}]`);
      continue;
    }
    const results = data.result || [];
    if (!results.length) {
      report(false, `variable ${v.name}`, `no values [${q}]`);
      continue;
    }
    if (!v.regex) {
      report(true, `variable ${v.name}`, `${results.length} values`);
      continue;
    }
    const re = new RegExp(v.regex.replace(/^\/(.*)\/$/s, "$1"));
    const lines = results.map((r) => {
      const { __name__: name, ...labels } = r.metric;
      const ls = Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(", ");
      return { r, line: `${name || ""}{${ls}} ${r.value[1]} ${Math.round(r.value[0] * 1000)}` };
    });
    const bad = lines.filter(({ r, line }) => {
      const g = (line.match(re) || {}).groups || {};
      return g.text !== r.metric.host || g.value !== r.metric.instance;
    });
    report(!bad.length, `variable ${v.name} (host name shown, instance used)`,
      bad.length ? `regex ${v.regex} does not give text=host, value=instance for: ${bad.map((b) => b.line).join("; ")}` : lines.map((l) => l.line).join("; "));
  }

  // 2. Alert rules: loaded and healthy in Prometheus, expression valid, compared series present.
  const ruleDir = path.join(root, "infra/prometheus/rules");
  const fileRules = [];
  for (const f of fs.readdirSync(ruleDir).filter((f) => f.endsWith(".yml")).sort()) {
    for (const g of YAML.parse(fs.readFileSync(path.join(ruleDir, f), "utf8")).groups || []) {
      for (const r of g.rules || []) if (r.alert) fileRules.push({ file: f, ...r });
    }
  }
  const loaded = (await api("/api/v1/rules", { type: "alert" })).groups.flatMap((g) => g.rules);
  for (const r of fileRules) {
    const what = `alert ${r.alert}{severity="${(r.labels || {}).severity}"}`;
    const same = loaded.find((l) => l.name === r.alert && (l.labels || {}).severity === (r.labels || {}).severity);
    if (!same) report(false, `${what} loaded`, "not among Prometheus's rules");
    else if (same.health !== "ok" && same.health !== "unknown") report(false, `${what} loaded`, `health ${same.health}: ${same.lastError}`);
    else report(true, `${what} loaded`, `health ${same.health}, state ${same.state}`);
    try {
      const n = await evaluate(r.expr, false);
      report(true, `${what} evaluates`, n ? `${n} series (firing condition true now)` : "no series (not firing)");
    } catch (e) {
      report(false, `${what} evaluates`, `error: ${e.message}`);
    }
    for (const part of dataParts(r.expr)) await checkData(`${what} data`, part, false);
  }

  // 3. Every family the exporter serves appears in some dashboard query.
  if (metricsFile) {
    const exprs = panels.flatMap((p) => (p.targets || []).map((t) => t.expr || ""));
    const families = [...fs.readFileSync(metricsFile, "utf8").matchAll(/^# TYPE (\S+) (\S+)/gm)].map((m) => m[1]);
    for (const f of families) {
      const names = [f, `${f}_total`, `${f}_sum`, `${f}_count`, `${f}_bucket`, f.replace(/_total$/, "")];
      const used = exprs.some((e) => names.some((n) => new RegExp(`\\b${n}\\b`).test(e)));
      report(used, `family ${f} shown on the dashboard`, used ? "" : "no panel query uses it");
    }
  }

  // 4. Loki panels: no Loki runs here, so only their presence and labels are checked.
  const promtail = fs.readFileSync(path.join(root, "infra/promtail/promtail-config.yml"), "utf8");
  for (const q of loki) {
    const streams = [...q.matchAll(/stream="([a-z]+)"/g)].map((m) => m[1]);
    const ok = /\{job="infra-monitoring"/.test(q) && streams.length > 0 && streams.every((s) => promtail.includes(`stream: ${s}`));
    report(ok, `loki panel ${q.split(":")[0]} (LogQL not executed: no Loki here)`, ok ? `labels match promtail's streams ${streams}` : `selector does not match promtail's labels: ${q}`);
  }

  console.log(`queries: ${passed} passed, ${failed} failed (${allowedEmpty} empty on the allow-list)`);
  console.log(`allow-list of queries that may be empty here: ${ALLOWED_EMPTY.length ? "" : "none"}`);
  for (const [re, why] of ALLOWED_EMPTY) console.log(`  ${re.source}: ${why}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`queries: ${e.stack || e}`);
  process.exit(1);
});
