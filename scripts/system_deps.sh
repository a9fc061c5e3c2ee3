#!/usr/bin/env bash
# Install the system libraries WeasyPrint needs, where they are missing and apt is usable.
set -euo pipefail
needed=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
missing=()
for pkg in "${needed[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} for PDF rendering"
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Note: PDF rendering needs ${missing[*]} (install them with your package manager)." >&2
fi
