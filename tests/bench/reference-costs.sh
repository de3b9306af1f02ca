#!/usr/bin/env bash
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
# Runs tshark in the sandbox of tests/sandbox.py with an empty plugin folder
# (as the user nobody when run as root, with a private configuration
# folder). Needs valgrind and python3.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
PACKETS=${1:-5000}
VERBOSE_PACKETS=$((PACKETS / 5))
# shellcheck source=../tshark-sandbox.sh
source "$SOURCE_DIR/tests/tshark-sandbox.sh"
trap sandbox_remove EXIT
sandbox_create "" # no plugin
python3 - "$SOURCE_DIR/tests" "$SANDBOX_CAPTURES" "$PACKETS" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from bench import traffic
traffic.write_pcap(sys.argv[2] + "/many.pcap", traffic.generate_frames(int(sys.argv[3])))
traffic.write_pcap(sys.argv[2] + "/one.pcap", traffic.generate_frames(1))
PY

# instructions CAPTURE ARGS...: total Ir of one tshark run.
instructions() {
    capture=$1
    shift
    "${SANDBOX_CMD[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        tshark -n -r "$capture" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : *\([0-9,]*\).*/\1/p' | tr -d ,
}

# per_packet N ARGS...: Ir per packet over the first N packets.
per_packet() {
    n=$1
    shift
    many=$(instructions "$SANDBOX_CAPTURES/many.pcap" -c "$n" "$@")
    one=$(instructions "$SANDBOX_CAPTURES/one.pcap" "$@")
    echo $(((many - one) / (n - 1)))
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
}

FIELDS="-T fields -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport"
echo "$("${SANDBOX_CMD[@]}" tshark --version | head -1); $PACKETS packets ($VERBOSE_PACKETS for -V)"
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
