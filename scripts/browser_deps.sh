#!/usr/bin/env bash
# Browser tests use Debian's Chromium (Playwright cannot download browsers here) and axe-core.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null || true
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  npm install --silent --no-audit --no-fund >/dev/null 2>&1 || echo "Note: npm could not install axe-core" >&2
fi
