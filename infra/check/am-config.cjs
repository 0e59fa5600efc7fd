// Usage: node am-config.cjs <alertmanager.yml> <out file> <webhook URL>
// The check's Alertmanager config: the shipped file with the Discord webhook given inline (the secret file is
// not there, and Debian's Alertmanager predates webhook_url_file for Discord) and the route's waits shortened
// (group_wait 1s, group_interval 5s) so that the live run takes seconds. Routing, grouping, inhibition and the
// message templates are the shipped ones.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const [src, out, url] = process.argv.slice(2);
const cfg = YAML.parse(fs.readFileSync(src, "utf8"));
let hooks = 0;
for (const r of cfg.receivers || []) {
  for (const d of r.discord_configs || []) {
    delete d.webhook_url_file;
    d.webhook_url = url;
    hooks++;
  }
}
if (!hooks) {
  console.error(`${src}: no discord_configs receiver`);
  process.exit(1);
}
console.log(`route: group_wait ${cfg.route.group_wait} -> 1s, group_interval ${cfg.route.group_interval} -> 5s; ${hooks} Discord receiver(s) -> ${url}`);
cfg.route.group_wait = "1s";
cfg.route.group_interval = "5s";
fs.writeFileSync(out, YAML.stringify(cfg, { lineWidth: 0 }));
