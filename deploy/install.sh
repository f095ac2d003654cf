#!/bin/bash
# AfterInstall: move the revision into its own release directory and point `current` at it.
# Keeps the five newest releases for a quick manual rollback.
set -euo pipefail
RELEASES=/opt/runway/releases
RELEASE="$RELEASES/${DEPLOYMENT_ID:?CodeDeploy sets DEPLOYMENT_ID}"
mkdir -p "$RELEASES"
rm -rf "$RELEASE"
mv /opt/runway/incoming "$RELEASE"
if [ -f "$RELEASE/package-lock.json" ]; then
  (cd "$RELEASE" && npm ci --omit=dev --ignore-scripts)
fi
ln -sfn "$RELEASE" /opt/runway/current
chown -R runway:runway "$RELEASE"
ls -1dt "$RELEASES"/* | tail -n +6 | xargs -r rm -rf
