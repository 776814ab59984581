#!/usr/bin/env bash
# Local Apache Kafka 4.x broker (KRaft, one node, 127.0.0.1) for development.
#   bash scripts/kafka.sh fetch|start|stop|status   (fetch: only download the jars)
# Data in .data/kafka, bootstrap 127.0.0.1:9092 (KAFKA_PORT overrides; also KAFKA_CONTROLLER_PORT,
# KAFKA_DATA_DIR, KAFKA_HEAP_MB, KAFKA_JVM_OPTS). Jars come from Maven Central into .cache/kafka/<version>/libs
# on first start (needs java 17+ and mvn). Same code path as the integration tests:
# libs/infra/src/kafka-broker.ts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

case "${1:-}" in
  fetch | start | stop | status) ;;
  *)
    echo "usage: bash scripts/kafka.sh fetch|start|stop|status" >&2
    exit 2
    ;;
esac

exec "$ROOT/node_modules/.bin/ts-node" --project "$ROOT/tsconfig.json" --transpile-only \
  -r tsconfig-paths/register "$ROOT/scripts/kafka.ts" "$1"
