#!/bin/bash
# Tests the Debian package of one Debian release end to end: builds
# wireshark-plugin-portclass_*.deb with cpack against that release's
# libwireshark, installs it with apt-get (and tshark) into a minbase chroot
# of the release made with debootstrap, checks that tshark loads the plugin
# from Wireshark's global plugin folder and annotates a sample capture
# shipped in the package's docs and that tshark -C PortClass finds the
# profile in the global profiles folder, then removes the package and checks
# that the plugin and the profile are gone. Needs root (debootstrap, chroot,
# mount) and the Debian archive.
#
#   tests/package-test.sh [--suite SUITE] [--build-dir DIR | --build-chroot DIR | --deb FILE]
#                         [--out DIR] [--chroot DIR] [--mirror URL] [--keep]
#
# --suite SUITE: the release to build for and install on: bullseye (11),
#   bookworm (12, the default), trixie (13) or sid.
# --build-dir DIR: build the package on this machine, in DIR, a configured
#   build folder that includes cmake/Packaging.cmake (default: build/ of this
#   source tree; configured first if it has no cache). This machine must run
#   SUITE.
# --build-chroot DIR: build the package inside DIR, a chroot of SUITE (made
#   with debootstrap if DIR has none and kept; wireshark-dev, cmake, gcc and
#   the rest installed into it when missing, those of the release's own
#   Wireshark when the development packages of its updates cannot be
#   fetched): the source files tracked by git are copied into its
#   /var/tmp/portclass-package-build/src and built in
#   /var/tmp/portclass-package-build/build. A chroot made by
#   tests/matrix.sh --chroots DIR will do.
# --deb FILE: test FILE instead of building a package.
# --out DIR: copy the package into DIR once it has passed.
# --chroot DIR: install into DIR, a chroot of SUITE, bootstrapping it if it
#   is empty, and keep it for the next run (default: a fresh temporary one,
#   removed at exit).
# --mirror URL: the Debian mirror (default: http://deb.debian.org/debian).
# --keep: keep the temporary chroot and logs.
# Ends with one line "package-test: PASS: ...", "package-test: FAIL: ..." or
# "package-test: UNAVAILABLE: ..." (a chroot could not be made or updated:
# the archive out of reach, sid uninstallable that day), and exits 0 on
# PASS, 1 on FAIL, 2 on bad usage, 3 on UNAVAILABLE.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
suite=bookworm
build_dir="$source_dir/build"
build_chroot=""
given_deb=""
out_dir=""
chroot_dir=""
mirror=http://deb.debian.org/debian
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --suite) suite=$2; shift 2 ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift 2 ;;
    --build-chroot) build_chroot=$(realpath -m "$2"); shift 2 ;;
    --deb) given_deb=$(realpath -m "$2"); shift 2 ;;
    --out) out_dir=$(realpath -m "$2"); shift 2 ;;
    --chroot) chroot_dir=$(realpath -m "$2"); shift 2 ;;
    --mirror) mirror=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,39p' "$0"; exit 0 ;;
    *) echo "package-test: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
# Per release: what its etc/debian_version matches, and the tag that ends
# the version of a package built on it (cmake/Packaging.cmake).
case "$suite" in
bullseye) release_re='^11\.' tag=deb11 ;;
bookworm) release_re='^12\.' tag=deb12 ;;
trixie) release_re='^13\.' tag=deb13 ;;
sid) release_re='/sid$' tag=sid ;;
*) echo "package-test: unknown suite: $suite (bullseye, bookworm, trixie or sid)" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "package-test: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
[ -z "$given_deb" ] || [ -f "$given_deb" ] || { echo "package-test: no such file: $given_deb" >&2; exit 2; }

PACKAGE=wireshark-plugin-portclass
DOC_DIR=/usr/share/doc/$PACKAGE
PROFILE_DIR=/usr/share/wireshark/profiles/PortClass
# Its Japanese variant, installed beside it.
PROFILE_JA_DIR=/usr/share/wireshark/profiles/PortClass-ja
# What a build chroot needs to build the package, and where in it the
# package is built. tshark: from Wireshark 4.4 on the build takes the IANA
# registry to build in from "tshark -G services"; python3 makes the
# service tables (cmake/ServiceData.cmake).
BUILD_PACKAGES="wireshark-dev tshark cmake make gcc libc6-dev pkg-config libglib2.0-dev python3"
# Wireshark 3.4's WiresharkConfig.cmake fails when the extcap folder, which
# wireshark-common installs, is missing.
[ "$suite" != bullseye ] || BUILD_PACKAGES="$BUILD_PACKAGES wireshark-common"
CHROOT_BUILD=/var/tmp/portclass-package-build
# What tshark in the chroot must print for the client's first packet of each
# conversation of seed-services.pcap (see pcaps/README.md). Parenthesised:
# before 4.0, "and" does not bind tighter than "or".
SEED_FILTER='(tcp.flags.syn==1 && tcp.flags.ack==0) || (udp && dns.flags.response==0)'
SEED_EXPECTED=$'SSH\nTelnet\nSMTP\nWHOIS\nDNS\nDNS\nHTTP\nHTTPS'

work=$(mktemp -d /var/tmp/portclass-package-test.XXXXXX)
logs=$work/logs
mkdir -p "$logs"
root=${chroot_dir:-$work/chroot}
result=""
# The /proc mounts this script made, unmounted at exit (a build chroot's
# /proc mounted by someone else stays).
mounted=()

# Unmounts what this script mounted, removes the temporary folder unless
# kept, and prints the result line last.
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    local status=$? mount_point
    for mount_point in "${mounted[@]}"; do
        umount "$mount_point" || umount -l "$mount_point" || true
    done
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

# Shows the end of the log $2, if given.
show_log() {
    if [ -n "${1:-}" ] && [ -s "$1" ]; then
        echo "---- last lines of $1"
        tail -n 25 "$1"
        echo "----"
    fi
}
fail() {
    show_log "${2:-}"
    result="FAIL: $1"
    exit 1
}
# What is not this code's fault: the archive out of reach, sid broken.
unavailable() {
    show_log "${2:-}"
    result="UNAVAILABLE: $1"
    exit 3
}
pass() {
    result="PASS: $1"
    exit 0
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Runs a command in the chroot $1, with a clean environment.
in_root() {
    local dir=$1
    shift
    chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
in_chroot() { in_root "$root" "$@"; }
# Mounts /proc in the chroot $1 unless it is mounted already.
mount_proc() {
    mountpoint -q "$1/proc" && return 0
    mount -t proc proc "$1/proc"
    mounted+=("$1/proc")
}

# Makes a minbase chroot of $suite in $1, with the release's updates, unless
# it has one already, and checks that it is that release. $2: the log.
bootstrap() {
    local dir=$1 log=$2
    if [ ! -x "$dir/usr/bin/apt-get" ]; then
        command -v debootstrap >/dev/null || {
            echo "== Installing debootstrap"
            { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; } \
                >"$logs/apt-host.log" 2>&1 || unavailable "could not install debootstrap" "$logs/apt-host.log"
        }
        echo "== debootstrap --variant=minbase $suite $dir"
        mkdir -p "$dir"
        debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$log" 2>&1 ||
            unavailable "debootstrap $suite failed" "$log"
        # Security and point-release updates too: the package may have been
        # built against a libwireshark newer than the release's first one.
        echo "deb $mirror $suite main" >"$dir/etc/apt/sources.list"
        if [ "$suite" != sid ]; then
            {
                echo "deb $mirror $suite-updates main"
                echo "deb ${mirror%/debian}/debian-security $suite-security main"
            } >>"$dir/etc/apt/sources.list"
        fi
    fi
    grep -qE "$release_re" "$dir/etc/debian_version" 2>/dev/null ||
        fail "$dir is not $suite (etc/debian_version: $(cat "$dir/etc/debian_version" 2>/dev/null))"
    # apt needs name resolution in the chroot.
    [ -s "$dir/etc/resolv.conf" ] || cp /etc/resolv.conf "$dir/etc/resolv.conf"
}

# Copies the source files tracked by git (all of them outside a git
# checkout, but build/ and .git/) into the folder $1.
copy_sources() {
    local git=(git -c safe.directory="$source_dir" -C "$source_dir")
    mkdir -p "$1"
    if "${git[@]}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        "${git[@]}" ls-files -z | (cd "$source_dir" && xargs -0 tar -cf - --) | tar -xf - -C "$1"
    else
        tar -C "$source_dir" --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$1"
    fi
}

# Builds the package in the build chroot, made or given the packages it
# lacks first; sets deb to the package, copied out of the chroot.
build_in_chroot() {
    local package missing="" built
    bootstrap "$build_chroot" "$logs/debootstrap-build.log"
    for package in $BUILD_PACKAGES; do
        # shellcheck disable=SC2016 # dpkg-query's ${fields}
        in_root "$build_chroot" dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
            grep -q "install ok installed" || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        echo "== Installing into the build chroot:$missing"
        # sid's Release file may be older than its Valid-Until by the time it is read.
        in_root "$build_chroot" apt-get -o Acquire::Check-Valid-Until=false update -q \
            >"$logs/apt-build.log" 2>&1 ||
            unavailable "apt-get update failed in the build chroot" "$logs/apt-build.log"
        # shellcheck disable=SC2086 # one word per package
        if ! in_root "$build_chroot" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 $missing \
            >>"$logs/apt-build.log" 2>&1; then
            # A security or point-release update of Wireshark whose -dev
            # packages cannot be fetched (an archive that keeps only the
            # runtime packages of an old release's updates): build against
            # the release's own Wireshark instead. The package then depends
            # on that version or later, which the updated library satisfies.
            [ "$suite" != sid ] ||
                unavailable "could not install the build packages into the build chroot" "$logs/apt-build.log"
            echo "   the updates' build packages could not be fetched: building against $suite's own Wireshark"
            # shellcheck disable=SC2086 # one word per package
            in_root "$build_chroot" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 \
                -t "$suite" $missing >>"$logs/apt-build.log" 2>&1 ||
                unavailable "could not install the build packages into the build chroot" "$logs/apt-build.log"
        fi
    fi
    echo "== Building the package in $build_chroot$CHROOT_BUILD (cmake, cpack -G DEB)"
    rm -rf --one-file-system "${build_chroot:?}$CHROOT_BUILD"
    copy_sources "$build_chroot$CHROOT_BUILD/src"
    mount_proc "$build_chroot"
    in_root "$build_chroot" sh -c "cd $CHROOT_BUILD && cmake -S src -B build && cmake --build build --parallel" \
        >"$logs/build.log" 2>&1 || fail "the build in the $suite chroot failed" "$logs/build.log"
    grep -E '^-- (Building against|Packaging:)' "$logs/build.log" | sed 's/^-- /   /'
    in_root "$build_chroot" sh -c "cd $CHROOT_BUILD/build && cpack -G DEB" >"$logs/cpack.log" 2>&1 ||
        fail "cpack -G DEB failed in the $suite chroot" "$logs/cpack.log"
    built=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$logs/cpack.log" | tail -n 1)
    { [ -n "$built" ] && [ -f "$build_chroot$built" ]; } || fail "cpack made no .deb" "$logs/cpack.log"
    mkdir -p "$work/deb"
    cp "$build_chroot$built" "$work/deb/"
    deb="$work/deb/$(basename "$built")"
}

# Builds the package in the build folder on this machine, which must run
# $suite; sets deb.
build_here() {
    grep -qE "$release_re" /etc/debian_version 2>/dev/null ||
        fail "this machine does not run $suite (etc/debian_version: $(cat /etc/debian_version 2>/dev/null)): use --build-chroot DIR"
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        echo "== Configuring $build_dir"
        cmake -S "$source_dir" -B "$build_dir" >"$logs/cmake.log" 2>&1 ||
            fail "cmake configure failed" "$logs/cmake.log"
    fi
    [ -f "$build_dir/CPackConfig.cmake" ] ||
        fail "$build_dir has no CPackConfig.cmake: does CMakeLists.txt include cmake/Packaging.cmake?"
    echo "== Building the package (cpack -G DEB in $build_dir)"
    (cd "$build_dir" && cpack -G DEB) >"$logs/cpack.log" 2>&1 || fail "cpack -G DEB failed" "$logs/cpack.log"
    deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$logs/cpack.log" | tail -n 1)
    { [ -n "$deb" ] && [ -f "$deb" ]; } || fail "cpack made no .deb" "$logs/cpack.log"
}

# --- 1. The package ------------------------------------------------------------
t=$(now)
if [ -n "$given_deb" ]; then
    deb=$given_deb
elif [ -n "$build_chroot" ]; then
    build_in_chroot
else
    build_here
fi
deb_name=$(basename "$deb")
build_time=$(elapsed "$t")
echo "   $deb_name (${build_time}s)"
dpkg-deb -f "$deb" Package Version Architecture Depends | sed 's/^/   /'
# The release in the version and the file name; libwireshark, and neither
# tshark nor wireshark.
version=$(dpkg-deb -f "$deb" Version)
[[ "$version" == *"~$tag" && "$deb_name" == "${PACKAGE}_${version}_"*.deb ]] ||
    fail "$deb_name (version $version) is not named for $suite (~$tag): built on another release?"
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
    "$PROFILE_DIR/io_graphs" "$PROFILE_DIR/expert_severity" "$PROFILE_JA_DIR/preferences" \
    "$PROFILE_JA_DIR/colorfilters" "$PROFILE_JA_DIR/dfilter_buttons" "$PROFILE_JA_DIR/io_graphs" \
    "$PROFILE_JA_DIR/expert_severity" "$DOC_DIR/docs/images/subtree.png" \
    "$DOC_DIR/docs/handout.md" "$DOC_DIR/docs/handout.ja.md"; do
    grep -qx "$file" "$logs/contents.txt" || fail "the package has no $file"
done

# --- 2. The chroot ------------------------------------------------------------
t=$(now)
if [ -x "$root/usr/bin/apt-get" ]; then
    echo "== Reusing the chroot $root"
    debootstrap_time="reused"
else
    debootstrap_time=""
fi
bootstrap "$root" "$logs/debootstrap.log"
[ -n "$debootstrap_time" ] || debootstrap_time="$(elapsed "$t")s"
echo "   $debootstrap_time"
mount_proc "$root"

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
    unavailable "apt-get update failed in the chroot" "$logs/apt-install.log"
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
# The plugin has IANA's names built in: it warns on stderr when it cannot
# parse them.
if grep -i portclass "$logs/seed.err"; then
    fail "tshark printed portclass warnings" "$logs/seed.err"
fi

# The PortClass profile, from the global profiles folder: tshark copies it
# into root's personal folder and shows its columns. Wireshark 3.4's tshark
# looks for -C profiles in the personal folder only (its window copies a
# global one): there the profile is copied by hand first, as the README
# tells users of that version, and then must work the same.
personal_profile=$root/root/.config/wireshark/profiles/PortClass
rm -rf "$personal_profile"
profile_note="from $PROFILE_DIR"
tshark_series=$(in_chroot tshark --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
if [[ "$tshark_series" == 3.* ]]; then
    if ! in_chroot tshark -C PortClass -n -r "$capture" -c 1 >/dev/null 2>"$logs/profile.err"; then
        grep -q 'Configuration Profile "PortClass" does not exist' "$logs/profile.err" ||
            fail "tshark -C PortClass failed" "$logs/profile.err"
        mkdir -p "$(dirname "$personal_profile")"
        cp -r "$root$PROFILE_DIR" "$personal_profile"
        profile_note="copied by hand from $PROFILE_DIR (tshark $tshark_series reads personal profiles only)"
    fi
fi
in_chroot tshark -C PortClass -n -r "$capture" -c 1 -T psml >"$logs/profile.txt" 2>"$logs/profile.err" ||
    fail "tshark -C PortClass failed" "$logs/profile.err"
grep -q '<section>Server service</section>' "$logs/profile.txt" ||
    fail "tshark -C PortClass does not show the profile's columns" "$logs/profile.txt"
[ -f "$personal_profile/preferences" ] ||
    fail "tshark -C PortClass did not copy the global profile into the personal folder"
rm -rf "$personal_profile"
echo "   tshark -C PortClass: the profile's columns, $profile_note"

# --- 5. Uninstall ---------------------------------------------------------------
echo "== apt-get remove -y $PACKAGE"
in_chroot apt-get remove -y -q -o Dpkg::Use-Pty=0 "$PACKAGE" >"$logs/apt-remove.log" 2>&1 ||
    fail "apt-get remove failed" "$logs/apt-remove.log"
[ ! -e "$root$plugin_path" ] || fail "$plugin_path is still there after apt-get remove"
[ ! -e "$root$DOC_DIR" ] || fail "$DOC_DIR is still there after apt-get remove"
[ ! -e "$root$PROFILE_DIR" ] || fail "$PROFILE_DIR is still there after apt-get remove"
[ ! -e "$root$PROFILE_JA_DIR" ] || fail "$PROFILE_JA_DIR is still there after apt-get remove"
in_chroot tshark -G plugins >"$logs/plugins-after.txt" 2>&1 ||
    fail "tshark -G plugins failed after the removal" "$logs/plugins-after.txt"
! grep -q '^portclass\.so' "$logs/plugins-after.txt" || fail "tshark still lists portclass.so after the removal"
echo "   $plugin_path, $PROFILE_DIR and $DOC_DIR removed; tshark no longer lists portclass.so"
checks_time=$(elapsed "$t")
if [ -n "$out_dir" ]; then
    mkdir -p "$out_dir"
    cp "$deb" "$out_dir/"
fi

pass "$deb_name on Debian $(cat "$root/etc/debian_version") (build ${build_time}s, debootstrap $debootstrap_time, install ${install_time}s, checks and removal ${checks_time}s)"
