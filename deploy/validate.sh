#!/bin/bash
# ValidateService: the release answers its health check on the application port, the one the
# load balancer's target group checks. A failure here fails the deployment and rolls it back.
set -euo pipefail
for attempt in $(seq 1 30); do
  if curl --silent --fail --max-time 2 http://127.0.0.1:8080/health >/dev/null; then
    echo "healthy after $attempt attempt(s)"
    exit 0
  fi
  sleep 5
done
echo "runway-app did not answer /health on :8080" >&2
exit 1
