#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them.
# Used by the README's quick start and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# The HTML view is tested in a real browser (Debian's chromium, driven by Playwright; no browser
# download) and its screenshot needs a font with Chinese glyphs.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; } || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
            || echo "warning: could not install ${missing[*]}; browser tests may be skipped" >&2
    else
        echo "warning: ${missing[*]} not installed; browser tests may be skipped" >&2
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test,distributed]'
exec .venv/bin/python -m pytest -q "$@"
