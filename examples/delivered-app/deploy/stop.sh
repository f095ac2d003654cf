#!/bin/bash
# ApplicationStop: stop the running release, if any (a fresh instance has none). CodeDeploy runs
# this hook from the previously deployed revision.
set -euo pipefail
if systemctl list-unit-files runway-app.service >/dev/null 2>&1; then
  systemctl stop runway-app || true
fi
