#!/bin/sh
# The nightly run: `notices ingest` over $NOTICES_INBOX with the settings of
# /etc/notices/notices.env (or $NOTICES_ENV_FILE); exits with notices' own code
# (0 all stored, 1 some files failed, 2 usage error). Called under flock by the
# cron line and the systemd service (deploy/README.md).
set -eu
env_file=${NOTICES_ENV_FILE:-/etc/notices/notices.env}
if [ -r "$env_file" ]; then
    set -a
    . "$env_file"
    set +a
fi
if [ -z "${NOTICES_INBOX:-}" ]; then
    echo "nightly.sh: NOTICES_INBOX is not set (in $env_file)" >&2
    exit 2
fi
notices=${NOTICES_BIN:-/opt/notices/.venv/bin/notices}
# several folders separated by ':' (like PATH), so a folder name may hold spaces
set -f
old_ifs=$IFS
IFS=:
# shellcheck disable=SC2086
set -- $NOTICES_INBOX
IFS=$old_ifs
# options split on spaces: --workers 2 --claim-lease 900
# shellcheck disable=SC2086
exec "$notices" ingest --log-format "${NOTICES_LOG_FORMAT:-json}" ${NOTICES_INGEST_OPTIONS:-} "$@"
