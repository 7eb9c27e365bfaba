#!/usr/bin/env bash
# CI: the relocatable binary (cluster/build/build-relocatable.sh) copied to a bare folder runs a
# small sweep — in process, and with a coordinator and local worker processes — while the Swift
# toolchain's folder is hidden (a private mount namespace with an empty tmpfs over it). The
# reports equal the normal build's byte for byte (the portable x86-64 kernels compute the same
# bits as the Haswell ones), and the normal build, hidden the same way, does not start (127),
# which shows the hiding works.
# Usage: cluster/ci/relocatable-smoke.sh RELOCATABLE_BINARY [NORMAL_BINARY]   (needs root: unshare -m)
set -euo pipefail
cd "$(dirname "$0")/../.."
relocatable="$(realpath "${1:?usage: relocatable-smoke.sh RELOCATABLE_BINARY [NORMAL_BINARY]}")"
normal="$(realpath "${2:-.build/release/grokscale}")"
toolchain="$(dirname "$(dirname "$(dirname "$(realpath "$(command -v swift)")")")")"   # e.g. /opt/swift
[[ -d "$toolchain/usr/lib/swift" ]] || { echo "relocatable-smoke: cannot find the toolchain folder (got $toolchain)" >&2; exit 1; }
work="$(mktemp -d /tmp/grokscale-relocatable-XXXXXX)"
trap 'status=$?; [[ $status -eq 0 ]] && rm -rf "$work" || echo "relocatable-smoke: kept $work" >&2; exit $status' EXIT
mkdir -p "$work/bin"
cp "$relocatable" "$work/bin/grokscale"
grid=(--set 'widths=[20,30,50]' --set seeds=2 --set 'topologies=["ba"]' --set analysis.bootstrap_resamples=200)
export GROKSCALE_GIT_COMMIT=0000000000000000000000000000000000000000   # the same provenance for both builds

# Reference: the normal build, toolchain visible.
"$normal" run --in-process --quiet --out "$work/reference" "${grid[@]}"

hidden() {  # runs "$@" with the toolchain folder hidden; prints what the folder looks like there
    unshare -m bash -c 'mount -t tmpfs none "$0" && "${@}"' "$toolchain" "$@"
}
hidden test ! -e "$toolchain/usr/lib/swift/linux/libswiftCore.so" || { echo "relocatable-smoke: the toolchain is not hidden" >&2; exit 1; }
set +e
hidden "$normal" --version >/dev/null 2>&1
normal_status=$?
set -e
[[ $normal_status -eq 127 ]] || { echo "relocatable-smoke: the normal build started with the toolchain hidden (status $normal_status): is it hidden?" >&2; exit 1; }
echo "relocatable-smoke: the normal build exits 127 with $toolchain hidden, as expected"

hidden "$work/bin/grokscale" --version
hidden "$work/bin/grokscale" run --in-process --quiet --out "$work/in-process" "${grid[@]}"
hidden "$work/bin/grokscale" run --workers 2 --quiet --out "$work/distributed" "${grid[@]}"
cmp "$work/reference/report.json" "$work/in-process/report.json"
cmp "$work/reference/report.json" "$work/distributed/report.json"
# The register-blocked dense kernels (modadd's quadratic network, the hinge MLP of parity), in
# float64 and float32, and the seeds' tasks (ising's deep classifier with dropout, teacher's erf
# and Langevin noise, the ball): the portable x86-64 build and the Haswell build give the same
# report bytes.
dense_grids=(
    "modadd --preset modadd --set widths=[24,33,41] --set seeds=2 --set weight_decays=[2] --set training.epochs=200"
    "parity --preset parity --set widths=[17,26,37] --set seeds=2 --set training.epochs=60"
    "modadd-float32 --preset modadd --set widths=[24,33,41] --set seeds=2 --set weight_decays=[2] --set training.epochs=200 --set training.precision=\"float32\""
    "parity-float32 --preset parity --set widths=[17,26,37] --set seeds=2 --set training.epochs=60 --set training.precision=\"float32\""
    "ising --preset ising --set widths=[8,10,12] --set seeds=1 --set training.epochs=40 --set task.ising_per_level=2 --set task.ising_test_per_level=2 --set training.snapshot_interval=5 --set analysis.window=20"
    "teacher --preset teacher --set widths=[4,6,8] --set seeds=1 --set training.epochs=200 --set training.snapshot_interval=20 --set analysis.window=100"
    "ball --preset ball --set seeds=50"
)
for grid_line in "${dense_grids[@]}"; do
    read -r -a words <<<"$grid_line"
    name="${words[0]}"
    dense_args=("${words[@]:1}")
    "$normal" run --in-process --quiet --out "$work/$name-reference" "${dense_args[@]}" --set analysis.bootstrap_resamples=200
    hidden "$work/bin/grokscale" run --in-process --quiet --out "$work/$name-portable" "${dense_args[@]}" --set analysis.bootstrap_resamples=200
    cmp "$work/$name-reference/report.json" "$work/$name-portable/report.json"
    echo "relocatable-smoke: $name: the portable build's report equals the Haswell build's byte for byte"
done
size="$(du -h "$work/bin/grokscale" | cut -f1)"
echo "relocatable-smoke: passed: the $size binary ran in-process and distributed sweeps with $toolchain hidden; reports identical to the normal build's"
echo "relocatable-smoke: it links: $(ldd "$work/bin/grokscale" | awk '/=>/ {print $1}' | tr '\n' ' ')"
