#!/usr/bin/env bash
# A throwaway CA and a server certificate for 127.0.0.1 it signed (P-256,
# valid two days), for local TLS servers: the test PostgreSQL
# (scripts/services.sh) and the HTTPS benchmark's nginx (bench/common.sh).
#   scripts/make-certificates.sh DIR   writes DIR/ca.pem, DIR/server.crt, DIR/server.key
set -euo pipefail
d="$1"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=throng test CA" \
  -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$d/san.ext"
openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
  -extfile "$d/san.ext" -out "$d/server.crt" 2>/dev/null
chmod 600 "$d/server.key"
