output "metrics_url" {
  description = "The exporter's Prometheus endpoint."
  value       = "http://${var.exporter_bind_ip}:${var.exporter_host_port}/metrics"
}

output "health_url" {
  description = "The exporter's health endpoint (200 fresh, 503 stale or no data)."
  value       = "http://${var.exporter_bind_ip}:${var.exporter_host_port}/health"
}
