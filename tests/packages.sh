#!/bin/bash
# Builds the Debian package of portclass for each Debian release, each in a
# chroot of that release against its own libwireshark, and install-tests
# each on its release in a fresh minbase chroot: tests/package-test.sh
# --suite SUITE --build-chroot DIR/SUITE for each SUITE. Needs root
# (debootstrap, chroot, mount) and the Debian archive; takes 2 to 5 minutes
# a release (the longer when its build chroot is made too), which is why CI
# (.ci/run) does not run it.
#
#   tests/packages.sh [--chroots DIR] [--out DIR] [--mirror URL] [--keep] [SUITE...]
#
# SUITE: bullseye (Debian 11, Wireshark 3.4), bookworm (12, 4.0), trixie
#   (13, 4.4), sid (4.6 today); default: all four.
# --chroots DIR: the build chroots are DIR/SUITE, made when missing and kept
#   for the next run; the chroots of tests/matrix.sh --chroots DIR will do
#   (default: temporary ones, removed at exit unless --keep).
# --out DIR: where the packages that pass go (default: build/packages of
#   this source tree).
# --mirror URL: the Debian mirror (default: http://deb.debian.org/debian).
# --keep: keep the temporary build chroots.
# Prints one line per release, "packages: SUITE: PASS: FILE ...",
# "packages: SUITE: FAIL: ..." or "packages: SUITE: UNAVAILABLE: ..." (the
# archive out of reach, sid uninstallable that day), then the Depends line
# of each package made. Exit status: 1 if a release failed, else 3 if one
# was unavailable, else 0; 2 on bad usage.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
chroots=""
out_dir="$source_dir/build/packages"
mirror=http://deb.debian.org/debian
keep=0
suites=()
while [ $# -gt 0 ]; do
    case "$1" in
    --chroots) chroots=$(realpath -m "$2"); shift 2 ;;
    --out) out_dir=$(realpath -m "$2"); shift 2 ;;
    --mirror) mirror=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "packages: unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) suites+=("$1"); shift ;;
    esac
done
[ ${#suites[@]} -gt 0 ] || suites=(bullseye bookworm trixie sid)
[ "$(id -u)" -eq 0 ] || { echo "packages: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

if [ -z "$chroots" ]; then
    chroots=$(mktemp -d /var/tmp/portclass-packages.XXXXXX)
    if [ $keep -eq 1 ]; then
        echo "packages: build chroots in $chroots (kept)"
    else
        trap 'rm -rf --one-file-system "$chroots"' EXIT
    fi
fi
mkdir -p "$chroots" "$out_dir"

failed=0
unavailable=0
results=()
made=()
for suite in "${suites[@]}"; do
    echo "== packages: $suite"
    log=$(mktemp /var/tmp/portclass-packages-log.XXXXXX)
    status=0
    "$source_dir/tests/package-test.sh" --suite "$suite" --build-chroot "$chroots/$suite" \
        --out "$out_dir" --mirror "$mirror" 2>&1 | tee "$log" || status=$?
    line=$(sed -n 's/^package-test: \(PASS\|FAIL\|UNAVAILABLE\)/\1/p' "$log" | tail -n 1)
    rm -f "$log"
    [ -n "$line" ] || line="FAIL: tests/package-test.sh stopped without a result (exit $status)"
    results+=("packages: $suite: $line")
    case $status in
    0) made+=("$(sed -n 's/^PASS: \([^ ]*\.deb\) .*/\1/p' <<<"$line")") ;;
    3) unavailable=1 ;;
    *) failed=1 ;;
    esac
done

printf '%s\n' "${results[@]}"
for deb in "${made[@]}"; do
    { [ -n "$deb" ] && [ -f "$out_dir/$deb" ]; } || continue
    echo "packages: $out_dir/$deb"
    echo "    Depends: $(dpkg-deb -f "$out_dir/$deb" Depends)"
done
[ $failed -eq 0 ] || exit 1
[ $unavailable -eq 0 ] || exit 3
