// Usage: node kubernetes.cjs <dir> [<component dir>]
// Validates every manifest of a kustomization against the Kubernetes API schemas of kubernetes-models
// (types, required fields, enums; the schemas allow unknown keys). When kubectl is on PATH the manifests are
// kustomize's real build (`kubectl kustomize --load-restrictor LoadRestrictionsNone`: generators, images and
// name suffixes applied); without it the resource files are read as they are and generators are unchecked.
// Then what the schemas cannot see: our images rewritten, every image pinned, the exporter bound to the
// node's IP, the names a workload refers to defined, Services selecting some pod; and for the fleet overlay
// (a kustomization with a vmagent-config generator): the base included whole, every rule file in vmalert's
// ConfigMap, node name relabelled into instance and host, vmagent buffering on a volume, replication
// consistent between vminsert, vmselect and vmstorage, and Grafana reading where vmalert reads.
// With a component (the secured mode, ../secure or fleet/secure), the build is of a temporary overlay of <dir>
// with the component on (kubectl only), and the secured mode is checked too: the exporter reads its web config
// from the mounted Secret and is probed over HTTPS; in the fleet, vmagent scrapes it with https, the CA and the
// password from a mounted Secret, and verifies a server name.
"use strict";
const fs = require("fs");
const path = require("path");
const os = require("os");
const { spawnSync } = require("child_process");
const YAML = require("yaml");

const dir = process.argv[2];
const component = process.argv[3];
const models = path.join(process.env.NODE_PATH, "kubernetes-models");
const errors = [];
const notes = [];
const readYaml = (f) => YAML.parse(fs.readFileSync(f, "utf8"));
const kust = readYaml(path.join(dir, "kustomization.yaml"));

// The manifests: kustomize's build, or the resource files as written.
function loadDocs() {
  let root = dir;
  if (component) {
    // kustomize takes components from a kustomization only: a throwaway one with <dir> and the component (relative
    // paths: kustomize refuses absolute ones).
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kustomize-"));
    const rel = (p) => path.relative(root, path.resolve(p));
    fs.writeFileSync(path.join(root, "kustomization.yaml"), YAML.stringify({ resources: [rel(dir)], components: [rel(component)] }));
  }
  const k = spawnSync("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", root], { encoding: "utf8" });
  if (component) fs.rmSync(root, { recursive: true, force: true });
  if (!k.error && k.status === 0) {
    notes.push(`manifests: kubectl kustomize build${component ? ` with the component ${component}` : ""}`);
    return { built: true, docs: YAML.parseAllDocuments(k.stdout).map((d) => d.toJSON()).filter(Boolean) };
  }
  if (!k.error) {
    errors.push(`kubectl kustomize ${dir}: ${(k.stderr || "").trim().split("\n").pop()}`);
    return { built: true, docs: [] };
  }
  notes.push("manifests: resource files as written (no kubectl here; generators and name suffixes unchecked)");
  if (component) notes.push(`the component ${component} is not applied (no kubectl here): its secured-mode checks are skipped`);
  const docs = [];
  for (const res of kust.resources || []) {
    const file = path.join(dir, res);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      errors.push(`kustomization: ${res} is not a file here`);
      continue;
    }
    docs.push(...YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJSON()).filter(Boolean));
  }
  return { built: false, docs };
}

const podSpec = (d) => (d.spec && d.spec.template && d.spec.template.spec) || null;
const containersOf = (d) => {
  const s = podSpec(d);
  return s ? [...(s.initContainers || []), ...(s.containers || [])] : [];
};
const name = (d) => `${d.kind} ${d.metadata && d.metadata.name}`;
const argValue = (c, flag) => {
  const a = (c.args || []).find((x) => x.startsWith(`-${flag}=`) || x.startsWith(`--${flag}=`));
  return a === undefined ? undefined : a.slice(a.indexOf("=") + 1);
};
// A generated name is its generator's name plus kustomize's hash suffix.
const sameName = (generated, wanted) => generated === wanted || new RegExp(`^${wanted}-[a-z0-9]{10}$`).test(generated);

async function main() {
  const { built, docs } = loadDocs();
  let valid = 0;
  for (const doc of docs) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    let mod;
    try {
      mod = await import(path.join(models, `${key}.js`));
    } catch (e) {
      errors.push(`${name(doc)}: no schema known here for ${key}`);
      continue;
    }
    try {
      new mod[doc.kind](doc).validate();
      valid++;
    } catch (e) {
      errors.push(`${name(doc)}: ${e.message}`);
    }
  }

  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const workloads = docs.filter((d) => podSpec(d));
  const defined = (kind, wanted) => byKind(kind).some((d) => sameName(d.metadata.name, wanted));
  // Referred names that are not part of the build, and why (a Secret holding a credential is made by hand).
  const external = {
    "Secret discord-webhook": "holds the Discord webhook URL; made with kubectl create secret",
    "Secret infra-monitoring-web-config": "the exporter's web config, certificate and key (scripts/exporter-secrets.sh)",
    "Secret infra-monitoring-scrape": "the CA certificate and scrape password of vmagent (scripts/exporter-secrets.sh)",
  };

  // Our images rewritten by the kustomization, every image pinned to a version.
  const ours = new Set((kust.images || []).map((i) => i.name));
  for (const d of workloads) {
    for (const c of containersOf(d)) {
      if (/^infra-monitoring-/.test(c.image) && (built || !ours.has(c.image))) {
        errors.push(`${name(d)}: container ${c.name} image ${c.image} is not rewritten by the kustomization`);
      }
      if (!/^infra-monitoring-/.test(c.image) && !/:[^/]+$/.test(c.image)) errors.push(`${name(d)}: image ${c.image} has no tag`);
      if (/:latest$/.test(c.image)) errors.push(`${name(d)}: image ${c.image} is not pinned`);
    }
  }

  // The exporter listens on the node's address only (hostNetwork: 0.0.0.0 would open every interface).
  for (const d of byKind("DaemonSet")) {
    for (const c of containersOf(d).filter((c) => c.name === "exporter")) {
      const addr = (c.env || []).find((e) => e.name === "MONITORING_EXPORTER_ADDR");
      const ref = addr && addr.valueFrom && addr.valueFrom.fieldRef && addr.valueFrom.fieldRef.fieldPath;
      if (ref !== "status.hostIP") errors.push(`${name(d)}: exporter's MONITORING_EXPORTER_ADDR is not the fieldRef status.hostIP (${JSON.stringify(addr)})`);
    }
  }

  // Names a workload refers to exist in the build (only checkable where generators ran).
  if (built) {
    for (const d of workloads) {
      const s = podSpec(d);
      const refs = [];
      for (const v of s.volumes || []) {
        if (v.configMap) refs.push(["ConfigMap", v.configMap.name]);
        if (v.secret) refs.push(["Secret", v.secret.secretName]);
      }
      for (const c of containersOf(d)) for (const e of c.envFrom || []) if (e.configMapRef) refs.push(["ConfigMap", e.configMapRef.name]);
      if (s.serviceAccountName) refs.push(["ServiceAccount", s.serviceAccountName]);
      for (const [kind, n] of refs) {
        if (!defined(kind, n) && !external[`${kind} ${n}`]) errors.push(`${name(d)}: refers to ${kind} ${n}, which the build does not define`);
      }
      // $(VAR) in args comes from the container's env or an envFrom ConfigMap that has the key.
      for (const c of containersOf(d)) {
        for (const v of (c.args || []).flatMap((a) => [...a.matchAll(/\$\(([A-Z_]+)\)/g)].map((m) => m[1]))) {
          const fromEnv = (c.env || []).some((e) => e.name === v);
          const fromMap = (c.envFrom || []).some((e) => e.configMapRef && byKind("ConfigMap").some((m) => m.metadata.name === e.configMapRef.name && m.data && v in m.data));
          if (!fromEnv && !fromMap) errors.push(`${name(d)}: container ${c.name} uses $(${v}), which no env or envFrom ConfigMap sets`);
        }
      }
    }
  }
  // Every Service selects the pods of some workload.
  for (const svc of byKind("Service")) {
    const sel = (svc.spec && svc.spec.selector) || {};
    const hit = workloads.some((d) => Object.entries(sel).every(([k, v]) => (d.spec.template.metadata.labels || {})[k] === v));
    if (!hit) errors.push(`${name(svc)}: its selector ${JSON.stringify(sel)} matches no workload's pods`);
  }

  const gens = kust.configMapGenerator || [];
  if (gens.some((g) => g.name === "vmagent-config")) fleetChecks(docs, built, gens);
  if (component && built) secureChecks(docs, gens.some((g) => g.name === "vmagent-config"));

  if (errors.length) {
    console.log(errors.join("\n"));
    process.exit(1);
  }
  console.log(notes.join("\n"));
  console.log(`${valid} manifests valid against kubernetes-models schemas`);
}

// The fleet overlay's own consistency.
function fleetChecks(docs, built, gens) {
  const repo = path.resolve(dir, "../../..");
  const base = readYaml(path.join(dir, "../kustomization.yaml"));
  const ownRes = new Set((kust.resources || []).map((r) => path.normalize(path.join(dir, r))));
  for (const r of base.resources || []) {
    if (!ownRes.has(path.normalize(path.join(dir, "..", r)))) errors.push(`fleet: the base's resource ${r} is not among the overlay's resources`);
  }
  if (JSON.stringify(base.images) !== JSON.stringify(kust.images)) errors.push("fleet: images differ from the base kustomization's");

  const files = (g) => (g.files || []).map((f) => path.resolve(dir, f.includes("=") ? f.split("=")[1] : f));
  const rulesGen = gens.find((g) => g.name === "vmalert-rules");
  const rulesDir = path.join(repo, "infra/prometheus/rules");
  for (const f of fs.readdirSync(rulesDir).filter((f) => f.endsWith(".yml"))) {
    if (!rulesGen || !files(rulesGen).includes(path.join(rulesDir, f))) errors.push(`fleet: vmalert-rules does not hold infra/prometheus/rules/${f}`);
  }
  const amGen = gens.find((g) => g.name === "alertmanager-config");
  if (!amGen || !files(amGen).includes(path.join(repo, "infra/alertmanager/alertmanager.yml"))) errors.push("fleet: alertmanager-config is not infra/alertmanager/alertmanager.yml");

  // Scrape config: the DaemonSet's pods found through the API, the node name put in instance and host.
  const scrapeGen = gens.find((g) => g.name === "vmagent-config");
  const scrape = readYaml(files(scrapeGen)[0]);
  const job = (scrape.scrape_configs || []).find((j) => j.job_name === "infra-monitoring");
  if (!job) errors.push("fleet: the scrape config has no job infra-monitoring (the dashboard and rules select on it)");
  else {
    const roles = (job.kubernetes_sd_configs || []).map((s) => s.role);
    if (!roles.length || !roles.every((r) => r === "pod" || r === "endpoints")) errors.push(`fleet: job infra-monitoring discovers by ${roles}, not pod/endpoints SD`);
    const node = `__meta_kubernetes_${roles[0] === "endpoints" ? "endpoint" : "pod"}_node_name`;
    for (const target of ["instance", "host"]) {
      const ok = (job.relabel_configs || []).some((r) => (r.source_labels || []).join() === node && r.target_label === target && (r.action || "replace") === "replace");
      if (!ok) errors.push(`fleet: job infra-monitoring does not relabel ${node} into ${target}`);
    }
  }

  const one = (kind, n) => docs.find((d) => d.kind === kind && d.metadata.name === n);
  const container = (d, n) => d && containersOf(d).find((c) => c.name === n);
  // vmagent: its remote-write buffer on a persistent volume, the scrape config mounted where the flag says.
  const agentSet = one("StatefulSet", "vmagent");
  const agent = container(agentSet, "vmagent");
  if (!agent) errors.push("fleet: no StatefulSet vmagent with a container vmagent");
  else {
    const buf = argValue(agent, "remoteWrite.tmpDataPath");
    const mount = (agent.volumeMounts || []).find((m) => m.mountPath === buf);
    const claims = (agentSet.spec.volumeClaimTemplates || []).map((t) => t.metadata.name);
    if (!buf || !mount || !claims.includes(mount.name)) errors.push(`fleet: vmagent's -remoteWrite.tmpDataPath (${buf}) is not on a volume claim`);
    if (!argValue(agent, "remoteWrite.maxDiskUsagePerURL")) errors.push("fleet: vmagent's buffer has no -remoteWrite.maxDiskUsagePerURL bound");
    if (argValue(agent, "remoteWrite.url") !== "$(REMOTE_WRITE_URL)") errors.push("fleet: vmagent does not write to $(REMOTE_WRITE_URL)");
  }

  // Replication: vminsert writes each series to R of the vmstorage nodes, vmselect reads them all and drops
  // the duplicates; both list exactly the StatefulSet's pods.
  const storage = one("StatefulSet", "vmstorage");
  const insert = container(one("Deployment", "vminsert"), "vminsert");
  const select = container(one("Deployment", "vmselect"), "vmselect");
  if (!storage || !insert || !select) errors.push("fleet: vmstorage StatefulSet, vminsert and vmselect Deployments expected");
  else {
    const n = storage.spec.replicas;
    const rf = Number(argValue(insert, "replicationFactor") || 1);
    if (!(rf >= 2 && rf <= n)) errors.push(`fleet: vminsert -replicationFactor=${rf} with ${n} vmstorage nodes (want 2..${n})`);
    const want = (port) => [...Array(n).keys()].map((i) => `vmstorage-${i}.${storage.spec.serviceName}:${port}`).join(",");
    if (argValue(insert, "storageNode") !== want(8400)) errors.push(`fleet: vminsert -storageNode is not ${want(8400)}`);
    if (argValue(select, "storageNode") !== want(8401)) errors.push(`fleet: vmselect -storageNode is not ${want(8401)}`);
    if (rf > 1 && !argValue(select, "dedup.minScrapeInterval")) errors.push("fleet: vmselect has no -dedup.minScrapeInterval with replication on");
  }

  // Rules, dashboards and the agent agree on the URLs; vmalert reads every rule file.
  const urls = docs.find((d) => d.kind === "ConfigMap" && sameName(d.metadata.name, "fleet-urls"));
  const alert = container(one("Deployment", "vmalert"), "vmalert");
  if (!alert || argValue(alert, "datasource.url") !== "$(QUERY_URL)" || argValue(alert, "notifier.url") !== "$(ALERTMANAGER_URL)") {
    errors.push("fleet: vmalert does not read $(QUERY_URL) and notify $(ALERTMANAGER_URL)");
  }
  const ds = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === "grafana-datasource-fleet");
  if (built && urls && ds) {
    const q = new URL(urls.data.QUERY_URL);
    const prom = (YAML.parse(ds.data["datasources.yml"]).datasources || []).find((s) => s.uid === "prometheus");
    const u = prom && new URL(prom.url);
    if (!u || u.pathname !== q.pathname || u.port !== q.port || u.hostname.split(".")[0] !== q.hostname) {
      errors.push(`fleet: Grafana's data source uid prometheus (${prom && prom.url}) is not QUERY_URL (${urls.data.QUERY_URL})`);
    }
    const w = new URL(urls.data.REMOTE_WRITE_URL);
    if (!docs.some((d) => d.kind === "Service" && d.metadata.name === w.hostname)) notes.push(`REMOTE_WRITE_URL's host ${w.hostname} is not a Service of the build`);
  } else if (built) errors.push("fleet: ConfigMaps fleet-urls and grafana-datasource-fleet expected");
}

// The secured mode, on the build with the component on.
function secureChecks(docs, fleet) {
  const secretMount = (d, c, secretName) => {
    const vols = (podSpec(d).volumes || []).filter((v) => v.secret && v.secret.secretName === secretName).map((v) => v.name);
    return (c.volumeMounts || []).find((m) => vols.includes(m.name));
  };
  const ds = docs.find((d) => d.kind === "DaemonSet" && d.metadata.name === "infra-monitoring");
  const exporter = ds && containersOf(ds).find((c) => c.name === "exporter");
  if (!exporter) errors.push("secure: no DaemonSet infra-monitoring with a container exporter");
  else {
    const mount = secretMount(ds, exporter, "infra-monitoring-web-config");
    const env = (exporter.env || []).find((e) => e.name === "MONITORING_EXPORTER_WEB_CONFIG");
    if (!mount || !mount.readOnly) errors.push("secure: the exporter does not mount the Secret infra-monitoring-web-config read-only");
    else if (!env || env.value !== `${mount.mountPath}/web.yml`) errors.push(`secure: MONITORING_EXPORTER_WEB_CONFIG (${env && env.value}) is not ${mount.mountPath}/web.yml, the Secret's web.yml`);
    const probe = exporter.readinessProbe && exporter.readinessProbe.httpGet;
    if (!probe || probe.scheme !== "HTTPS") errors.push("secure: the exporter's readiness probe does not use HTTPS (it would always fail on a TLS port)");
    if (containersOf(ds).some((c) => c.name !== "exporter" && secretMount(ds, c, "infra-monitoring-web-config"))) errors.push("secure: another container than the exporter mounts the web config Secret");
  }
  if (!fleet) return;
  const agentSet = docs.find((d) => d.kind === "StatefulSet" && d.metadata.name === "vmagent");
  const agent = agentSet && containersOf(agentSet).find((c) => c.name === "vmagent");
  const cm = docs.find((d) => d.kind === "ConfigMap" && sameName(d.metadata.name, "vmagent-config"));
  if (!agent || !cm) { errors.push("secure: vmagent's StatefulSet or its ConfigMap vmagent-config is missing"); return; }
  const job = (YAML.parse(cm.data["scrape.yml"]).scrape_configs || []).find((j) => j.job_name === "infra-monitoring");
  const mount = secretMount(agentSet, agent, "infra-monitoring-scrape");
  if (!mount) { errors.push("secure: vmagent does not mount the Secret infra-monitoring-scrape"); return; }
  const tls = (job && job.tls_config) || {};
  const auth = (job && job.basic_auth) || {};
  if (!job || job.scheme !== "https") errors.push("secure: vmagent's job infra-monitoring does not scrape with scheme https");
  if (tls.ca_file !== `${mount.mountPath}/ca.crt`) errors.push(`secure: tls_config.ca_file (${tls.ca_file}) is not ${mount.mountPath}/ca.crt, the Secret's`);
  if (!tls.server_name) errors.push("secure: no tls_config.server_name: node addresses are not in the certificate");
  if (tls.insecure_skip_verify) errors.push("secure: tls_config.insecure_skip_verify is on");
  if (!auth.username || auth.password_file !== `${mount.mountPath}/scrape-password`) errors.push(`secure: basic_auth is not a username with password_file ${mount.mountPath}/scrape-password`);
}

main().catch((e) => {
  console.log(e.stack || String(e));
  process.exit(1);
});
