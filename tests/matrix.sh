#!/bin/bash
# Builds portclass and runs its whole test suite against Wireshark 3.4
# (Debian 11 "bullseye"), 4.4 (Debian 13 "trixie") and 4.6 (Debian "sid"),
# each in a minbase debootstrap chroot this script creates, besides the
# native build (Wireshark 4.0 on Debian 12). Needs root (debootstrap,
# chroot) and network access to the Debian archive.
#
#   tests/matrix.sh [--chroots DIR] [--keep] [--prepare-only] [--wireshark-suite]
#                   [SUITE...]
#
# SUITE defaults to "bullseye trixie sid". --chroots DIR keeps the chroots
# in DIR and reuses them on the next run (default: a temporary folder
# removed at exit unless --keep). --prepare-only makes (or refreshes) the
# chroots of DIR and stops there, printing "matrix: SUITE: chroot ready" or
# "matrix: SUITE: UNAVAILABLE (...)" per suite: .ci/run makes them while
# the native tests run, then runs the matrix in them. ctest runs in the
# build folder (bullseye's CMake 3.18 has no ctest --test-dir), as many
# tests at once as the machine has processors, then tests/harness-checks.sh
# (the test harness on that release's Wireshark). --wireshark-suite also
# runs tests/wireshark-suite.sh in
# each chroot after its tests pass: Wireshark's own tests from that suite's
# source package, without and with the plugin (WIRESHARK_SUITES, if set,
# names the Wireshark test suites to run); for Wireshark 3.4 that script
# reports UNAVAILABLE at once (see there). Prints one line per suite:
# "matrix: SUITE (Wireshark X.Y.Z): PASS|FAIL|UNAVAILABLE", and with
# --wireshark-suite "matrix: SUITE: Wireshark's own tests: PASS|FAIL|
# UNAVAILABLE (why)". Exit status: 1 if a suite failed to build or pass its
# tests (or Wireshark's own tests), else 3 if a chroot could not be made
# (the archive unreachable, a package uninstallable in sid that day) or
# Wireshark's own tests could not run (the source package could not be
# downloaded, Wireshark 3.4), else 0.
set -euo pipefail

cd "$(dirname "$0")/.."
source_dir=$(pwd)
chroots=""
keep=0
wireshark_suite=0
prepare_only=0
suites=()
while [ $# -gt 0 ]; do
    case "$1" in
    --chroots) chroots=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --wireshark-suite) wireshark_suite=1; shift ;;
    --prepare-only) prepare_only=1; shift ;;
    -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
    *) suites+=("$1"); shift ;;
    esac
done
[ ${#suites[@]} -gt 0 ] || suites=(bullseye trixie sid)
[ "$(id -u)" -eq 0 ] || { echo "matrix: needs root (debootstrap, chroot)" >&2; exit 2; }

if [ -z "$chroots" ]; then
    [ $prepare_only -eq 0 ] || { echo "matrix: --prepare-only needs --chroots DIR" >&2; exit 2; }
    chroots=$(mktemp -d /var/tmp/portclass-matrix.XXXXXX)
    [ $keep -eq 1 ] || trap 'rm -rf --one-file-system "$chroots"' EXIT
fi
mkdir -p "$chroots"

command -v debootstrap >/dev/null || {
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
}

# parallel: the Large captures test; wireshark (the Qt window), xvfb, xauth and
# xdotool: the test that loads the PortClass profile's I/O graphs into the
# window of that Wireshark version.
PACKAGES="wireshark-dev tshark cmake make gcc libc6-dev pkg-config libglib2.0-dev python3 python3-scapy
    parallel wireshark xvfb xauth xdotool"
# What tests/wireshark-suite.sh needs besides (downloading and unpacking the
# source package, Wireshark's pytest harness).
SUITE_PACKAGES="python3-pytest dpkg-dev"

# Creates (or refreshes) a chroot with Wireshark and the build tools; a
# reused chroot gets the packages of PACKAGES it lacks.
prepare_chroot() {
    local suite=$1 root=$2 package missing=""
    if [ ! -x "$root/usr/bin/tshark" ]; then
        debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >"$root.log" 2>&1 ||
            { tail -n 20 "$root.log"; return 1; }
        missing=$PACKAGES
    else
        for package in $PACKAGES; do
            chroot "$root" dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
                grep -q "install ok installed" || missing="$missing $package"
        done
    fi
    if [ -n "$missing" ]; then
        # sid's Release file may be older than its Valid-Until by the time it is read.
        chroot "$root" apt-get -o Acquire::Check-Valid-Until=false update -q >>"$root.log" 2>&1
        chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends $missing >>"$root.log" 2>&1 ||
            { tail -n 20 "$root.log"; return 1; }
    fi
    if [ $wireshark_suite -eq 1 ] && ! chroot "$root" python3 -c 'import pytest' 2>/dev/null; then
        chroot "$root" apt-get -o Acquire::Check-Valid-Until=false update -q >>"$root.log" 2>&1
        chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends $SUITE_PACKAGES >>"$root.log" 2>&1 ||
            { tail -n 20 "$root.log"; return 1; }
    fi
}

# Copies the tracked source files into the chroot, builds and runs ctest.
build_and_test() {
    local root=$1
    rm -rf "$root/src" && mkdir -p "$root/src"
    git -C "$source_dir" ls-files -z | (cd "$source_dir" && xargs -0 tar -cf - --) | tar -xf - -C "$root/src"
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    local status=0
    chroot "$root" sh -c 'cd /src && cmake -S . -B build -DPORTCLASS_WERROR=ON >/dev/null &&
        cmake --build build --parallel && (cd build && ctest --output-on-failure -j "$(nproc)") &&
        tests/harness-checks.sh build' ||
        status=1
    umount "$root/proc" || true
    return $status
}

# Runs Wireshark's own tests in the chroot (after build_and_test). The
# script makes a private mount namespace, which needs the chroot's root to
# be a mount point: it is bound onto itself for the run.
wireshark_suite_in() {
    local root=$1 status=0
    mount --bind "$root" "$root"
    mount --make-private "$root"
    mount -t proc proc "$root/proc"
    chroot "$root" sh -c 'cd /src && tests/wireshark-suite.sh --build-dir build ${WIRESHARK_SUITES:-}' \
        2>&1 | tee "$root.wireshark-suite.log" || status=$?
    umount "$root/proc" || true
    umount "$root" || true
    return $status
}

failed=0
unavailable=0
results=()
for suite in "${suites[@]}"; do
    root="$chroots/$suite"
    echo "== matrix: $suite"
    version="?"
    if ! prepare_chroot "$suite" "$root"; then
        results+=("matrix: $suite: UNAVAILABLE (could not create the chroot, see $root.log)")
        unavailable=1
        continue
    fi
    if [ $prepare_only -eq 1 ]; then
        results+=("matrix: $suite: chroot ready")
        continue
    fi
    version=$(chroot "$root" tshark --version 2>/dev/null | head -n 1 | awk '{print $3}')
    if build_and_test "$root"; then
        results+=("matrix: $suite (Wireshark ${version%.}): PASS")
    else
        results+=("matrix: $suite (Wireshark ${version%.}): FAIL")
        failed=1
        continue
    fi
    [ $wireshark_suite -eq 1 ] || continue
    start=$SECONDS
    status=0
    wireshark_suite_in "$root" || status=$?
    case $status in
    0) verdict=PASS ;;
    3)
        # The reason the script gave, such as the source package not downloaded.
        why=$(sed -n 's/^wireshark-suite: UNAVAILABLE: //p' "$root.wireshark-suite.log" | tail -n 1)
        verdict="UNAVAILABLE (${why:-see $root.wireshark-suite.log})"
        unavailable=1
        ;;
    *) verdict=FAIL; failed=1 ;;
    esac
    results+=("matrix: $suite: Wireshark's own tests: $verdict ($((SECONDS - start)) s)")
done
printf '%s\n' "${results[@]}"
[ $failed -eq 0 ] || exit 1
[ $unavailable -eq 0 ] || exit 3
