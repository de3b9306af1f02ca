#!/bin/bash
# Tests the Debian package end to end: builds wireshark-plugin-portclass_*.deb
# with cpack, installs it with apt-get (and tshark) into a minbase Debian 12
# "bookworm" chroot made with debootstrap, checks that tshark loads the plugin
# from Wireshark's global plugin folder and annotates a sample capture shipped
# in the package's docs and that tshark -C PortClass finds the profile in the
# global profiles folder, then removes the package and checks that the
# plugin and the profile are gone. Needs root (debootstrap, chroot, mount)
# and the Debian archive.
#
#   tests/package-test.sh [--build-dir DIR] [--chroot DIR] [--mirror URL] [--keep]
#
# --build-dir DIR: a configured build folder that includes cmake/Packaging.cmake
#   (default: build/ of this source tree; configured first if it has no cache).
# --chroot DIR: use DIR as the chroot, bootstrapping it if it is empty, and
#   keep it for the next run (default: a temporary one, removed at exit).
# --mirror URL: the Debian mirror (default: http://deb.debian.org/debian).
# --keep: keep the temporary chroot and logs.
# Ends with one line "package-test: PASS ..." or "package-test: FAIL: ...",
# and exits 0 on PASS, 1 on FAIL, 2 on bad usage.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$source_dir/build"
chroot_dir=""
mirror=http://deb.debian.org/debian
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir) build_dir=$(realpath -m "$2"); shift 2 ;;
    --chroot) chroot_dir=$(realpath -m "$2"); shift 2 ;;
    --mirror) mirror=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "package-test: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "package-test: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

PACKAGE=wireshark-plugin-portclass
DOC_DIR=/usr/share/doc/$PACKAGE
PROFILE_DIR=/usr/share/wireshark/profiles/PortClass
# What tshark in the chroot must print for the client's first packet of each
# conversation of seed-services.pcap (see pcaps/README.md).
SEED_FILTER='tcp.flags.syn==1 && tcp.flags.ack==0 || (udp && dns.flags.response==0)'
SEED_EXPECTED=$'SSH\nTelnet\nSMTP\nWHOIS\nDNS\nDNS\nHTTP\nHTTPS'

work=$(mktemp -d /var/tmp/portclass-package-test.XXXXXX)
logs=$work/logs
mkdir -p "$logs"
root=${chroot_dir:-$work/chroot}
result=""

# Unmounts /proc, removes the temporary folder unless kept, and prints the
# result line last.
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    local status=$?
    if mountpoint -q "$root/proc" 2>/dev/null; then
        umount "$root/proc" || umount -l "$root/proc" || true
    fi
    if [ -z "$result" ]; then
        result="FAIL: stopped by an unexpected error (exit $status)"
        status=1
    fi
    if [ "$keep" -eq 1 ]; then
        echo "package-test: kept $work"
    else
        rm -rf --one-file-system "$work"
    fi
    echo "package-test: $result"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Shows the end of a log, if given, and fails.
fail() {
    if [ -n "${2:-}" ] && [ -s "$2" ]; then
        echo "---- last lines of $2"
        tail -n 25 "$2"
        echo "----"
    fi
    result="FAIL: $1"
    exit 1
}
pass() {
    result="PASS: $1"
    exit 0
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
in_chroot() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

# --- 1. The package ------------------------------------------------------------
t=$(now)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    echo "== Configuring $build_dir"
    cmake -S "$source_dir" -B "$build_dir" >"$logs/cmake.log" 2>&1 || fail "cmake configure failed" "$logs/cmake.log"
fi
[ -f "$build_dir/CPackConfig.cmake" ] ||
    fail "$build_dir has no CPackConfig.cmake: does CMakeLists.txt include cmake/Packaging.cmake?"
echo "== Building the package (cpack -G DEB in $build_dir)"
(cd "$build_dir" && cpack -G DEB) >"$logs/cpack.log" 2>&1 || fail "cpack -G DEB failed" "$logs/cpack.log"
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$logs/cpack.log" | tail -n 1)
{ [ -n "$deb" ] && [ -f "$deb" ]; } || fail "cpack made no .deb" "$logs/cpack.log"
deb_name=$(basename "$deb")
cpack_time=$(elapsed "$t")
echo "   $deb_name (${cpack_time}s)"
dpkg-deb -f "$deb" Package Version Architecture Depends | sed 's/^/   /'

depends=$(dpkg-deb -f "$deb" Depends)
[[ "$depends" == *libwireshark* ]] || fail "the package does not depend on libwireshark: '$depends'"
[[ ! "$depends" =~ (^|[ ,])(tshark|wireshark|wireshark-qt|wireshark-common)([ ,]|$) ]] ||
    fail "the package depends on tshark or wireshark itself: '$depends'"
# (Whole outputs into files, then grep: grep -q closing a pipe early would
# fail the writer under pipefail.)
dpkg-deb -c "$deb" | awk '{ print substr($NF, 2) }' >"$logs/contents.txt"
plugin_path=$(grep '/wireshark/plugins/[0-9.]*/epan/portclass\.so$' "$logs/contents.txt" || true)
[ -n "$plugin_path" ] || fail "the package has no wireshark/plugins/X.Y/epan/portclass.so"
grep -qx "$DOC_DIR/pcaps/seed-services.pcap" "$logs/contents.txt" ||
    fail "the package has no $DOC_DIR/pcaps/seed-services.pcap"
for file in "$PROFILE_DIR/preferences" "$PROFILE_DIR/colorfilters" "$PROFILE_DIR/dfilter_buttons" \
    "$PROFILE_DIR/io_graphs" "$PROFILE_DIR/expert_severity" "$DOC_DIR/docs/images/subtree.png" \
    "$DOC_DIR/docs/handout.md"; do
    grep -qx "$file" "$logs/contents.txt" || fail "the package has no $file"
done

# --- 2. The chroot ------------------------------------------------------------
t=$(now)
if [ -x "$root/usr/bin/apt-get" ]; then
    echo "== Reusing the chroot $root"
    debootstrap_time="reused"
else
    command -v debootstrap >/dev/null || {
        echo "== Installing debootstrap"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; } \
            >"$logs/apt-host.log" 2>&1 || fail "could not install debootstrap" "$logs/apt-host.log"
    }
    echo "== debootstrap --variant=minbase bookworm $root"
    mkdir -p "$root"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
        fail "debootstrap failed" "$logs/debootstrap.log"
    # Security and point-release updates too: the package may have been built
    # against a libwireshark newer than bookworm's first release.
    cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
    debootstrap_time="$(elapsed "$t")s"
fi
echo "   $debootstrap_time"
grep -q '^12\.' "$root/etc/debian_version" 2>/dev/null ||
    fail "$root is not Debian 12 (etc/debian_version: $(cat "$root/etc/debian_version" 2>/dev/null))"
# apt needs name resolution in the chroot.
[ -s "$root/etc/resolv.conf" ] || cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"

# --- 3. Install -----------------------------------------------------------------
t=$(now)
echo "== apt-get install ./$deb_name tshark"
# shellcheck disable=SC2016 # dpkg-query's ${fields}
if [ "$(in_chroot dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null)" = "install ok installed" ]; then
    in_chroot apt-get purge -y -q -o Dpkg::Use-Pty=0 "$PACKAGE" >"$logs/apt-purge.log" 2>&1 ||
        fail "could not remove the package left in the reused chroot" "$logs/apt-purge.log"
fi
rm -rf "$root/tmp/portclass-package"
mkdir -p "$root/tmp/portclass-package"
cp "$deb" "$root/tmp/portclass-package/"
chmod -R a+rX "$root/tmp/portclass-package"
in_chroot apt-get -o Acquire::Check-Valid-Until=false update -q >"$logs/apt-install.log" 2>&1 ||
    fail "apt-get update failed in the chroot" "$logs/apt-install.log"
in_chroot sh -c "cd /tmp/portclass-package && apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 \
    ./${PACKAGE}_*.deb tshark" >>"$logs/apt-install.log" 2>&1 ||
    fail "apt-get install of the package failed" "$logs/apt-install.log"
install_time=$(elapsed "$t")
libwireshark=${depends%% *}
# shellcheck disable=SC2016 # dpkg-query's ${fields}
echo "   ${install_time}s; in the chroot: $(in_chroot dpkg-query -W -f='${Package} ${Version}, ' \
    "$PACKAGE" "$libwireshark" tshark 2>/dev/null | sed 's/, $//')"

# --- 4. Checks ------------------------------------------------------------------
t=$(now)
echo "== Checks"
[ -f "$root$plugin_path" ] || fail "$plugin_path is not installed"
[ "$(in_chroot dpkg-query -S "$plugin_path" 2>/dev/null | cut -d: -f1)" = "$PACKAGE" ] ||
    fail "$plugin_path does not belong to $PACKAGE"

in_chroot tshark -G plugins >"$logs/plugins.txt" 2>"$logs/plugins.err" ||
    fail "tshark -G plugins failed" "$logs/plugins.err"
plugin_line=$(grep -E '^portclass\.so[[:space:]]' "$logs/plugins.txt" || true)
[ -n "$plugin_line" ] || fail "tshark -G plugins does not list portclass.so" "$logs/plugins.txt"
[[ "$plugin_line" == *"$plugin_path"* ]] ||
    fail "tshark loads portclass.so from elsewhere than $plugin_path: $plugin_line"
echo "   tshark -G plugins: $(tr '\t' ' ' <<<"$plugin_line")"

capture=$DOC_DIR/pcaps/seed-services.pcap
in_chroot tshark -n -r "$capture" -Y "$SEED_FILTER" -T fields -e portclass.dst.service \
    >"$logs/seed.txt" 2>"$logs/seed.err" || fail "tshark -r $capture failed" "$logs/seed.err"
if [ "$(cat "$logs/seed.txt")" != "$SEED_EXPECTED" ]; then
    echo "   expected: $(paste -sd ' ' <<<"$SEED_EXPECTED")"
    echo "   got:      $(paste -sd ' ' "$logs/seed.txt")"
    fail "wrong portclass.dst.service values for $capture" "$logs/seed.err"
fi
echo "   tshark -r $capture -e portclass.dst.service: $(paste -sd ' ' "$logs/seed.txt")"
# The plugin reads IANA's names from Wireshark's services file, installed
# with tshark: it warns on stderr when it cannot.
if grep -i portclass "$logs/seed.err"; then
    fail "tshark printed portclass warnings" "$logs/seed.err"
fi

# The PortClass profile, from the global profiles folder: tshark copies it
# into root's personal folder and shows its columns.
in_chroot tshark -C PortClass -n -r "$capture" -c 1 -T psml >"$logs/profile.txt" 2>"$logs/profile.err" ||
    fail "tshark -C PortClass failed" "$logs/profile.err"
grep -q '<section>Server service</section>' "$logs/profile.txt" ||
    fail "tshark -C PortClass does not show the profile's columns" "$logs/profile.txt"
[ -f "$root/root/.config/wireshark/profiles/PortClass/preferences" ] ||
    fail "tshark -C PortClass did not copy the global profile into the personal folder"
rm -rf "$root/root/.config/wireshark/profiles/PortClass"
echo "   tshark -C PortClass: the profile's columns, from $PROFILE_DIR"

# --- 5. Uninstall ---------------------------------------------------------------
echo "== apt-get remove -y $PACKAGE"
in_chroot apt-get remove -y -q -o Dpkg::Use-Pty=0 "$PACKAGE" >"$logs/apt-remove.log" 2>&1 ||
    fail "apt-get remove failed" "$logs/apt-remove.log"
[ ! -e "$root$plugin_path" ] || fail "$plugin_path is still there after apt-get remove"
[ ! -e "$root$DOC_DIR" ] || fail "$DOC_DIR is still there after apt-get remove"
[ ! -e "$root$PROFILE_DIR" ] || fail "$PROFILE_DIR is still there after apt-get remove"
in_chroot tshark -G plugins >"$logs/plugins-after.txt" 2>&1 ||
    fail "tshark -G plugins failed after the removal" "$logs/plugins-after.txt"
! grep -q '^portclass\.so' "$logs/plugins-after.txt" || fail "tshark still lists portclass.so after the removal"
echo "   $plugin_path, $PROFILE_DIR and $DOC_DIR removed; tshark no longer lists portclass.so"
checks_time=$(elapsed "$t")

pass "$deb_name on Debian $(cat "$root/etc/debian_version") (cpack ${cpack_time}s, debootstrap $debootstrap_time, install ${install_time}s, checks and removal ${checks_time}s)"
