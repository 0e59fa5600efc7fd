// Usage: node dashboard-schema.cjs <dashboard.json> <provisioned datasources.yml>
// Validates a dashboard against Grafana's own Dashboard type (@grafana/schema, raw/dashboard/x),
// turned into a JSON schema by ts-json-schema-generator (interfaces are closed: an unknown key fails),
// then checks what the schema cannot: unique panel ids, known data source uids, a target per panel.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const YAML = require("yaml");
const { createGenerator } = require("ts-json-schema-generator");

const [dashFile, dsFile] = process.argv.slice(2);
const pkgDir = path.dirname(require.resolve("@grafana/schema/package.json"));
const typesFile = path.join(pkgDir, "dist/types/raw/dashboard/x/types.gen.d.ts");
const schema = createGenerator({ path: typesFile, type: "Dashboard", skipTypeCheck: true }).createSchema("Dashboard");
const version = require("@grafana/schema/package.json").version;

const dash = JSON.parse(fs.readFileSync(dashFile, "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
const errors = [];
if (!ajv.validate(schema, dash)) {
  for (const e of ajv.errors) errors.push(`schema: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

const uids = new Set((YAML.parse(fs.readFileSync(dsFile, "utf8")).datasources || []).map((d) => d.uid));
const ids = new Set();
const panels = [];
for (const p of dash.panels || []) {
  panels.push(p);
  if (p.type === "row") panels.push(...(p.panels || []));
}
let queries = 0;
for (const p of panels) {
  if (ids.has(p.id)) errors.push(`panel id ${p.id} used twice`);
  ids.add(p.id);
  if (p.type === "row") continue;
  if (!p.targets || p.targets.length === 0) errors.push(`panel "${p.title}" has no query`);
  for (const t of [p.datasource, ...(p.targets || []).map((t) => t.datasource)]) {
    if (t && !uids.has(t.uid)) errors.push(`panel "${p.title}": data source uid ${t.uid} is not provisioned`);
  }
  for (const t of p.targets || []) {
    if (!t.expr || !t.expr.trim()) errors.push(`panel "${p.title}" target ${t.refId}: empty expr`);
    queries++;
  }
}
if (errors.length) {
  console.log(errors.join("\n"));
  process.exit(1);
}
console.log(`valid against @grafana/schema ${version} Dashboard; ${panels.length} panels, ${queries} queries`);
