# shellcheck shell=bash
# tshark-sandbox.sh - sourced by fuzz.sh and memcheck.sh: runs the real tshark
# with one plugin build, isolated from the user's Wireshark setup.
#
# Like tests/integration/tsharkrun.py: a private folder holds a copy of the
# plugin in Wireshark's layout (plugins/<major.minor>/epan/portclass.so), a
# private HOME and configuration folder, and the captures. Wireshark ignores
# WIRESHARK_PLUGIN_DIR when it runs as root, so as root tshark runs as the
# unprivileged user "nobody" (65534) and everything it reads is made
# readable by that user. WIRESHARK_EXTCAP_DIR names an empty folder: tshark
# would otherwise start every extcap helper at start-up, and androiddump
# hangs when it inherits the preloaded ASan runtime.
#
# SPDX-License-Identifier: GPL-2.0-or-later

SANDBOX_NOBODY=65534

# sandbox_die MESSAGE...: prints to stderr and exits 2 (a setup error, not a
# finding).
sandbox_die() {
    echo "${0##*/}: $*" >&2
    exit 2
}

# sandbox_find_plugin BUILD_DIR: prints the path of the built portclass.so.
sandbox_find_plugin() {
    local build_dir=$1 plugin
    for plugin in "$build_dir"/plugins/*/epan/portclass.so; do
        if [[ -f $plugin ]]; then
            echo "$plugin"
            return 0
        fi
    done
    return 1
}

# shellcheck disable=SC2034 # SANDBOX_* are read by the scripts that source this
# sandbox_create PLUGIN: makes the private folder; sets SANDBOX (its path),
# SANDBOX_PLUGIN_DIR and SANDBOX_CAPTURES (a folder for captures, which the
# caller fills with files it makes readable: mode 0644).
sandbox_create() {
    local plugin=$1 series
    series=$(basename "$(dirname "$(dirname "$plugin")")")
    # No "portclass" in the name: the scripts look for it in tshark's messages.
    SANDBOX=$(mktemp -d "${TMPDIR:-/tmp}/pcsandbox.XXXXXX") || sandbox_die "cannot make a temporary folder"
    chmod 0755 "$SANDBOX"
    mkdir -p "$SANDBOX/home/config" "$SANDBOX/plugins/$series/epan" "$SANDBOX/captures" "$SANDBOX/out" \
        "$SANDBOX/extcap"
    chmod 0777 "$SANDBOX/home" "$SANDBOX/home/config" "$SANDBOX/out"
    chmod 0755 "$SANDBOX/plugins" "$SANDBOX/plugins/$series" "$SANDBOX/plugins/$series/epan" \
        "$SANDBOX/captures" "$SANDBOX/extcap"
    install -m 0755 "$plugin" "$SANDBOX/plugins/$series/epan/portclass.so"
    SANDBOX_PLUGIN_DIR=$SANDBOX/plugins
    SANDBOX_CAPTURES=$SANDBOX/captures
}

sandbox_remove() {
    [[ -n ${SANDBOX:-} && -d $SANDBOX ]] && rm -rf -- "$SANDBOX"
}

# sandbox_command: fills the array SANDBOX_CMD with the prefix that runs a
# program as tshark should run: as nobody when we are root, with a clean
# environment pointing at the sandbox. Extra VAR=value settings given as
# arguments are added to the environment.
sandbox_command() {
    SANDBOX_CMD=()
    if [[ $(id -u) -eq 0 ]]; then
        SANDBOX_CMD+=(setpriv "--reuid=$SANDBOX_NOBODY" "--regid=$SANDBOX_NOBODY" --clear-groups)
    fi
    SANDBOX_CMD+=(env -i
        "PATH=${PATH:-/usr/bin:/bin}"
        LANG=C.UTF-8 LC_ALL=C.UTF-8
        "HOME=$SANDBOX/home"
        "XDG_CONFIG_HOME=$SANDBOX/home/config"
        "WIRESHARK_CONFIG_DIR=$SANDBOX/home/config"
        "WIRESHARK_PLUGIN_DIR=$SANDBOX_PLUGIN_DIR"
        "WIRESHARK_EXTCAP_DIR=$SANDBOX/extcap"
        "$@")
}
