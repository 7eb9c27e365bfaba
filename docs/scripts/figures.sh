#!/usr/bin/env bash
# Regenerates the README's figures from a fresh run of the default grid, so that they cannot go
# stale: docs/d_tau.png (the report's D(τ) plot) and docs/report-first-screen.png (report.html's
# first screen in headless Chromium: the verdict and the headline table).
# Usage: docs/scripts/figures.sh [path/to/grokscale] [existing report folder]
# Needs rsvg-convert (librsvg2-bin) and chromium. About two minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(realpath "${1:-.build/release/grokscale}")"
out="${2:-}"
if [[ -z "$out" ]]; then
    out="$(mktemp -d /tmp/grokscale-figures-XXXXXX)/out"
    "$bin" run --in-process --quiet --out "$out"
fi
rsvg-convert -w 1100 -b white "$out/plots/d_tau.svg" -o docs/d_tau.png
browser="$(command -v chromium || command -v chromium-browser)"
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
    --user-data-dir="$(mktemp -d)" --window-size=1100,1000 --screenshot="$PWD/docs/report-first-screen.png" \
    "file://$(realpath "$out/report.html")" 2>/dev/null
python3 - "$out/report.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
f = lambda k: "%.3f" % s[k]["value"] if s[k]["value"] is not None else "n/a"
print("figures: D_pre %s, D_post %s, D_synth(ba) %.3f; docs/d_tau.png and docs/report-first-screen.png written" % (f("D_pre"), f("D_post"), s["D_synth"]["ba"]["value"]))
PY
