#!/bin/sh
# Entrypoint of the PostgreSQL services in docker-compose.yml: starts the official image's
# entrypoint with TLS. PostgreSQL refuses a private key that the server user cannot read or
# that others can; a bind mount keeps the host's owner and mode, so the certificate and key
# from POSTGRES_TLS_DIR (mounted read-only at /tls) are copied to a directory owned by the
# `postgres` user first. The copies live in the container, not in the data volume.
set -eu

for file in server.crt server.key; do
    if [ ! -r "/tls/$file" ]; then
        echo "tls-entrypoint: no readable $file in POSTGRES_TLS_DIR (see .env.example)" >&2
        exit 1
    fi
done
install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/tls
install -o postgres -g postgres -m 0644 /tls/server.crt /var/lib/postgresql/tls/server.crt
install -o postgres -g postgres -m 0600 /tls/server.key /var/lib/postgresql/tls/server.key
exec docker-entrypoint.sh "$@"
