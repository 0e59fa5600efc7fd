// Usage: node terraform.cjs <dir>
// No terraform binary can be installed here, so this checks what it can without one:
//  - syntax: every *.tf parsed by HashiCorp's own HCL parser (@cdktf/hcl2json, compiled to wasm);
//  - references: every var.X is declared, every docker_* reference names a declared resource;
//  - the port rule: only the exporter publishes a port (the original's two containers both took 8000);
//  - `terraform fmt` style: two-space indentation, and the `=` of consecutive single-line attributes
//    at one level aligned one space after the longest name.
"use strict";
const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

const dir = process.argv[2];
(async () => {
  const errors = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  const merged = { variable: {}, resource: {} };
  const texts = {};
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    texts[f] = text;
    try {
      const json = await parse(f, text);
      Object.assign(merged.variable, json.variable || {});
      for (const [type, byName] of Object.entries(json.resource || {})) {
        merged.resource[type] = { ...(merged.resource[type] || {}), ...byName };
      }
    } catch (e) {
      errors.push(`${f}: ${e}`);
    }
  }
  const all = Object.values(texts).join("\n");
  for (const m of all.matchAll(/\bvar\.([a-z_0-9]+)/g)) {
    if (!merged.variable[m[1]]) errors.push(`var.${m[1]} is used but not declared`);
  }
  for (const m of all.matchAll(/\b(docker_[a-z_]+)\.([a-z_0-9]+)\.[a-z_]+/g)) {
    if (!(merged.resource[m[1]] || {})[m[2]]) errors.push(`${m[1]}.${m[2]} is referenced but not declared`);
  }
  const containers = merged.resource.docker_container || {};
  const publishing = Object.entries(containers).filter(([, c]) => (c[0] || c).ports).map(([n]) => n);
  if (publishing.join() !== "exporter") errors.push(`containers publishing ports: [${publishing}], expected only exporter`);

  for (const [f, text] of Object.entries(texts)) {
    const lines = text.split("\n");
    let run = [];
    const flush = () => {
      if (run.length > 1) {
        const want = Math.max(...run.map((r) => r.key.length));
        for (const r of run) {
          if (r.eq !== r.indent + want + 1) errors.push(`${f}:${r.no}: '=' not aligned as terraform fmt aligns it`);
        }
      } else if (run.length === 1 && run[0].eq !== run[0].indent + run[0].key.length + 1) {
        errors.push(`${f}:${run[0].no}: one space before '=' expected`);
      }
      run = [];
    };
    lines.forEach((line, i) => {
      const indent = line.match(/^ */)[0].length;
      if (line.trim() && indent % 2) errors.push(`${f}:${i + 1}: indentation is not a multiple of two spaces`);
      if (/\t/.test(line)) errors.push(`${f}:${i + 1}: tab character`);
      const m = line.match(/^( *)([A-Za-z_][A-Za-z0-9_-]*|"[^"]+") *=(?!=)/);
      // Single-line attributes only: a value opening a multi-line bracket ends the alignment group.
      if (m && !/[[{(]\s*$/.test(line)) {
        if (run.length && run[0].indent !== indent) flush();
        run.push({ no: i + 1, indent, key: m[2], eq: line.indexOf("=", indent + m[2].length) });
      } else {
        flush();
        if (m) {
          const eq = line.indexOf("=", indent + m[2].length);
          if (eq !== indent + m[2].length + 1) errors.push(`${f}:${i + 1}: one space before '=' expected`);
        }
      }
    });
    flush();
  }
  if (errors.length) {
    console.log(errors.join("\n"));
    process.exit(1);
  }
  console.log(`${files.length} files parsed by the HCL parser; references, the single published port and fmt alignment ok`);
})();
