#!/usr/bin/env bash
# Builds a grokscale binary to copy to other hosts: the Swift runtime linked in
# (--static-swift-stdlib, so no Swift toolchain is needed where it runs), the numeric kernels
# built for the portable x86-64 baseline (GROKSCALE_PORTABLE=1; results are bit-identical to the
# Haswell build), and the commit compiled in (--version, report provenance).
# The hosts still need Debian's/Ubuntu's libzmq5 and libsqlite3-0 (or run it in the Apptainer
# image, cluster/build/grokscale.def).
# Usage: cluster/build/build-relocatable.sh [output path]   (default dist/grokscale)
# About 2 minutes on 2 cores; a separate build folder (.build-static) keeps the normal build.
set -euo pipefail
cd "$(dirname "$0")/../.."
output="${1:-dist/grokscale}"
commit="$(git rev-parse HEAD 2>/dev/null || true)"
if [[ -n "$commit" ]] && ! git diff --quiet HEAD -- Sources Package.swift 2>/dev/null; then
    echo "build-relocatable: warning: Sources/ or Package.swift have uncommitted changes; the binary says commit $commit" >&2
fi
GROKSCALE_PORTABLE=1 GROKSCALE_GIT_COMMIT="$commit" \
    swift build -c release --static-swift-stdlib --product grokscale --scratch-path .build-static
mkdir -p "$(dirname "$output")"
cp .build-static/release/grokscale "$output"
"$output" --version
echo "build-relocatable: $output ($(du -h "$output" | cut -f1)); needs on the host: $(ldd "$output" | awk '/=>/ {print $1}' | tr '\n' ' ')"
