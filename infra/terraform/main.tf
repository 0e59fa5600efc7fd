# The two services of this repository on one Docker host: the collector writes the feed into a
# shared volume, the exporter reads it and is the only container that publishes a port (the
# original published host port 8000 from both containers, so the second one could not start).
# The full stack (Prometheus, Grafana, Loki, ...) is docker-compose.yml.

locals {
  repo_root = abspath("${path.module}/../..")
  # The secured mode (docs/security.md#terraform): the exporter reads node_exporter's web config file from a
  # host directory mounted read-only (web.yml and the certificate and key it names, relative to it).
  secured         = var.exporter_web_config_dir != ""
  web_config_path = "/etc/infra-monitoring/web"
}

resource "docker_image" "collector" {
  name = "${var.name_prefix}-collector:${var.image_tag}"

  build {
    context    = local.repo_root
    dockerfile = "Dockerfile.collector"
  }

  keep_locally = true
}

resource "docker_image" "exporter" {
  name = "${var.name_prefix}-exporter:${var.image_tag}"

  build {
    context    = local.repo_root
    dockerfile = "Dockerfile.exporter"
  }

  keep_locally = true
}

resource "docker_volume" "logs" {
  name = "${var.name_prefix}-logs"
}

resource "docker_network" "monitoring" {
  name = var.name_prefix
}

resource "docker_container" "collector" {
  name    = "${var.name_prefix}-collector"
  image   = docker_image.collector.image_id
  restart = "unless-stopped"

  # Describe the host, not the container: host PID and network namespaces, host /proc, /sys and /.
  pid_mode     = "host"
  network_mode = "host"
  read_only    = true

  capabilities {
    add  = ["NET_RAW"]
    drop = ["ALL"]
  }

  env = concat(
    [
      "MONITORING_LOG_ROOT=/logs",
      "MONITORING_PATH_PROCFS=/host/proc",
      "MONITORING_PATH_SYSFS=/host/sys",
      "MONITORING_PATH_ROOTFS=/host/root",
      "MONITORING_INTERVAL_SEC=${var.interval_sec}",
      "MONITORING_PROBE_TARGETS=${var.probe_targets}",
    ],
    [for k, v in var.collector_env : "${k}=${v}"],
  )

  volumes {
    volume_name    = docker_volume.logs.name
    container_path = "/logs"
  }

  volumes {
    host_path      = "/proc"
    container_path = "/host/proc"
    read_only      = true
  }

  volumes {
    host_path      = "/sys"
    container_path = "/host/sys"
    read_only      = true
  }

  volumes {
    host_path      = "/"
    container_path = "/host/root"
    read_only      = true
  }

  tmpfs = {
    "/tmp" = "rw,noexec,nosuid,size=64m"
  }
}

resource "docker_container" "exporter" {
  name      = "${var.name_prefix}-exporter"
  image     = docker_image.exporter.image_id
  restart   = "unless-stopped"
  read_only = true

  security_opts = ["no-new-privileges:true"]

  capabilities {
    drop = ["ALL"]
  }

  env = concat(
    [
      "MONITORING_LOG_ROOT=/logs",
      "MONITORING_EXPORTER_ADDR=0.0.0.0",
      "MONITORING_EXPORTER_PORT=8000",
    ],
    local.secured ? ["MONITORING_EXPORTER_WEB_CONFIG=${local.web_config_path}/${var.exporter_web_config_file}"] : [],
  )

  networks_advanced {
    name = docker_network.monitoring.name
  }

  ports {
    internal = 8000
    external = var.exporter_host_port
    ip       = var.exporter_bind_ip
  }

  volumes {
    volume_name    = docker_volume.logs.name
    container_path = "/logs"
    read_only      = true
  }

  # The image's HEALTHCHECK speaks HTTPS when the exporter does (Dockerfile.exporter).
  dynamic "volumes" {
    for_each = local.secured ? [var.exporter_web_config_dir] : []
    content {
      host_path      = volumes.value
      container_path = local.web_config_path
      read_only      = true
    }
  }

  tmpfs = {
    "/tmp" = "rw,noexec,nosuid,size=16m"
  }

  depends_on = [docker_container.collector]
}
