// Usage: node node-exporter-live.cjs <our /metrics file> <node_exporter /metrics file>
// The stack check's live comparison: the exporter's series for this host against Debian's node_exporter run on
// the same host with the same paths (/proc and / the real ones, /sys the check's committed tree), both read
// within a second. Only what is stable between two reads is compared: counts, limits, sizes, inodes, flags;
// inodes and space in use with a small tolerance (other processes write meanwhile). node_exporter's Debian
// defaults leave out more mount points (/run, /mnt, /media) and the loopback interface: the comparison is on
// what both report, which must include / and every block device and interface the collector reports but lo.
"use strict";
const fs = require("fs");

const [oursFile, neFile] = process.argv.slice(2);
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parse(file) {
  const out = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(LINE);
    if (!m || line.startsWith("#")) continue;
    const labels = {};
    for (const l of (m[2] || "").matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}
const ours = parse(oursFile);
const ne = parse(neFile);
const all = (series, name) => series.filter((s) => s.name === name);
const one = (series, name) => (all(series, name)[0] || {}).value;
const by = (series, name, label) => new Map(all(series, name).map((s) => [s.labels[label], s.value]));

let failed = 0;
const report = (ok, what, detail) => {
  if (!ok) failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${what}${detail ? ": " + detail : ""}`);
};
const same = (what, a, b) => report(a !== undefined && a === b, what, `ours ${a}, node_exporter ${b}`);
const near = (what, a, b, tol) =>
  report(a !== undefined && b !== undefined && Math.abs(a - b) <= tol, what, `ours ${a}, node_exporter ${b} (±${tol})`);
const sameSet = (what, a, b) => {
  const x = [...a].sort().join(" ");
  const y = [...b].sort().join(" ");
  report(x === y, what, `ours [${x}], node_exporter [${y}]`);
};

// Host-wide counts and limits.
same("online CPUs (monitoring_cpus, node_exporter's idle series)", one(ours, "monitoring_cpus"),
  all(ne, "node_cpu_seconds_total").filter((s) => s.labels.mode === "idle").length);
same("boot time", one(ours, "monitoring_boot_time_seconds"), one(ne, "node_boot_time_seconds"));
same("memory total", one(ours, "monitoring_memory_total_bytes"), one(ne, "node_memory_MemTotal_bytes"));
same("swap total", one(ours, "monitoring_swap_total_bytes"), one(ne, "node_memory_SwapTotal_bytes"));
same("file handles maximum", one(ours, "monitoring_filefd_maximum"), one(ne, "node_filefd_maximum"));
same("OOM kills", one(ours, "monitoring_vmstat_oom_kill_total"), one(ne, "node_vmstat_oom_kill"));
same("conntrack limit (absent from both without nf_conntrack)", one(ours, "monitoring_nf_conntrack_entries_limit"),
  one(ne, "node_nf_conntrack_entries_limit"));
same("clock synchronised (adjtimex)", one(ours, "monitoring_timex_sync_status"), one(ne, "node_timex_sync_status"));

// Filesystems: on the mount points both report, which include /.
const files = by(ours, "monitoring_filesystem_files", "mountpoint");
const neFiles = by(ne, "node_filesystem_files", "mountpoint");
const common = [...files.keys()].filter((m) => neFiles.has(m));
report(common.includes("/"), "filesystems both report include /", `[${common.join(" ")}]`);
for (const m of common) {
  same(`inodes of ${m}`, files.get(m), neFiles.get(m));
  const free = by(ours, "monitoring_filesystem_files_free", "mountpoint").get(m);
  near(`free inodes of ${m}`, free, by(ne, "node_filesystem_files_free", "mountpoint").get(m), Math.max(1000, 0.001 * files.get(m)));
  const size = by(ours, "monitoring_disk_total_bytes", "mountpoint").get(m);
  same(`size of ${m}`, size, by(ne, "node_filesystem_size_bytes", "mountpoint").get(m));
  near(`available bytes of ${m}`, by(ours, "monitoring_filesystem_avail_bytes", "mountpoint").get(m),
    by(ne, "node_filesystem_avail_bytes", "mountpoint").get(m), Math.max(64 << 20, 0.001 * size));
  same(`read-only flag of ${m}`, by(ours, "monitoring_filesystem_readonly", "mountpoint").get(m),
    by(ne, "node_filesystem_readonly", "mountpoint").get(m));
}

// Block devices, interfaces, arrays, bonds: the same sets (node_exporter's Debian default leaves lo out).
sameSet("block devices (default exclusion)", by(ours, "monitoring_disk_reads_completed_total", "device").keys(),
  by(ne, "node_disk_reads_completed_total", "device").keys());
sameSet("interfaces but lo", [...by(ours, "monitoring_network_receive_packets_total", "interface").keys()].filter((i) => i !== "lo"),
  by(ne, "node_network_receive_packets_total", "device").keys());
sameSet("software RAID arrays", by(ours, "monitoring_md_blocks", "device").keys(), by(ne, "node_md_blocks", "device").keys());
const slaves = by(ours, "monitoring_bonding_slaves", "master");
const neSlaves = by(ne, "node_bonding_slaves", "master");
sameSet("bonds", slaves.keys(), neSlaves.keys());
for (const [m, v] of slaves) {
  same(`slaves of ${m}`, v, neSlaves.get(m));
  same(`active slaves of ${m}`, by(ours, "monitoring_bonding_active", "master").get(m), by(ne, "node_bonding_active", "master").get(m));
}

console.log(`node_exporter live comparison: ${failed} failed`);
process.exit(failed ? 1 : 0);
