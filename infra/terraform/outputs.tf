output "metrics_url" {
  description = "The exporter's Prometheus endpoint (https with basic auth in the secured mode)."
  value       = "${local.secured ? "https" : "http"}://${var.exporter_bind_ip}:${var.exporter_host_port}/metrics"
}

output "health_url" {
  description = "The exporter's health endpoint (200 fresh, 503 stale or no data; open without credentials)."
  value       = "${local.secured ? "https" : "http"}://${var.exporter_bind_ip}:${var.exporter_host_port}/health"
}
