// Usage: node prom-config.cjs <repo root> <exporter host:port> <prometheus host:port> <out file>
// The check's Prometheus config: the repository's config with loopback targets and 1 s scrapes.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const [root, exporter, self, out] = process.argv.slice(2);
const src = path.join(root, "infra/prometheus/prometheus.yml");
const cfg = YAML.parse(fs.readFileSync(src, "utf8"));

cfg.global = { ...cfg.global, scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" };
// Rule files stay the repository's own, resolved against the source config's directory.
cfg.rule_files = (cfg.rule_files || []).map((p) => path.resolve(path.dirname(src), p));
// No Alertmanager runs in the check.
delete cfg.alerting;
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
