#!/usr/bin/env bash
# Starts a Docker engine when none answers, and waits (bounded) for it.
# If it cannot start, the docker and cluster tiers report SKIPPED with the
# reason; this script says why and does not fail the run.
set -uo pipefail
if docker info >/dev/null 2>&1; then
  echo "ci: docker engine $(docker info --format '{{.ServerVersion}}') answers"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "ci: no dockerd; the docker and cluster tiers will be skipped"
  exit 0
fi
log="${TMPDIR:-/tmp}/dockerd.log"
echo "ci: starting dockerd (log: $log)"
(dockerd >"$log" 2>&1 &)
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "ci: docker engine $(docker info --format '{{.ServerVersion}}') answers"
    exit 0
  fi
  sleep 1
done
echo "ci: dockerd did not answer within 60 s; last log lines:"
tail -n 5 "$log" || true
exit 0
