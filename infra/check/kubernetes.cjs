// Usage: node kubernetes.cjs <dir>
// Validates every manifest of a kustomization against the Kubernetes API schemas of kubernetes-models
// (types, required fields, enums; the schemas allow unknown keys) and checks the kustomization's
// resources exist and the DaemonSet's images are the ones it rewrites.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const dir = process.argv[2];
const models = path.join(process.env.NODE_PATH, "kubernetes-models");
const KINDS = { "v1/Namespace": "v1/Namespace.js", "v1/ConfigMap": "v1/ConfigMap.js", "v1/Service": "v1/Service.js", "apps/v1/DaemonSet": "apps/v1/DaemonSet.js" };

(async () => {
  const errors = [];
  const kust = YAML.parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"));
  const images = new Set((kust.images || []).map((i) => i.name));
  let n = 0;
  for (const res of kust.resources || []) {
    const file = path.join(dir, res);
    if (!fs.existsSync(file)) {
      errors.push(`kustomization: ${res} does not exist`);
      continue;
    }
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJSON())) {
      const key = `${doc.apiVersion}/${doc.kind}`;
      if (!KINDS[key]) {
        errors.push(`${res}: no schema known here for ${key}`);
        continue;
      }
      const mod = await import(path.join(models, KINDS[key]));
      try {
        new mod[doc.kind](doc).validate();
        n++;
      } catch (e) {
        errors.push(`${res} (${doc.kind} ${doc.metadata && doc.metadata.name}): ${e.message}`);
      }
      for (const c of (doc.spec && doc.spec.template && doc.spec.template.spec.containers) || []) {
        if (!images.has(c.image)) errors.push(`${res}: container ${c.name} image ${c.image} is not rewritten by the kustomization`);
      }
    }
  }
  if (errors.length) {
    console.log(errors.join("\n"));
    process.exit(1);
  }
  console.log(`${n} manifests valid against kubernetes-models schemas`);
})();
