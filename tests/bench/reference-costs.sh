#!/bin/sh
# reference-costs.sh - what Wireshark itself charges per packet, with no
# plugin at all, for the kinds of work the benchmark budgets cover: printing
# four more built-in fields with -T fields, and showing a three-line
# built-in subtree with -V (TCP's "[Timestamps]", on TCP packets only).
# These are the yardsticks for the portclass ratios of tests/benchmark.py.
#
#   tests/bench/reference-costs.sh [PACKETS]
#
# Generates the benchmark's capture (PACKETS, default 5000) and a 1-packet
# one, and prints instructions per packet, (Ir(N) - Ir(1)) / (N - 1), from
# valgrind's callgrind, for each command and the ratio to its baseline.
# Runs tshark as the user nobody when run as root, with an empty plugin
# folder and a private configuration folder. Needs valgrind and python3.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
PACKETS=${1:-5000}
VERBOSE_PACKETS=$((PACKETS / 5))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portclass-reference.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/plugins"
python3 - "$SOURCE_DIR/tests" "$WORK" "$PACKETS" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import benchmark
benchmark.write_pcap(sys.argv[2] + "/many.pcap", benchmark.generate_frames(int(sys.argv[3])))
benchmark.write_pcap(sys.argv[2] + "/one.pcap", benchmark.generate_frames(1))
PY
chmod -R a+rwX "$WORK"

as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}

# instructions CAPTURE ARGS...: total Ir of one tshark run.
instructions() {
    capture=$1
    shift
    as_user env HOME="$WORK/home" WIRESHARK_CONFIG_DIR="$WORK/home" \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        tshark -n -r "$capture" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : *\([0-9,]*\).*/\1/p' | tr -d ,
}

# per_packet N ARGS...: Ir per packet over the first N packets.
per_packet() {
    n=$1
    shift
    many=$(instructions "$WORK/many.pcap" -c "$n" "$@")
    one=$(instructions "$WORK/one.pcap" "$@")
    echo $(((many - one) / (n - 1)))
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
}

FIELDS="-T fields -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport"
echo "$(as_user env HOME="$WORK/home" WIRESHARK_CONFIG_DIR="$WORK/home" tshark --version | head -1); $PACKETS packets ($VERBOSE_PACKETS for -V)"
# shellcheck disable=SC2086 # FIELDS is a list of arguments
base=$(per_packet "$PACKETS" $FIELDS)
# shellcheck disable=SC2086
more=$(per_packet "$PACKETS" $FIELDS -e frame.len -e frame.cap_len -e ip.ttl -e eth.type)
echo "-T fields, 4 port fields:                  $base Ir/packet"
echo "  plus 4 built-in fields:                  $more Ir/packet ($(ratio "$more" "$base"))"
plain=$(per_packet "$VERBOSE_PACKETS" -V -o tcp.calculate_timestamps:FALSE)
subtree=$(per_packet "$VERBOSE_PACKETS" -V -o tcp.calculate_timestamps:TRUE)
echo "-V without TCP's [Timestamps] subtree:     $plain Ir/packet"
echo "  with it (3 lines on each TCP packet):    $subtree Ir/packet ($(ratio "$subtree" "$plain"))"
