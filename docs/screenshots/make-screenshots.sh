#!/bin/sh
# Regenerates the screenshots of docs/images/ from the real Wireshark GUI
# (Qt) with the plugin loaded, on a virtual X display (Xvfb):
#
#   subtree.png          packet details of an HTTPS SYN-ACK in
#                        pcaps/seed-services.pcap, the Port Classification
#                        subtree expanded
#   profile-columns.png  the packet list of pcaps/syn-scan.pcap in the
#                        PortClass profile: its columns and colouring rules
#   statistics.png       the portclass statistics window of
#                        pcaps/seed-services.pcap (skipped, with a message,
#                        when the plugin registers no portclass,tree)
#
#   docs/screenshots/make-screenshots.sh [--plugin-dir DIR] [--output DIR] [--keep]
#       [--stats-tree ABBR --stats-menu KEYS --stats-title TEXT]
#
# --plugin-dir DIR: a folder of versioned plugins holding
#   X.Y/epan/portclass.so (default: build/plugins, where the build puts it).
#   This script builds nothing: build the plugin first.
# --output DIR: where the PNGs go (default: docs/images).
# --keep: keep the temporary folder (Wireshark's log, the configuration).
# --stats-tree, --stats-menu, --stats-title: which statistics tree
#   statistics.png shows (default: portclass,tree), the keys that open it
#   from the Statistics menu (xdotool key names; default: Up, the menu's
#   last item, where Wireshark 4.0 puts the statistics trees of plugins
#   after the built-in F5 ones), and a text its window title must contain
#   (default: Port Classification). Wireshark 4.0's GUI does not take a
#   statistics tree from -z, as tshark does, hence the menu. For instance
#   --stats-tree dns,tree --stats-menu "$(printf 'Down %.0s' $(seq 15))"
#   --stats-title DNS tries the mechanism with a built-in tree.
#
# Wireshark runs with a private HOME and configuration folder holding a copy
# of profiles/PortClass, a window of 1280x800 pixels, and the plugin from
# --plugin-dir (WIRESHARK_PLUGIN_DIR). Wireshark ignores that variable for
# root, so as root the GUI runs as the user nobody (setpriv).
#
# Needs wireshark-qt, tshark, xvfb, xauth, xdotool and imagemagick; not part
# of ctest or CI.
set -eu

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
plugin_dir=$source_dir/build/plugins
output_dir=$source_dir/docs/images
stats_tree=portclass,tree
stats_menu=Up
stats_title="Port Classification"
keep=0
WIDTH=1280
HEIGHT=800
# Wireshark 4.0 with Debian 12's default fonts: the centre of the first row
# of packet details is this far below the packet list pane's size, and rows
# are this high (pixels).
DETAILS_FIRST_ROW=103
ROW_HEIGHT=17
# 128 colours without dithering: the same look, a third of the size.
PNG_OPTIONS="+dither -colors 128 -depth 8 -define png:compression-level=9"
NOBODY=65534

# --- Inside the virtual display: one Wireshark per screenshot ------------------
# Called as: make-screenshots.sh --in-xvfb WORKDIR STATS_MENU_KEYS STATS_TITLE
# (no statistics.png when STATS_MENU_KEYS is empty).
if [ "${1:-}" = "--in-xvfb" ]; then
    work=$2
    stats_menu=$3
    stats_title=$4
    config=$work/home/.config/wireshark
    export HOME="$work/home" WIRESHARK_CONFIG_DIR="$config" WIRESHARK_PLUGIN_DIR="$work/plugins"

    log() { echo "make-screenshots: $*" >&2; }

    # The window positions and sizes, and in the profile folder PROFILE_DIR
    # the panes: packet list of UPPER_PANE pixels, details below it, no
    # bytes or diagram pane, and column widths that fit the values.
    write_recent() {
        profile_dir=$1 upper_pane=$2
        cat >"$config/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $WIDTH
gui.geometry_main_height: $HEIGHT
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
EOF
        cat >"$profile_dir/recent" <<EOF
gui.packet_list_show: TRUE
gui.tree_view_show: TRUE
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.statusbar_show: TRUE
gui.time_format: RELATIVE
gui.geometry_main_upper_pane: $upper_pane
column.width:
	%m, 50,
	%t, 75,
	%s, 110,
	%d, 110,
	%p, 70,
	%L, 60,
	"%Cus:portclass.src.class", 90,
	"%Cus:portclass.dst.class", 90,
	"%Cus:portclass.server.service", 115,
	"%Cus:portclass.direction", 140,
	"%Cus:portclass.port_state", 85,
	%i, -1
EOF
    }

    # Starts Wireshark with the given arguments and waits until its main
    # window shows the capture CAPTURE (its title is the file name).
    start_wireshark() {
        capture=$1
        shift
        wireshark "$@" >>"$work/wireshark.log" 2>&1 &
        wireshark_pid=$!
        tries=0
        main_window=""
        while [ -z "$main_window" ]; do
            tries=$((tries + 1))
            if [ "$tries" -gt 60 ] || ! kill -0 "$wireshark_pid" 2>/dev/null; then
                log "Wireshark did not show $capture (see $work/wireshark.log)"
                tail -n 20 "$work/wireshark.log" >&2
                return 1
            fi
            sleep 0.5
            main_window=$(xdotool search --onlyvisible --name "^$capture" 2>/dev/null | head -n 1 || true)
        done
        sleep 2  # the packet list filled, the first packet selected
        xdotool windowfocus --sync "$main_window" 2>/dev/null || true
    }

    # Quits Wireshark (Ctrl+Q), killing it if it has not gone after 10 s.
    stop_wireshark() {
        xdotool windowfocus --sync "$main_window" key --clearmodifiers ctrl+q 2>/dev/null || true
        tries=0
        while kill -0 "$wireshark_pid" 2>/dev/null; do
            tries=$((tries + 1))
            if [ "$tries" -gt 20 ]; then
                kill "$wireshark_pid" 2>/dev/null || true
                break
            fi
            sleep 0.5
        done
        wait "$wireshark_pid" 2>/dev/null || true
    }

    # The whole screen, or GEOMETRY (WxH+X+Y) of it, into FILE.
    # shellcheck disable=SC2086 # one word per option
    grab() {
        file=$1 geometry=${2:-}
        if [ -n "$geometry" ]; then
            import -window root -crop "$geometry" +repage $PNG_OPTIONS "$file"
        else
            import -window root $PNG_OPTIONS "$file"
        fi
    }

    profile=$config/profiles/PortClass

    # subtree.png: the server's SYN-ACK of the HTTPS conversation (frame 35:
    # roles from the SYN, the port open, an expert info). The GUI dissects
    # packets for the list only as rows show, and the selected packet first;
    # the display filter "portclass" makes it dissect every packet in
    # capture order when the file is read, as tshark does, so that the
    # SYN decides the roles (README, Known limits). A click selects the
    # fifth top-level item of the details (Frame, Ethernet, IPv4, TCP, Port
    # Classification), whose place follows from the fixed window and pane
    # sizes; Shift+Right expands it with its subtrees.
    log "subtree.png"
    upper_pane=250
    write_recent "$profile" $upper_pane
    start_wireshark seed-services.pcap -C PortClass -r "$work/pcaps/seed-services.pcap" \
        -Y portclass -g 35
    # Wheel down over the list, to the end of the capture: the selected
    # row is then not cut by the list's lower edge.
    xdotool mousemove 600 200 click 5 click 5
    sleep 0.5
    xdotool mousemove 200 $((upper_pane + DETAILS_FIRST_ROW + 4 * ROW_HEIGHT)) click 1
    sleep 0.5
    xdotool key shift+Right
    sleep 1
    grab "$work/subtree.png" "${WIDTH}x640+0+0"
    stop_wireshark

    # profile-columns.png: the whole of syn-scan.pcap in the PortClass
    # profile, the first packet selected (so the closed-port rows keep
    # their colours).
    log "profile-columns.png"
    write_recent "$profile" 330
    start_wireshark syn-scan.pcap -C PortClass -r "$work/pcaps/syn-scan.pcap" -g 1
    grab "$work/profile-columns.png" "${WIDTH}x385+0+0"
    stop_wireshark

    # statistics.png: the statistics window, opened from the Statistics
    # menu (Alt+S, then the keys), beside the main window.
    if [ -n "$stats_menu" ]; then
        log "statistics.png (Statistics menu: $stats_menu)"
        write_recent "$profile" 420
        start_wireshark seed-services.pcap -C PortClass -r "$work/pcaps/seed-services.pcap"
        xdotool key alt+s
        sleep 1
        # shellcheck disable=SC2086 # one word per key
        xdotool key --delay 100 $stats_menu Return
        tries=0
        dialog=""
        while [ -z "$dialog" ] && [ "$tries" -lt 20 ]; do
            tries=$((tries + 1))
            sleep 0.5
            for window in $(xdotool search --onlyvisible --class wireshark 2>/dev/null || true); do
                [ "$window" = "$main_window" ] || dialog=$window
            done
        done
        name="no window"
        [ -z "$dialog" ] || name="the window '$(xdotool getwindowname "$dialog")'"
        case "$name" in
        *"$stats_title"*) ;;
        *)
            log "the Statistics menu keys '$stats_menu' opened $name instead of a" \
                "window titled '$stats_title': give --stats-menu"
            stop_wireshark
            exit 1
            ;;
        esac
        xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 800 520
        sleep 3  # the statistics computed and shown
        # shellcheck disable=SC2086 # one word per option
        import -window "$dialog" $PNG_OPTIONS "$work/statistics.png"
        stop_wireshark
    fi
    exit 0
fi

# --- Outside: checks, the private setup, the virtual display --------------------
while [ $# -gt 0 ]; do
    case "$1" in
    --plugin-dir) plugin_dir=$(realpath -m "$2"); shift 2 ;;
    --output) output_dir=$(realpath -m "$2"); shift 2 ;;
    --stats-tree) stats_tree=$2; shift 2 ;;
    --stats-menu) stats_menu=$2; shift 2 ;;
    --stats-title) stats_title=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "make-screenshots: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

missing=""
for tool in wireshark:wireshark-qt tshark:tshark xvfb-run:xvfb xauth:xauth xdotool:xdotool \
    import:imagemagick setpriv:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
    echo "make-screenshots: missing tools; install them with:" >&2
    echo "  apt-get install --no-install-recommends$missing" >&2
    exit 1
fi

plugin=$(find "$plugin_dir" -path '*/epan/portclass.so' 2>/dev/null | head -n 1)
if [ -z "$plugin" ]; then
    echo "make-screenshots: no */epan/portclass.so below $plugin_dir: build the plugin" \
        "(cmake -S . -B build && cmake --build build) or give --plugin-dir" >&2
    exit 1
fi
series=$(basename "$(dirname "$(dirname "$plugin")")")

work=$(mktemp -d /tmp/portclass-screenshots.XXXXXX)
cleanup() {
    if [ "$keep" -eq 1 ]; then
        echo "make-screenshots: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
chmod 755 "$work"
mkdir -p "$work/plugins/$series/epan" "$work/pcaps" "$work/home/.config/wireshark/profiles"
cp "$plugin" "$work/plugins/$series/epan/portclass.so"
cp "$source_dir"/pcaps/*.pcap "$work/pcaps/"
cp -r "$source_dir/profiles/PortClass" "$work/home/.config/wireshark/profiles/"
cp "$0" "$work/make-screenshots.sh"
chmod -R a+rX "$work"
chmod -R a+w "$work/home"
chmod a+w "$work"

as_gui_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups env HOME="$work/home" "$@"
    else
        env HOME="$work/home" "$@"
    fi
}

# The plugin must load, and register the statistics asked for.
if ! as_gui_user env WIRESHARK_CONFIG_DIR="$work/home/.config/wireshark" \
    WIRESHARK_PLUGIN_DIR="$work/plugins" tshark -G plugins 2>/dev/null | grep -q 'portclass\.so'; then
    echo "make-screenshots: Wireshark $series does not load $plugin" >&2
    exit 1
fi
if ! as_gui_user env WIRESHARK_CONFIG_DIR="$work/home/.config/wireshark" \
    WIRESHARK_PLUGIN_DIR="$work/plugins" tshark -z help 2>&1 | grep -qx "[[:space:]]*$stats_tree"; then
    echo "make-screenshots: SKIPPING statistics.png: tshark with this plugin has no" \
        "'-z $stats_tree' statistics; the other screenshots are made" >&2
    stats_menu=""
fi

echo "make-screenshots: Wireshark $(tshark --version 2>/dev/null | head -n 1 | cut -d' ' -f3), plugin $plugin"
status=0
as_gui_user xvfb-run --auto-servernum --server-args="-screen 0 ${WIDTH}x${HEIGHT}x24" \
    "$work/make-screenshots.sh" --in-xvfb "$work" "$stats_menu" "$stats_title" || status=$?

mkdir -p "$output_dir"
for name in subtree profile-columns statistics; do
    if [ -f "$work/$name.png" ]; then
        cp "$work/$name.png" "$output_dir/$name.png"
        echo "make-screenshots: $output_dir/$name.png ($(wc -c <"$work/$name.png") bytes)"
    fi
done
if [ "$status" -ne 0 ]; then
    echo "make-screenshots: FAILED (see the messages above; --keep keeps Wireshark's log)" >&2
    exit "$status"
fi
