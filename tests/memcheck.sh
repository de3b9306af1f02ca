#!/usr/bin/env bash
# memcheck.sh - runs "tshark -z portclass,tree -nVr" (the shown tree and the
# statistics tree) under valgrind's memcheck, with the plugin
# of a normal (not sanitized) build, over every capture in pcaps/, and fails
# when valgrind reports an error with portclass.so in one of its stacks.
#
# Usage: tests/memcheck.sh [--build-dir DIR] [--jobs J] [--capture NAME]... [--track-origins]
#
#   --build-dir DIR   the build tree whose plugin is checked (default: build/
#                     of this source tree)
#   --jobs J          captures checked at once (default: nproc)
#   --capture NAME    check only pcaps/NAME (e.g. tunnels.pcap); repeatable
#   --track-origins   ask valgrind where uninitialised values come from
#                     (slower, for investigating a report)
#
# libwireshark and its libraries have valgrind reports of their own, so the
# errors are read from valgrind's XML output and only those whose stack (or
# the allocation or free stack valgrind adds) passes through portclass.so
# count; the others are counted and ignored. Leaks are not checked. A tshark
# killed by a signal also fails.
#
# Exit status: 0 clean, 1 errors in portclass (or a crash), 2 setup error.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tshark-sandbox.sh
source "$SOURCE_DIR/tests/tshark-sandbox.sh"

BUILD_DIR=$SOURCE_DIR/build
JOBS=$(nproc 2>/dev/null || echo 2)
EXTRA_VALGRIND=()
ONLY=()

while [[ $# -gt 0 ]]; do
    case $1 in
        --build-dir) BUILD_DIR=${2:?--build-dir needs a folder}; shift 2 ;;
        --jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
        --capture) ONLY+=("${2:?--capture needs a capture name}"); shift 2 ;;
        --track-origins) EXTRA_VALGRIND+=(--track-origins=yes); shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) sandbox_die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || sandbox_die "--jobs takes a whole number"
for tool in valgrind tshark python3 readelf; do
    command -v "$tool" >/dev/null || sandbox_die "$tool is not installed"
done

PLUGIN=$(sandbox_find_plugin "$BUILD_DIR") || exit 2
DYNAMIC=$(readelf -d "$PLUGIN")
SYMBOLS=$(readelf --dyn-syms -W "$PLUGIN")
if grep -q 'NEEDED.*libasan\.so' <<<"$DYNAMIC" || grep -q ' UND __asan_init' <<<"$SYMBOLS"; then
    sandbox_die "$PLUGIN is an AddressSanitizer build; valgrind needs a normal build"
fi

if [[ ${#ONLY[@]} -gt 0 ]]; then
    CAPTURES=()
    for name in "${ONLY[@]}"; do
        [[ -f $SOURCE_DIR/pcaps/$name ]] || sandbox_die "no capture pcaps/$name"
        CAPTURES+=("$SOURCE_DIR/pcaps/$name")
    done
else
    mapfile -t CAPTURES < <(find "$SOURCE_DIR/pcaps" -maxdepth 1 -name '*.pcap' | sort)
fi
[[ ${#CAPTURES[@]} -gt 0 ]] || sandbox_die "no captures in $SOURCE_DIR/pcaps"

trap 'sandbox_remove' EXIT
trap 'exit 130' INT TERM
# Plain malloc under wmem and GLib, so that valgrind sees every block.
sandbox_create "$PLUGIN" WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc
for capture in "${CAPTURES[@]}"; do
    install -m 0644 "$capture" "$SANDBOX_CAPTURES/"
done

# Prints the errors of one valgrind XML file that involve portclass.so, then
# a last line "COUNTS <in portclass> <elsewhere>".
read -r -d '' PARSE_XML <<'PYTHON' || true
import os
import sys
import xml.etree.ElementTree as ET

PLUGIN = "portclass.so"

def frame_text(frame):
    fn = frame.findtext("fn") or frame.findtext("ip") or "?"
    where = ""
    if frame.findtext("file"):
        where = f" ({frame.findtext('file')}:{frame.findtext('line') or '?'})"
    obj = os.path.basename(frame.findtext("obj") or "?")
    return f"{fn}{where} [{obj}]"

def what(error):
    text = error.findtext("what")
    if text is None:
        text = error.findtext("xwhat/text") or error.findtext("kind") or "?"
    return text

try:
    root = ET.parse(sys.argv[1]).getroot()
except (ET.ParseError, OSError) as exc:
    print(f"  cannot read valgrind's XML output: {exc}")
    print("COUNTS 0 0 unreadable")
    sys.exit(0)

ours = others = 0
for error in root.iter("error"):
    # XML output lists leaks as errors too; they are not checked here.
    if (error.findtext("kind") or "").startswith("Leak_"):
        continue
    stacks = error.findall("stack")
    involved = any(os.path.basename(frame.findtext("obj") or "") == PLUGIN
                   for stack in stacks for frame in stack.iter("frame"))
    if not involved:
        others += 1
        continue
    ours += 1
    print(f"  {error.findtext('kind')}: {what(error)}")
    # Stacks come in order, each after the text that introduces it
    # (e.g. "Address 0x... is 0 bytes after a block of size 16 alloc'd").
    for child in error:
        if child.tag == "auxwhat":
            print(f"   {child.text}")
        elif child.tag == "xauxwhat":
            print(f"   {child.findtext('text')}")
        elif child.tag == "stack":
            for frame in child.iter("frame"):
                print(f"      {frame_text(frame)}")
print(f"COUNTS {ours} {others} ok")
PYTHON

# check_one CAPTURE: runs valgrind on one capture; writes the verdict and
# the report to out/NAME.result.
check_one() {
    local capture=$1 name xml result rc=0
    name=$(basename "$capture" .pcap)
    xml=$SANDBOX/out/$name.xml
    result=$SANDBOX/out/$name.result
    "${SANDBOX_CMD[@]}" valgrind --tool=memcheck --error-exitcode=99 --errors-for-leak-kinds=none \
        --leak-check=no --num-callers=40 "${EXTRA_VALGRIND[@]}" --xml=yes --xml-file="$xml" \
        tshark -z portclass,tree -nVr "$capture" >/dev/null 2>"$SANDBOX/out/$name.err" || rc=$?
    {
        python3 -c "$PARSE_XML" "$xml"
        echo "EXIT $rc"
        if [[ $rc -gt 128 ]]; then
            echo "  tshark died of signal $((rc - 128)) under valgrind; stderr:"
            sed 's/^/    /' "$SANDBOX/out/$name.err"
        fi
    } >"$result"
}

echo "memcheck: plugin $PLUGIN"
echo "memcheck: ${#CAPTURES[@]} captures, $JOBS jobs"
start=$SECONDS
running=0
for capture in "$SANDBOX_CAPTURES"/*.pcap; do
    check_one "$capture" &
    running=$((running + 1))
    if [[ $running -ge $JOBS ]]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait

total=0
with_errors=0
crashed=0
for capture in "$SANDBOX_CAPTURES"/*.pcap; do
    name=$(basename "$capture" .pcap)
    result=$SANDBOX/out/$name.result
    total=$((total + 1))
    read -r _ ours others state < <(grep '^COUNTS ' "$result" || echo "COUNTS 0 0 missing")
    rc=$(sed -n 's/^EXIT //p' "$result")
    line="memcheck: $name.pcap: $ours errors in portclass, $others elsewhere (ignored), exit ${rc:-?}"
    failed=0
    if [[ $ours -gt 0 ]]; then
        with_errors=$((with_errors + 1))
        failed=1
    fi
    if [[ -z $rc || $rc -gt 128 || $state != ok ]]; then
        crashed=$((crashed + 1))
        failed=1
    fi
    echo "$line"
    if [[ $failed -eq 1 ]]; then
        grep -v -e '^COUNTS ' -e '^EXIT ' "$result" || true
    fi
done
echo "memcheck: took $((SECONDS - start))s"
[[ $crashed -gt 0 ]] && echo "memcheck: $crashed captures crashed tshark or left no valgrind report"
echo "memcheck: $total captures, $with_errors with errors in portclass"
if [[ $with_errors -gt 0 || $crashed -gt 0 ]]; then
    exit 1
fi
exit 0
