#!/bin/sh
# static-checks.sh - the static checks of portclass, each configured in the
# repository:
#   1. clang-format (.clang-format): every .c and .h of include/, plugin/ and
#      tests/ must already be formatted;
#   2. clang-tidy (.clang-tidy): every .c of plugin/ and tests/, with the
#      compile flags of BUILD_DIR/compile_commands.json; the project's own
#      headers are checked through the files that include them;
#   3. cppcheck (.cppcheck/): the same .c files, with the project's headers
#      only (GLib through cppcheck's gtk library, Wireshark through
#      .cppcheck/wireshark.cfg).
#
#   tests/static-checks.sh [--quick] [BUILD_DIR]
#
# --quick leaves out clang-tidy, which takes two minutes of CPU time: ctest's
# static-checks test runs the quick checks (seconds), .ci/run all three.
# BUILD_DIR is a configured build of this source tree (default: build/ in
# it). Exits 0 when every check passes, 1 on any finding, 2 on a usage
# error, and 77 when a tool is not installed (ctest then reports the test
# as skipped). CLANG_FORMAT, CLANG_TIDY and CPPCHECK name other binaries of
# the tools, e.g. CLANG_TIDY=clang-tidy-16.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
set -f # the file lists below are split on whitespace, never globbed

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

quick=0
case "${1:-}" in
-h | --help)
    usage
    exit 0
    ;;
--quick)
    quick=1
    shift
    ;;
esac
if [ $# -gt 1 ]; then
    usage >&2
    exit 2
fi

clang_format=${CLANG_FORMAT:-clang-format}
clang_tidy=${CLANG_TIDY:-clang-tidy}
cppcheck=${CPPCHECK:-cppcheck}

tools="$clang_format $clang_tidy $cppcheck"
[ "$quick" -eq 0 ] || tools="$clang_format $cppcheck"
missing=""
for tool in $tools; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "static-checks: SKIPPED: not installed:$missing"
    echo "  (Debian/Ubuntu: apt-get install clang-format clang-tidy cppcheck)"
    exit 77
fi

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_arg=${1:-$source_dir/build}
if ! build_dir=$(cd "$build_arg" 2>/dev/null && pwd); then
    echo "static-checks: no build folder $build_arg; configure one first:" >&2
    echo "  cmake -S $source_dir -B $build_arg" >&2
    exit 2
fi
if [ ! -f "$build_dir/compile_commands.json" ]; then
    echo "static-checks: $build_dir/compile_commands.json is missing; configure the build" \
        "with a Makefile or Ninja generator (CMakeLists.txt turns the export on)" >&2
    exit 2
fi
cd "$source_dir" || exit 2

# Repository paths without spaces, in a stable order.
all_files=$(find include plugin tests -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
c_files=$(find plugin tests -type f -name '*.c' | LC_ALL=C sort)
n_all=$(echo "$all_files" | wc -l | tr -d " ")
n_c=$(echo "$c_files" | wc -l | tr -d " ")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

failed=""
summary=""
record() { # record NAME STATUS [DETAIL]
    summary="$summary$(printf '  %-13s %s' "$1" "$2${3:+ ($3)}")
"
    case $2 in PASS | "NOT RUN") ;; *) failed="$failed $1" ;; esac
}

# --- 1. clang-format ------------------------------------------------------
echo "== clang-format: $n_all files"
echo "   $clang_format --dry-run --Werror <every .c/.h of include/ plugin/ tests/>"
# shellcheck disable=SC2086 # one word per file
if "$clang_format" --dry-run --Werror $all_files; then
    record clang-format PASS "$n_all files"
else
    record clang-format FAIL "run $clang_format -i on the files above"
fi

# --- 2. clang-tidy --------------------------------------------------------
if [ "$quick" -eq 1 ]; then
    echo "== clang-tidy: left out (--quick; tests/static-checks.sh without it runs it)"
    record clang-tidy "NOT RUN" "--quick"
fi
# One clang-tidy per file, as many at once as there are CPUs; each output is
# kept apart and printed in file order. The libFuzzer harnesses of
# tests/fuzz/ are in compile_commands.json only in a fuzzing build; in
# others clang-tidy borrows the flags of the nearest file that is there
# (one of tests/test-*.c), which sees the same headers.
if [ "$quick" -eq 0 ]; then
    echo "== clang-tidy: $n_c files"
    echo "   $clang_tidy -p $build_dir --quiet <file>   (config: .clang-tidy)"
    jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
    # shellcheck disable=SC2016 # expanded by the inner shell
    echo "$c_files" | xargs -n 1 -P "$jobs" sh -c '
        log="$2/$(echo "$4" | tr / _)"
        "$1" -p "$3" --quiet "$4" >"$log.out" 2>&1 || touch "$log.failed"
    ' tidy "$clang_tidy" "$tmp" "$build_dir"
    tidy_failed=0
    for file in $c_files; do
        log="$tmp/$(echo "$file" | tr / _)"
        # Drop clang's count of the (system header) warnings it did not show.
        grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$log.out"
        if [ -e "$log.failed" ]; then
            echo "   clang-tidy: findings in or through $file"
            tidy_failed=$((tidy_failed + 1))
        fi
    done
    if [ "$tidy_failed" -eq 0 ]; then
        record clang-tidy PASS "$n_c files"
    else
        record clang-tidy FAIL "$tidy_failed of $n_c files"
    fi
fi

# --- 3. cppcheck ----------------------------------------------------------
# missingInclude on top of the usual groups: one of the project's own
# headers not found would quietly weaken the analysis.
set -- --enable=warning,style,performance,portability,missingInclude --error-exitcode=1 \
    --inline-suppr --quiet --std=c11 --language=c --library=gtk \
    --library=.cppcheck/wireshark.cfg --suppressions-list=.cppcheck/suppressions.txt \
    -I include -I plugin
echo "== cppcheck: $n_c files"
echo "   $cppcheck $* <every .c of plugin/ tests/>"
# shellcheck disable=SC2086 # one word per file
if "$cppcheck" "$@" $c_files; then
    record cppcheck PASS "$n_c files"
else
    record cppcheck FAIL
fi

# --- Summary --------------------------------------------------------------
echo "== Summary"
printf '%s' "$summary"
if [ -n "$failed" ]; then
    echo "static-checks: FAILED:$failed"
    exit 1
fi
echo "static-checks: all passed"
