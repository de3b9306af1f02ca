#!/usr/bin/env bash
# fuzz.sh - runs tshark with an ASan+UBSan build of the plugin over randomly
# corrupted copies of the sample captures, like Wireshark's own
# tools/fuzz-test.sh.
#
# Usage: tests/fuzz.sh [--build-dir DIR] [--count N] [--time-limit T] [--jobs J] [--seed S]
#                      [--batch]
#
#   --build-dir DIR  an already built sanitizer build tree, configured with
#                    -DPORTCLASS_SANITIZE=ON; without it, one is configured
#                    and built in a temporary folder from this source tree
#   --count N        passes over pcaps/*.pcap (default 200); every pass
#                    corrupts each capture anew
#   --time-limit T   start no new pass after T seconds (default: none);
#                    the pass under way is finished and counted
#   --jobs J         corrupted captures checked at once (default: nproc)
#   --seed S         first editcap seed (default: random); capture k of pass
#                    i (both from 0) gets seed S + i * captures + k, so a run
#                    can be repeated
#   --batch          check the corrupted captures of a pass together, merged
#                    into one file (mergecap -a), so tshark starts once per
#                    pass instead of once per capture; when the merged file
#                    fails, each of its captures is checked on its own to
#                    find the culprits. Counts stay per capture.
#
# Every corrupted capture (editcap -E 0.02 --seed S) is read three times,
# the ASan runtime preloaded: with "tshark -z portclass,tree -nVxr" (a
# shown tree and the statistics tree), with "tshark -z expert -nr" (no tree,
# but a tap that collects expert infos), and by sharkd, which loads it
# without a tree and then dissects up to 300 of its frames in a random
# order (seeded by the capture's name), as the Wireshark window does when
# packets are clicked. A capture fails when a run dies of a signal or a
# timeout, exits with a code other than 0 or 2 (2: the corruption made the
# file unreadable), prints an AddressSanitizer or UBSan report, or mentions
# portclass in its messages or in an exception item ("[Malformed Packet:
# PortClass]", "Dissector bug").
# Failing captures are kept in pcaps/regressions/ with a .log beside each.
#
# Exit status: 0 no failure, 1 failures, 2 setup error.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tshark-sandbox.sh
source "$SOURCE_DIR/tests/tshark-sandbox.sh"

BUILD_DIR=""
COUNT=200
TIME_LIMIT=0
JOBS=$(nproc 2>/dev/null || echo 2)
SEED=$(( (RANDOM << 15 | RANDOM) % 1000000000 ))
BATCH=0
ERROR_PROBABILITY=0.02
TIMEOUT=300 # seconds for one tshark run

while [[ $# -gt 0 ]]; do
    case $1 in
        --build-dir) BUILD_DIR=${2:?--build-dir needs a folder}; shift 2 ;;
        --count) COUNT=${2:?--count needs a number}; shift 2 ;;
        --time-limit) TIME_LIMIT=${2:?--time-limit needs a number of seconds}; shift 2 ;;
        --jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
        --batch) BATCH=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) sandbox_die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $COUNT =~ ^[0-9]+$ && $TIME_LIMIT =~ ^[0-9]+$ && $JOBS =~ ^[1-9][0-9]*$ && $SEED =~ ^[0-9]+$ ]] ||
    sandbox_die "--count, --time-limit, --jobs and --seed take whole numbers"
for tool in cmake editcap mergecap capinfos tshark sharkd python3 readelf; do
    command -v "$tool" >/dev/null || sandbox_die "$tool is not installed"
done

TEMP_BUILD=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    sandbox_remove
    [[ -n $TEMP_BUILD ]] && rm -rf -- "$TEMP_BUILD"
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The sanitizer build ---------------------------------------------------
if [[ -z $BUILD_DIR ]]; then
    TEMP_BUILD=$(mktemp -d "${TMPDIR:-/tmp}/pcasan-build.XXXXXX")
    BUILD_DIR=$TEMP_BUILD
    echo "fuzz: configuring an ASan+UBSan build in $BUILD_DIR"
    # CMAKE_PROJECT_INCLUDE brings cmake/Sanitizers.cmake in even where
    # CMakeLists.txt does not include it; its include_guard makes a second
    # include a no-op.
    cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPORTCLASS_SANITIZE=ON -DBUILD_TESTING=OFF \
        -DCMAKE_PROJECT_INCLUDE="$SOURCE_DIR/cmake/Sanitizers.cmake" >"$BUILD_DIR/configure.log" 2>&1 ||
        { cat "$BUILD_DIR/configure.log" >&2; sandbox_die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" --target portclass -j "$JOBS" >"$BUILD_DIR/build.log" 2>&1 ||
        { cat "$BUILD_DIR/build.log" >&2; sandbox_die "build failed"; }
fi
PLUGIN=$(sandbox_find_plugin "$BUILD_DIR") || exit 2

# gcc links the ASan runtime into the plugin (DT_NEEDED libasan.so.N); clang
# leaves its __asan_* symbols for the executable. Either way a plain tshark
# needs the runtime preloaded.
# (Read into variables first: "readelf | grep -q" can fail under pipefail
# when grep stops reading early.)
DYNAMIC=$(readelf -d "$PLUGIN")
SYMBOLS=$(readelf --dyn-syms -W "$PLUGIN")
if grep -q 'NEEDED.*libasan\.so' <<<"$DYNAMIC"; then
    ASAN_RUNTIME=$(readlink -f "$(gcc -print-file-name=libasan.so)")
elif grep -q ' UND __asan_init' <<<"$SYMBOLS"; then
    ASAN_RUNTIME=$(readlink -f "$(clang -print-file-name=libclang_rt.asan-x86_64.so)")
else
    sandbox_die "$PLUGIN is not built with AddressSanitizer; configure with -DPORTCLASS_SANITIZE=ON" \
        "(and include cmake/Sanitizers.cmake) or leave out --build-dir"
fi
[[ -f $ASAN_RUNTIME ]] || sandbox_die "ASan runtime not found (${ASAN_RUNTIME:-?})"

mapfile -t CAPTURES < <(find "$SOURCE_DIR/pcaps" -maxdepth 1 -name '*.pcap' | sort)
[[ ${#CAPTURES[@]} -gt 0 ]] || sandbox_die "no captures in $SOURCE_DIR/pcaps"

sandbox_create "$PLUGIN" \
    "LD_PRELOAD=$ASAN_RUNTIME" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    WIRESHARK_DEBUG_WMEM_OVERRIDE=strict \
    MALLOC_CHECK_=3 \
    G_SLICE=always-malloc
mkdir -p "$SANDBOX/originals" "$SANDBOX/results"
for capture in "${CAPTURES[@]}"; do
    install -m 0644 "$capture" "$SANDBOX/originals/"
done

TSHARK=(timeout -k 10 "$TIMEOUT" "${SANDBOX_CMD[@]}" tshark)
SHARKD=(timeout -k 10 "$TIMEOUT" "${SANDBOX_CMD[@]}" sharkd -)

# Pre-flight: the sanitized plugin must load into tshark.
if ! "${TSHARK[@]}" -G plugins >"$SANDBOX/preflight" 2>&1 || ! grep -q 'portclass\.so' "$SANDBOX/preflight"; then
    cat "$SANDBOX/preflight" >&2
    sandbox_die "tshark did not load $PLUGIN with $ASAN_RUNTIME preloaded"
fi

SANITIZER_REPORT='ERROR: AddressSanitizer|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)|ERROR: LeakSanitizer'
EXCEPTION_ITEM='(Malformed Packet|Dissector bug|Unreassembled Packet).*(portclass|port classification)'

# check_run LOG WHAT RC STDOUT STDERR: appends what is wrong with one tshark
# run (described by WHAT) to LOG; returns 1 if anything is.
check_run() {
    local log=$1 what=$2 rc=$3 out=$4 err=$5 problems=()
    if [[ $rc -eq 124 ]]; then
        problems+=("timed out after ${TIMEOUT}s")
    elif [[ $rc -eq 137 ]]; then
        problems+=("killed by SIGKILL (timeout -k or out of memory)")
    elif [[ $rc -gt 128 ]]; then
        problems+=("killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null || echo '?'))")
    elif [[ $rc -ne 0 && $rc -ne 2 ]]; then
        problems+=("exit code $rc")
    fi
    grep -Eq "$SANITIZER_REPORT" "$err" && problems+=("sanitizer report")
    # The sandbox path is left out: only tshark's own words count.
    local messages
    messages=$(sed "s|$SANDBOX||g" "$err")
    grep -Eiq 'portclass|port classification' <<<"$messages" && problems+=("stderr mentions portclass")
    grep -Eiq "$EXCEPTION_ITEM" "$out" && problems+=("exception item from portclass")
    [[ ${#problems[@]} -eq 0 ]] && return 0
    {
        echo "command: $what"
        printf 'problems: %s\n' "$(IFS=';'; echo "${problems[*]}")"
        echo "--- exit code $rc; stderr:"
        cat "$err"
        echo "--- packet lines naming portclass exceptions (stdout):"
        grep -Ei "$EXCEPTION_ITEM" "$out" | head -20 || true
        echo
    } >>"$log"
    return 1
}

# sharkd_requests FILE SEED: sharkd's requests to load FILE and dissect
# up to 300 of its frames in an order shuffled by SEED.
sharkd_requests() {
    local frames
    frames=$(capinfos -c -M "$1" 2>/dev/null | awk '/Number of packets/ { print $NF }')
    python3 - "$1" "${frames:-0}" "$2" <<'EOF'
import json
import random
import sys

path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
frames = list(range(1, count + 1))
random.Random(seed).shuffle(frames)
print(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "load", "params": {"file": path}}))
for number, frame in enumerate(frames[:300], start=2):
    print(json.dumps({"jsonrpc": "2.0", "id": number, "method": "frame",
                      "params": {"frame": frame, "proto": True}}))
EOF
}

# check_capture FILE LABEL LOG: runs both tshark commands and sharkd on
# FILE (LABEL says what it is in the log); returns 1 if any fails.
check_capture() {
    local file=$1 label=$2 log=$3 status=0 rc mode out err
    local -a args
    out=$(mktemp "$SANDBOX/out/XXXXXX.out")
    err=$(mktemp "$SANDBOX/out/XXXXXX.err")
    for mode in "-z portclass,tree -nVxr" "-z expert -nr"; do
        read -ra args <<<"$mode"
        rc=0
        "${TSHARK[@]}" "${args[@]}" "$file" >"$out" 2>"$err" || rc=$?
        check_run "$log" "tshark $mode $label" "$rc" "$out" "$err" || status=1
    done
    rc=0
    sharkd_requests "$file" "$(cksum <<<"$label" | cut -d' ' -f1)" |
        "${SHARKD[@]}" >"$out" 2>"$err" || rc=$?
    check_run "$log" "sharkd (frames in random order) $label" "$rc" "$out" "$err" || status=1
    rm -f "$out" "$err"
    return $status
}

# corrupt ORIGINAL SEED CORRUPTED LOG: editcap -E into CORRUPTED.
corrupt() {
    if ! editcap -E "$ERROR_PROBABILITY" --seed "$2" "$1" "$3" >"$4" 2>&1; then
        echo "editcap failed on $1" >>"$4"
        return 1
    fi
    chmod 0644 "$3"
}

# fuzz_one INDEX CAPTURE SEED: corrupts one capture and checks it; writes
# "ok", "fail" or "error" and the corrupted file to results/INDEX.
fuzz_one() {
    local index=$1 original=$2 seed=$3 name corrupted log
    name=$(basename "$original" .pcap)
    corrupted=$SANDBOX_CAPTURES/$name-seed$seed.pcap
    log=$SANDBOX/results/$index.log
    if ! corrupt "$original" "$seed" "$corrupted" "$log"; then
        echo "error $corrupted" >"$SANDBOX/results/$index"
        return
    fi
    : >"$log"
    if check_capture "$corrupted" \
        "$name-seed$seed.pcap (editcap -E $ERROR_PROBABILITY --seed $seed $name.pcap)" "$log"; then
        rm -f "$corrupted" "$log"
        echo "ok $corrupted" >"$SANDBOX/results/$index"
        return
    fi
    echo "fuzz: FAIL $name-seed$seed.pcap: $(grep -m1 '^problems:' "$log" | cut -d' ' -f2-)" >&2
    echo "fail $corrupted" >"$SANDBOX/results/$index"
}

# fuzz_pass FIRST_INDEX PASS: --batch; corrupts every capture for one pass,
# checks them merged, and only when that fails, one by one.
fuzz_pass() {
    local first=$1 pass=$2 k seed name merged log
    local -a corrupted=()
    for ((k = 0; k < ${#CAPTURES[@]}; k++)); do
        seed=$((SEED + pass * ${#CAPTURES[@]} + k))
        name=$(basename "${CAPTURES[k]}" .pcap)
        corrupted+=("$SANDBOX_CAPTURES/$name-seed$seed.pcap")
        if ! corrupt "$SANDBOX/originals/$name.pcap" "$seed" "${corrupted[k]}" \
            "$SANDBOX/results/$((first + k)).log"; then
            echo "error ${corrupted[k]}" >"$SANDBOX/results/$((first + k))"
            corrupted[k]=""
        fi
    done
    merged=$SANDBOX_CAPTURES/pass$pass-seed$((SEED + pass * ${#CAPTURES[@]})).pcap
    log=$SANDBOX/results/pass$pass.log
    local -a present=()
    for k in "${!corrupted[@]}"; do [[ -n ${corrupted[k]} ]] && present+=("${corrupted[k]}"); done
    if mergecap -a -F pcap -w "$merged" "${present[@]}" >"$log" 2>&1 && chmod 0644 "$merged" &&
        check_capture "$merged" "pass $pass merged" "$log"; then
        for k in "${!corrupted[@]}"; do
            [[ -n ${corrupted[k]} ]] || continue
            echo "ok ${corrupted[k]}" >"$SANDBOX/results/$((first + k))"
            rm -f "${corrupted[k]}" "$SANDBOX/results/$((first + k)).log"
        done
        rm -f "$merged" "$log"
        return
    fi
    rm -f "$merged"
    for k in "${!corrupted[@]}"; do
        [[ -n ${corrupted[k]} ]] || continue
        local index=$((first + k))
        name=$(basename "${corrupted[k]}" .pcap)
        : >"$SANDBOX/results/$index.log"
        if check_capture "${corrupted[k]}" "$name.pcap" "$SANDBOX/results/$index.log"; then
            echo "ok ${corrupted[k]}" >"$SANDBOX/results/$index"
            rm -f "${corrupted[k]}" "$SANDBOX/results/$index.log"
        else
            echo "fuzz: FAIL $name.pcap" >&2
            echo "fail ${corrupted[k]}" >"$SANDBOX/results/$index"
        fi
    done
}

echo "fuzz: plugin $PLUGIN"
echo "fuzz: ASan runtime $ASAN_RUNTIME"
echo "fuzz: $COUNT passes over ${#CAPTURES[@]} captures, editcap -E $ERROR_PROBABILITY, first seed $SEED, $JOBS jobs"
start=$SECONDS
index=0
running=0
out_of_time() {
    [[ $TIME_LIMIT -gt 0 && $((SECONDS - start)) -ge $TIME_LIMIT ]]
}
for ((pass = 0; pass < COUNT; pass++)); do
    if out_of_time; then
        echo "fuzz: time limit of ${TIME_LIMIT}s reached after $pass passes"
        break
    fi
    if [[ $BATCH -eq 1 ]]; then
        fuzz_pass "$index" "$pass" &
        index=$((index + ${#CAPTURES[@]}))
        running=$((running + 1))
        if [[ $running -ge $JOBS ]]; then
            wait -n || true
            running=$((running - 1))
        fi
    else
        for ((k = 0; k < ${#CAPTURES[@]}; k++)); do
            seed=$((SEED + pass * ${#CAPTURES[@]} + k))
            fuzz_one "$index" "$SANDBOX/originals/$(basename "${CAPTURES[k]}")" "$seed" &
            index=$((index + 1))
            running=$((running + 1))
            if [[ $running -ge $JOBS ]]; then
                wait -n || true
                running=$((running - 1))
            fi
        done
    fi
    if (( COUNT >= 10 && (pass + 1) % (COUNT / 10) == 0 )); then
        echo "fuzz: pass $((pass + 1))/$COUNT ($((SECONDS - start))s)"
    fi
done
wait

total=0
failures=0
errors=0
for ((i = 0; i < index; i++)); do
    total=$((total + 1))
    read -r status corrupted <"$SANDBOX/results/$i" || status=error
    case $status in
        ok) ;;
        fail)
            failures=$((failures + 1))
            mkdir -p "$SOURCE_DIR/pcaps/regressions"
            cp "$corrupted" "$SOURCE_DIR/pcaps/regressions/"
            cp "$SANDBOX/results/$i.log" "$SOURCE_DIR/pcaps/regressions/$(basename "$corrupted" .pcap).log"
            ;;
        *) errors=$((errors + 1)); cat "$SANDBOX/results/$i.log" >&2 2>/dev/null || true ;;
    esac
done
[[ $failures -gt 0 ]] && echo "fuzz: failing captures and their logs are in $SOURCE_DIR/pcaps/regressions/"
[[ $errors -gt 0 ]] && echo "fuzz: $errors captures could not be corrupted or checked (see above)" >&2
echo "fuzz: took $((SECONDS - start))s"
echo "fuzz: $total captures, $failures failures"
if [[ $failures -gt 0 ]]; then
    exit 1
elif [[ $errors -gt 0 ]]; then
    exit 2
fi
exit 0
