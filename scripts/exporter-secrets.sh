#!/usr/bin/env bash
# Makes the files of the exporter's secured mode (docs/security.md): a CA, the exporter's certificate and key
# signed by it, a random scrape password, its bcrypt hash in node_exporter's web config file, in one directory:
#   ca.crt ca.key            the CA (keep ca.key elsewhere once you have issued what you need)
#   exporter.crt exporter.key  the exporter's certificate (names below) and key
#   scrape-password          the password Prometheus / vmagent log in with (user "prometheus")
#   web.yml                  the exporter's web config: TLS with exporter.crt/.key, basic auth for "prometheus"
# The certificate names: exporter (the compose service), infra-monitoring-exporter (the name Kubernetes and fleet
# scrapers verify with tls_config.server_name, as node addresses vary), localhost, 127.0.0.1, and every --name.
# Run as root, it gives each file to the container user that reads it: web.yml and exporter.key to uid 10001
# (the exporter), scrape-password to 65534 (Prometheus, vmagent); otherwise it prints the commands.
# Usage: scripts/exporter-secrets.sh [--dir DIR] [--name DNS-NAME-OR-IP]... [--days N] [--force]
#   --dir    default $EXPORTER_SECRETS_DIR or <repository>/infra/exporter/secrets (what docker-compose.secure.yml reads)
#   --force  replace files already there (otherwise it refuses)
# Needs openssl and htpasswd (Debian: apache2-utils); checks web.yml with `promtool check web-config` when present.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

DIR=${EXPORTER_SECRETS_DIR:-$ROOT/infra/exporter/secrets}
NAMES=()
DAYS=825
FORCE=false
USERNAME=prometheus
EXPORTER_UID=10001
SCRAPER_UID=65534
while (($#)); do
  case "$1" in
    --dir) DIR=${2:?--dir needs a directory}; shift 2 ;;
    --name) NAMES+=("${2:?--name needs a DNS name or an IP address}"); shift 2 ;;
    --days) DAYS=${2:?--days needs a number}; shift 2 ;;
    --force) FORCE=true; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "exporter-secrets: unknown argument $1 (--help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$DAYS" =~ ^[0-9]+$ ]] || ((DAYS < 1)); then echo "exporter-secrets: --days: a positive number, not '$DAYS'" >&2; exit 2; fi
command -v openssl >/dev/null || { echo "exporter-secrets: openssl is missing (Debian: apt-get install openssl)" >&2; exit 1; }
command -v htpasswd >/dev/null || { echo "exporter-secrets: htpasswd is missing (Debian: apt-get install apache2-utils; Fedora: httpd-tools)" >&2; exit 1; }

FILES=(ca.crt ca.key exporter.crt exporter.key scrape-password web.yml)
mkdir -p "$DIR"
if ! $FORCE; then
  for f in "${FILES[@]}"; do
    [[ ! -e "$DIR/$f" ]] || { echo "exporter-secrets: $DIR/$f exists; --force replaces the files" >&2; exit 1; }
  done
fi

SAN="DNS:exporter,DNS:infra-monitoring-exporter,DNS:localhost,IP:127.0.0.1"
for n in "${NAMES[@]}"; do
  if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then SAN+=",IP:$n"; else SAN+=",DNS:$n"; fi
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
umask 077
# EC P-256 keys: what the toolkit's own examples use; PKCS#8 PEM, which the exporter reads.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -subj /CN=infra-monitoring-ca -keyout "$TMP/ca.key" -out "$TMP/ca.crt" 2>"$TMP/openssl.log" \
  || { cat "$TMP/openssl.log" >&2; exit 1; }
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=infra-monitoring-exporter \
  -keyout "$TMP/exporter.key" -out "$TMP/exporter.csr" 2>"$TMP/openssl.log" || { cat "$TMP/openssl.log" >&2; exit 1; }
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n' "$SAN" >"$TMP/ext"
openssl x509 -req -in "$TMP/exporter.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -CAcreateserial -days "$DAYS" \
  -extfile "$TMP/ext" -out "$TMP/exporter.crt" 2>"$TMP/openssl.log" || { cat "$TMP/openssl.log" >&2; exit 1; }
# 32 random characters of [A-Za-z0-9], no newline (password_file is read whole).
PASSWORD=$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9')
printf '%s' "${PASSWORD:0:32}" >"$TMP/scrape-password"
HASH=$(htpasswd -niBC 10 "" <"$TMP/scrape-password" | tr -d ':\n')
[[ "$HASH" == "\$2"* ]] || { echo "exporter-secrets: htpasswd gave no bcrypt hash" >&2; exit 1; }
cat >"$TMP/web.yml" <<EOF
# node_exporter's web config file (exporter-toolkit format) for the infra-monitoring exporter, made by
# scripts/exporter-secrets.sh; docs/security.md. Relative paths are relative to this file's directory.
tls_server_config:
  cert_file: exporter.crt
  key_file: exporter.key
  min_version: TLS12
http_server_config:
  headers:
    X-Content-Type-Options: nosniff
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  $USERNAME: $HASH
EOF
chmod 0644 "$TMP/ca.crt" "$TMP/exporter.crt"
chmod 0400 "$TMP/ca.key" "$TMP/exporter.key" "$TMP/scrape-password" "$TMP/web.yml"
for f in "${FILES[@]}"; do rm -f "$DIR/$f"; mv "$TMP/$f" "$DIR/$f"; done

if command -v promtool >/dev/null; then
  promtool check web-config "$DIR/web.yml" >"$TMP/promtool.log" 2>&1 \
    || { cat "$TMP/promtool.log" >&2; echo "exporter-secrets: promtool check web-config refused $DIR/web.yml" >&2; exit 1; }
fi

echo "made in $DIR: ${FILES[*]}"
echo "the certificate names: $SAN; valid $DAYS days"
if [[ $(id -u) -eq 0 ]]; then
  chown "$EXPORTER_UID:$EXPORTER_UID" "$DIR/web.yml" "$DIR/exporter.key"
  chown "$SCRAPER_UID:$SCRAPER_UID" "$DIR/scrape-password"
  echo "owners: web.yml, exporter.key -> $EXPORTER_UID (the exporter); scrape-password -> $SCRAPER_UID (Prometheus, vmagent)"
else
  echo "for compose, give the files to the containers' users (their secrets are bind mounts that keep owner and mode):"
  echo "  sudo chown $EXPORTER_UID:$EXPORTER_UID $DIR/web.yml $DIR/exporter.key && sudo chown $SCRAPER_UID:$SCRAPER_UID $DIR/scrape-password"
fi
cat <<EOF
next:
  compose:     docker compose -f docker-compose.yml -f docker-compose.secure.yml up -d --build
  Kubernetes:  kubectl -n infra-monitoring create secret generic infra-monitoring-web-config \\
                 --from-file=$DIR/web.yml --from-file=$DIR/exporter.crt --from-file=$DIR/exporter.key
               kubectl -n infra-monitoring create secret generic infra-monitoring-scrape \\
                 --from-file=$DIR/ca.crt --from-file=$DIR/scrape-password      # the fleet's vmagent
  by hand:     curl --cacert $DIR/ca.crt -u $USERNAME:"\$(cat $DIR/scrape-password)" https://127.0.0.1:8000/metrics
EOF
