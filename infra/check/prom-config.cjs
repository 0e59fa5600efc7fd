// Usage: node prom-config.cjs <repo root> <exporter host:port> <prometheus host:port> <out file>
//          [<rules dir> [<alertmanager host:port>]]
// The check's Prometheus config: the repository's config with loopback targets and 1 s scrapes; the rule
// files of <rules dir> (a generated copy, infra/check/rules-copy.cjs) instead of the repository's when given;
// alerts to <alertmanager> when given, else to none.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const [root, exporter, self, out, rulesDir, alertmanager] = process.argv.slice(2);
const src = path.join(root, "infra/prometheus/prometheus.yml");
const cfg = YAML.parse(fs.readFileSync(src, "utf8"));

cfg.global = { ...cfg.global, scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" };
// Rule files: the repository's own, resolved against the source config's directory, or the given copy.
cfg.rule_files = rulesDir
  ? [path.join(path.resolve(rulesDir), "*.yml")]
  : (cfg.rule_files || []).map((p) => path.resolve(path.dirname(src), p));
if (alertmanager) {
  cfg.alerting = { alertmanagers: [{ static_configs: [{ targets: [alertmanager] }] }] };
} else {
  delete cfg.alerting;
}
const jobs = cfg.scrape_configs || [];
const main = jobs.find((j) => j.job_name === "infra-monitoring");
if (!main) {
  console.error(`${src}: no scrape job named infra-monitoring`);
  process.exit(1);
}
for (const job of jobs) {
  job.scrape_interval = "1s";
  job.scrape_timeout = "1s";
  const target = job === main ? exporter : job.job_name === "prometheus" ? self : null;
  if (target === null) {
    console.error(`${src}: unexpected scrape job ${job.job_name}; the check knows infra-monitoring and prometheus`);
    process.exit(1);
  }
  job.static_configs = [{ targets: [target] }];
}
fs.writeFileSync(out, YAML.stringify(cfg));
