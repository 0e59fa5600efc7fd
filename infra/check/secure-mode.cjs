// Usage: node secure-mode.cjs <repository root>
// The secured mode's files against the plain ones they shadow (docs/security.md), so that the two cannot drift:
//  - each secure scrape config equals its plain one but for the exporter's job (infra-monitoring), which adds
//    scheme https, tls_config with a CA file (never insecure_skip_verify) and basic_auth with a password file;
//  - the files those name are where the secured mode mounts them: compose secrets' targets under /run/secrets
//    (docker-compose.secure.yml, infra/fleet/agent.secure.yml), and the override mounts the secure config over
//    the plain one;
//  - the exporter reads its web config from a compose secret, beside the certificate and key web.yml names
//    (scripts/exporter-secrets.sh writes them as exporter.crt and exporter.key).
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const root = process.argv[2];
const errors = [];
const read = (f) => YAML.parse(fs.readFileSync(path.join(root, f), "utf8"));
const JOB = "infra-monitoring";
const SECURE_KEYS = ["scheme", "tls_config", "basic_auth"];

// compose secrets of a service: target path -> source name.
function secretTargets(service) {
  const out = {};
  for (const s of service.secrets || []) {
    const src = typeof s === "string" ? s : s.source;
    const target = typeof s === "string" ? s : s.target || s.source;
    out[target.startsWith("/") ? target : `/run/secrets/${target}`] = src;
  }
  return out;
}

// pair(plain, secure, files): the two configs equal but for the job's secure keys; returns the secure job.
function pair(plainFile, secureFile, mounted) {
  const plain = read(plainFile);
  const secure = read(secureFile);
  const job = (secure.scrape_configs || []).find((j) => j.job_name === JOB);
  if (!job) {
    errors.push(`${secureFile}: no job ${JOB}`);
    return;
  }
  const stripped = structuredClone(secure);
  for (const k of SECURE_KEYS) delete stripped.scrape_configs.find((j) => j.job_name === JOB)[k];
  if (JSON.stringify(stripped) !== JSON.stringify(plain)) {
    errors.push(`${secureFile} differs from ${plainFile} beyond the ${JOB} job's ${SECURE_KEYS.join(", ")}: change both`);
  }
  const plainJob = (plain.scrape_configs || []).find((j) => j.job_name === JOB) || {};
  for (const k of SECURE_KEYS) if (k in plainJob) errors.push(`${plainFile}: the plain job ${JOB} has ${k}`);
  const tls = job.tls_config || {};
  const auth = job.basic_auth || {};
  if (job.scheme !== "https") errors.push(`${secureFile}: job ${JOB} has no scheme: https`);
  if (!tls.ca_file) errors.push(`${secureFile}: job ${JOB} has no tls_config.ca_file`);
  if (tls.insecure_skip_verify) errors.push(`${secureFile}: job ${JOB} skips certificate verification`);
  if (!auth.username || !auth.password_file || auth.password) errors.push(`${secureFile}: job ${JOB}'s basic_auth is not a username and a password_file`);
  if (mounted) {
    for (const f of [tls.ca_file, auth.password_file]) {
      if (f && !(f in mounted)) errors.push(`${secureFile}: ${f} is not a secret the service mounts (${Object.keys(mounted).join(", ") || "none"})`);
    }
  }
  return job;
}

const base = read("docker-compose.yml");
const over = read("docker-compose.secure.yml");
const svc = (doc, n) => (doc.services || {})[n] || {};

// Prometheus: the override mounts prometheus.secure.yml where the command reads prometheus.yml.
const promCmd = (svc(base, "prometheus").command || []).find((a) => a.startsWith("--config.file="));
const promTarget = promCmd && promCmd.split("=")[1];
const promMount = (svc(over, "prometheus").volumes || []).find((v) => v.split(":")[1] === promTarget);
if (!promMount || promMount.split(":")[0] !== "./infra/prometheus/prometheus.secure.yml") {
  errors.push(`docker-compose.secure.yml: prometheus does not mount ./infra/prometheus/prometheus.secure.yml at ${promTarget}`);
}
pair("infra/prometheus/prometheus.yml", "infra/prometheus/prometheus.secure.yml", secretTargets(svc(over, "prometheus")));

// The exporter: MONITORING_EXPORTER_WEB_CONFIG names a mounted secret, and web.yml's files are beside it.
const env = (svc(over, "exporter").environment || []).find((e) => e.startsWith("MONITORING_EXPORTER_WEB_CONFIG="));
const webConfig = env && env.split("=")[1];
const exporterSecrets = secretTargets(svc(over, "exporter"));
if (!webConfig || !(webConfig in exporterSecrets)) errors.push(`docker-compose.secure.yml: MONITORING_EXPORTER_WEB_CONFIG (${webConfig}) is not one of the exporter's secrets`);
const script = fs.readFileSync(path.join(root, "scripts/exporter-secrets.sh"), "utf8");
for (const key of ["cert_file", "key_file"]) {
  const m = script.match(new RegExp(`^  ${key}: (\\S+)$`, "m"));
  if (!m) errors.push(`scripts/exporter-secrets.sh: its web.yml has no ${key}`);
  else if (webConfig && !(path.join(path.dirname(webConfig), m[1]) in exporterSecrets)) {
    errors.push(`scripts/exporter-secrets.sh writes ${key}: ${m[1]}, which docker-compose.secure.yml does not mount beside ${webConfig}`);
  }
}
// Every secret a service uses is declared, from EXPORTER_SECRETS_DIR.
for (const [name, s] of Object.entries(over.services || {})) {
  for (const src of Object.values(secretTargets(s))) if (!(over.secrets || {})[src]) errors.push(`docker-compose.secure.yml: ${name} uses the undeclared secret ${src}`);
}

// vmagent on a fleet host: the secure override mounts agent-scrape.secure.yml where the plain one was.
const agent = read("infra/fleet/agent.compose.yml");
const agentOver = read("infra/fleet/agent.secure.yml");
const plainMount = (svc(agent, "vmagent").volumes || []).find((v) => v.startsWith("./infra/fleet/agent-scrape.yml:"));
const secureMount = (svc(agentOver, "vmagent").volumes || []).find((v) => v.startsWith("./infra/fleet/agent-scrape.secure.yml:"));
if (!plainMount || !secureMount || plainMount.split(":")[1] !== secureMount.split(":")[1]) {
  errors.push("infra/fleet/agent.secure.yml does not mount agent-scrape.secure.yml where agent.compose.yml mounts agent-scrape.yml");
}
for (const src of Object.values(secretTargets(svc(agentOver, "vmagent")))) {
  if (!(over.secrets || {})[src]) errors.push(`infra/fleet/agent.secure.yml: vmagent uses ${src}, which docker-compose.secure.yml does not declare`);
}
pair("infra/fleet/agent-scrape.yml", "infra/fleet/agent-scrape.secure.yml", secretTargets(svc(agentOver, "vmagent")));

// Kubernetes: the Component's scrape config (its mounts are checked on the build by kubernetes.cjs).
const k8sJob = pair("infra/kubernetes/fleet/vmagent-scrape.yml", "infra/kubernetes/fleet/secure/vmagent-scrape.yml");
if (k8sJob && !(k8sJob.tls_config || {}).server_name) errors.push("infra/kubernetes/fleet/secure/vmagent-scrape.yml: no tls_config.server_name (node addresses are not in the certificate)");
if (k8sJob && !script.includes(`DNS:${k8sJob.tls_config.server_name}`)) {
  errors.push(`scripts/exporter-secrets.sh does not put ${k8sJob.tls_config.server_name} (vmagent's server_name) in the certificate`);
}

if (errors.length) {
  console.log(errors.join("\n"));
  process.exit(1);
}
console.log("secure configs equal the plain ones but for the exporter's job; secrets mounted where they are named");
