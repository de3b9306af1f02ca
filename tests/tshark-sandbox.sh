# shellcheck shell=bash
# tshark-sandbox.sh - sourced by fuzz.sh, memcheck.sh and
# bench/reference-costs.sh: the sandbox of tests/sandbox.py for shell
# scripts. sandbox.py makes it (a private folder with the plugin in
# Wireshark's layout, a private HOME and configuration folder, an empty
# extcap folder; as root, the programs run as the user nobody) and says how
# to run a program in it; this file only calls it.
#
# SPDX-License-Identifier: GPL-2.0-or-later

SANDBOX_PY=$(dirname "${BASH_SOURCE[0]}")/sandbox.py

# sandbox_die MESSAGE...: prints to stderr and exits 2 (a setup error, not a
# finding).
sandbox_die() {
    echo "${0##*/}: $*" >&2
    exit 2
}

# sandbox_find_plugin BUILD_DIR: prints the path of the built portclass.so;
# fails, saying why on stderr, when there is not exactly one.
sandbox_find_plugin() {
    python3 "$SANDBOX_PY" plugin "$1"
}

# sandbox_create PLUGIN [VAR=VALUE]...: makes the sandbox, loading PLUGIN
# (empty: none), with the VAR=VALUE settings added to the environment.
# Sets SANDBOX (its folder), SANDBOX_CAPTURES (a folder for captures, which
# the caller fills with files it makes readable: mode 0644), SANDBOX_OUT (a
# folder the programs may write to) and the array SANDBOX_CMD, the prefix
# that runs a program in the sandbox. Exits 2 when it cannot be made.
sandbox_create() {
    local plugin=$1 setting setup
    local -a args=()
    shift
    if [[ -n $plugin ]]; then
        args+=(--plugin "$plugin")
    fi
    for setting in "$@"; do
        args+=(--env "$setting")
    done
    setup=$(python3 "$SANDBOX_PY" create "${args[@]}") || exit 2
    eval "$setup"
}

sandbox_remove() {
    [[ -z ${SANDBOX:-} ]] || rm -rf -- "$SANDBOX"
}
