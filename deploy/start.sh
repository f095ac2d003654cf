#!/bin/bash
# ApplicationStart: (re)start the service the image installed.
set -euo pipefail
systemctl daemon-reload
systemctl restart runway-app
