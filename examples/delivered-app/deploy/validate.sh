#!/bin/bash
# ValidateService: the new release answers its health check on the application port, the port
# and path the load balancer's target groups check (8080, /health; the check includes the
# database). When the release records its commit, /health must report that commit, so an old
# process still holding the port does not pass. A failure fails the deployment and rolls it back.
# HEALTH_URL, VALIDATE_ATTEMPTS, VALIDATE_INTERVAL and RUNWAY_ROOT exist for the tests.
set -euo pipefail
ROOT="${RUNWAY_ROOT:-/opt/runway}"
URL="${HEALTH_URL:-http://127.0.0.1:8080/health}"
ATTEMPTS="${VALIDATE_ATTEMPTS:-30}"
INTERVAL="${VALIDATE_INTERVAL:-5}"
EXPECTED=""
if [ -f "$ROOT/current/deploy/release.env" ]; then
  EXPECTED="$(sed -n 's/^COMMIT_ID=//p' "$ROOT/current/deploy/release.env")"
fi
for attempt in $(seq 1 "$ATTEMPTS"); do
  if body="$(curl --silent --fail --max-time 2 "$URL")"; then
    if [ -z "$EXPECTED" ] || [[ "$body" == *"\"version\":\"$EXPECTED\""* ]]; then
      echo "healthy after $attempt attempt(s): $body"
      exit 0
    fi
    echo "attempt $attempt: $URL answers for another release: $body"
  fi
  sleep "$INTERVAL"
done
echo "runway-app did not answer $URL healthy for release ${EXPECTED:-unknown}" >&2
exit 1
