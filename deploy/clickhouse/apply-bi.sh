#!/usr/bin/env bash
# Applies the BI access layer on the docker-compose ClickHouse server, once the projector has
# migrated it (the `bi` views read the `kpi.bi_*` views of the migrations), and again after an
# upgrade that adds or changes a bi_* view. Idempotent.
#
#   docker compose exec clickhouse bash /bi/apply-bi.sh
#
# 1. bi-access.sql: the bi_readonly profile, the roles, the definer and the row policies;
# 2. bi-views.sql: the `bi` database of SQL SECURITY DEFINER views;
# 3. bi_grafana: the read-only head-office user that Grafana's provisioned data source uses
#    (deploy/grafana/provisioning/datasources/clickhouse.yaml), with BI_GRAFANA_PASSWORD.
# The analysts come from the platform's users: `npm run bi:access -- --apply` (docs/bi.md).
set -euo pipefail
: "${CLICKHOUSE_PASSWORD:?set CLICKHOUSE_PASSWORD}"
: "${BI_GRAFANA_PASSWORD:?set BI_GRAFANA_PASSWORD}"
case "$BI_GRAFANA_PASSWORD" in
  *[!A-Za-z0-9._~-]*) echo "BI_GRAFANA_PASSWORD must be URL-safe (letters, digits, . _ ~ -)" >&2; exit 1 ;;
esac
if [ "${#BI_GRAFANA_PASSWORD}" -lt 16 ]; then echo "BI_GRAFANA_PASSWORD must have at least 16 characters" >&2; exit 1; fi
here="$(cd "$(dirname "$0")" && pwd)"
# No password on a command line (any local user could read it in the process list): clickhouse-client
# reads CLICKHOUSE_PASSWORD (and CLICKHOUSE_USER) from its environment; exported for it here. The
# Grafana reader's password goes in on stdin (the here-document below), never as an argument.
export CLICKHOUSE_PASSWORD
ch() { clickhouse-client --user "${CLICKHOUSE_USER:-kpi}" "$@"; }
ch --multiquery < "$here/bi-access.sql"
ch --multiquery < "$here/bi-views.sql"
ch --multiquery <<SQL
CREATE USER IF NOT EXISTS bi_grafana IDENTIFIED WITH sha256_password BY '$BI_GRAFANA_PASSWORD' SETTINGS PROFILE 'bi_readonly';
ALTER USER bi_grafana IDENTIFIED WITH sha256_password BY '$BI_GRAFANA_PASSWORD';
GRANT bi_group_analyst TO bi_grafana;
SQL
echo "BI access applied: profile, roles, row policies, the bi views and bi_grafana"
