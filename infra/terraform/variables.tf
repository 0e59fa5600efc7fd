variable "docker_host" {
  description = "Docker daemon to manage (unix socket or ssh://user@host)."
  type        = string
  default     = "unix:///var/run/docker.sock"
}

variable "name_prefix" {
  description = "Prefix of the container, image and volume names."
  type        = string
  default     = "infra-monitoring"
}

variable "image_tag" {
  description = "Tag of the two images built from this repository."
  type        = string
  default     = "local"
}

variable "exporter_host_port" {
  description = "Host port publishing the exporter's /metrics and /health (the only published port)."
  type        = number
  default     = 8000
}

variable "exporter_bind_ip" {
  description = "Host address the exporter port is published on."
  type        = string
  default     = "127.0.0.1"
}

variable "probe_targets" {
  description = "MONITORING_PROBE_TARGETS: host[:port] list, comma-separated; empty = probes off."
  type        = string
  default     = ""
}

variable "interval_sec" {
  description = "MONITORING_INTERVAL_SEC: seconds between records."
  type        = number
  default     = 1
}

variable "collector_env" {
  description = "Extra MONITORING_* settings for the collector (see .env.example)."
  type        = map(string)
  default     = {}
}

variable "exporter_web_config_dir" {
  description = "The secured mode: absolute host directory with node_exporter's web config file and the certificate and key it names (scripts/exporter-secrets.sh makes them; web.yml and the key readable by uid 10001), mounted read-only into the exporter. Empty = plain HTTP without authentication."
  type        = string
  default     = ""

  validation {
    condition     = var.exporter_web_config_dir == "" || startswith(var.exporter_web_config_dir, "/")
    error_message = "exporter_web_config_dir must be an absolute path (Docker bind mounts need one), or empty for plain HTTP."
  }
}

variable "exporter_web_config_file" {
  description = "Name of the web config file in exporter_web_config_dir."
  type        = string
  default     = "web.yml"

  validation {
    condition     = length(regexall("^[^/]+$", var.exporter_web_config_file)) > 0
    error_message = "exporter_web_config_file is a file name inside exporter_web_config_dir, without a slash."
  }
}
