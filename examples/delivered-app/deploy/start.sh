#!/bin/bash
# ApplicationStart: (re)start the service the image installed; it runs <root>/current/server.js.
set -euo pipefail
systemctl daemon-reload
systemctl restart runway-app
