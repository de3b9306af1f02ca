#!/bin/sh
# harness-checks.sh - checks of the test harness itself, not of the plugin:
# the sandbox every tshark run goes through (tests/sandbox.py), the
# comparisons of Wireshark's own suites (tests/wireshark_suite.py), the pure
# parts of the benchmark (tests/bench/) and the lesson parser of
# tests/integration/test_lessons.py. A few seconds; .ci/run runs it, ctest
# does not (it runs the plugin's tests).
#
#   tests/harness-checks.sh [BUILD_DIR]
#
# BUILD_DIR is a build of this source tree with the plugin built (default:
# build/ in it). Exits 0 when every check passes, 1 otherwise, 2 when the
# plugin is not built.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$source_dir/build}
if ! plugin=$(python3 "$source_dir/tests/sandbox.py" plugin "$build_dir"); then
    exit 2
fi
cd "$source_dir/tests/integration" || exit 2
PORTCLASS_PLUGIN=$plugin PORTCLASS_SOURCE_DIR=$source_dir PYTHONDONTWRITEBYTECODE=1 \
    python3 -m unittest -v test_sandbox test_wireshark_suite test_bench test_lesson_markup ||
    exit 1
