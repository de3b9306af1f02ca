#!/bin/bash
# Wireshark's own test suites against the installed Wireshark, once without
# portclass and once with the plugin from a build tree. Fails when a test
# that passes without the plugin fails with it (tests/wireshark_suite.py:
# how the two plugin setups are made, and the few exact-dump tests that are
# checked by removing portclass's own output instead).
#
#   tests/wireshark-suite.sh [--build-dir DIR | --plugin FILE] [--source DIR]
#                            [--keep] [SUITE...]
#
# Downloads the Debian source package of the installed Wireshark version
# (apt-get source; when apt knows no deb-src entry, a private apt
# configuration with deb-src twins of the system's deb entries is used, the
# system's is not changed) into a temporary folder, unpacks it there and
# fixes the 4.0 harness for Python 3.11 in that copy. --source DIR takes the
# test/ folder of an unpacked source tree instead of downloading (copied,
# not changed). --keep keeps the temporary folder (pytest logs, JUnit
# files). --build-dir defaults to build/. SUITE defaults to the suites
# listed in tests/wireshark_suite.py.
#
# Wireshark 4.0 and later only: tests/wireshark_suite.py is made for the
# pytest harness and the exact-dump tests of 4.0 to 4.6 (patch_harness,
# EXCEPTIONS) and has not been adapted to Wireshark 3.4's. For 3.4 (Debian
# 11) the script says so and exits 3 (UNAVAILABLE) before downloading
# anything, rather than report failures that would say nothing about
# portclass.
#
# Needs python3-pytest, dpkg-dev and util-linux's unshare; as root, missing
# packages are installed. A normal user needs unprivileged user namespaces
# (Debian's default). Exit status: 0 no test harmed, 1 a test harmed (or an
# exception not verified), 2 a setup error, 3 the source package could not
# be downloaded or the installed Wireshark is older than 4.0.
set -euo pipefail

cd "$(dirname "$0")/.."
source_dir=$(pwd)
build_dir=build
plugin=""
ws_source=""
keep=0
suites=()
while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --plugin) plugin=$2; shift 2 ;;
    --source) ws_source=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,32p' "$0"; exit 0 ;;
    -*) echo "wireshark-suite: unknown option $1" >&2; exit 2 ;;
    *) suites+=("$1"); shift ;;
    esac
done
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8

say() { echo "wireshark-suite: $*"; }
fail() { echo "wireshark-suite: $*" >&2; exit 2; }

if [ -z "$plugin" ]; then
    plugin=$(find "$build_dir/plugins" -name portclass.so -print -quit 2>/dev/null || true)
    [ -n "$plugin" ] || fail "no portclass.so under $build_dir/plugins: build first, or give --plugin"
fi
[ -f "$plugin" ] || fail "$plugin: no such file"
plugin=$(realpath "$plugin")

command -v tshark >/dev/null || fail "tshark is not installed"
ws_version=$(tshark --version 2>/dev/null | head -n 1 | awk '{print $3}')
ws_version=${ws_version%.}
case $ws_version in
[0-3].*)
    echo "wireshark-suite: UNAVAILABLE: Wireshark $ws_version's own tests are not run:" \
        "tests/wireshark_suite.py knows the harness of Wireshark 4.0 and later only" >&2
    exit 3
    ;;
esac

# Dependencies.
missing=()
python3 -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
command -v dpkg-source >/dev/null || [ -n "$ws_source" ] || missing+=(dpkg-dev)
command -v unshare >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || fail "missing packages, install them first: apt-get install ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
        --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/portclass-wireshark-suite.XXXXXX")
chmod 755 "$work"
if [ $keep -eq 1 ]; then
    say "keeping $work"
else
    trap 'rm -rf --one-file-system "$work"' EXIT
fi

package=$(dpkg-query -W -f='${source:Package}' tshark)
version=$(dpkg-query -W -f='${source:Version}' tshark)

# Writes an apt configuration into $1 that reads deb-src twins of the
# system's deb entries, with lists and caches of its own.
private_apt() {
    local dir=$1 file
    mkdir -p "$dir/sources.list.d" "$dir/lists/partial" "$dir/cache/archives/partial"
    : >"$dir/sources.list"
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$file" >>"$dir/sources.list"
    done
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        sed 's/^Types:.*/Types: deb-src/' "$file" >"$dir/sources.list.d/$(basename "$file")"
    done
    cat >"$dir/apt.conf" <<EOF
Dir::Etc::SourceList "$dir/sources.list";
Dir::Etc::SourceParts "$dir/sources.list.d";
Dir::State::Lists "$dir/lists";
Dir::Cache "$dir/cache";
EOF
}

fetch_source() {
    local dir=$work/download
    local apt=(apt-get -q)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || apt+=(-o APT::Sandbox::User=root)
    if (cd "$dir" && "${apt[@]}" source --download-only "$package=$version") >"$work/apt.log" 2>&1; then
        return 0
    fi
    say "apt has no source entry for $package $version; trying a private deb-src configuration"
    private_apt "$work/apt"
    apt+=(-c "$work/apt/apt.conf" -o Acquire::Check-Valid-Until=false)
    "${apt[@]}" update >>"$work/apt.log" 2>&1 &&
        (cd "$dir" && "${apt[@]}" source --download-only "$package=$version") >>"$work/apt.log" 2>&1
}

tree=$work/wireshark
if [ -n "$ws_source" ]; then
    [ -d "$ws_source/test" ] || fail "$ws_source has no test/ folder"
    mkdir -p "$tree"
    cp -r "$ws_source/test" "$tree/"
    [ ! -f "$ws_source/pytest.ini" ] || cp "$ws_source/pytest.ini" "$tree/"
    say "Wireshark $ws_version, tests from $ws_source"
    label="Wireshark $ws_version, tests from $ws_source"
else
    start=$SECONDS
    if ! fetch_source; then
        tail -n 5 "$work/apt.log" >&2
        echo "wireshark-suite: UNAVAILABLE: could not download the source of $package $version" >&2
        exit 3
    fi
    dpkg-source -x "$work"/download/*.dsc "$tree" >"$work/dpkg-source.log" 2>&1 ||
        { tail -n 5 "$work/dpkg-source.log" >&2; fail "could not unpack the source package"; }
    rm -rf "$work/download"
    say "Wireshark $ws_version, source package $package $version (download and unpack: $((SECONDS - start)) s)"
    label="Wireshark $ws_version, tests from its source package $package $version"
fi

status=0
python3 "$source_dir/tests/wireshark_suite.py" --source "$tree" --plugin "$plugin" \
    --work "$work/run" --version-label "$label" \
    ${suites[@]+"${suites[@]}"} || status=$?
exit $status
