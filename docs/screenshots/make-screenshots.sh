#!/bin/sh
# Regenerates the screenshots of docs/images/ from the real Wireshark GUI
# (Qt) with the plugin loaded, on a virtual X display (Xvfb):
#
#   subtree.png          packet details of an HTTPS SYN-ACK in
#                        pcaps/seed-services.pcap, the Port Classification
#                        subtree expanded
#   late-packet.png      the Default profile, Wireshark started at the last
#                        packet of pcaps/roles-tcp.pcap (-g 12), its
#                        subtree expanded: the capture-order answer, as
#                        frame 11 decided, though frame 11 was never opened
#   profile-columns.png  the packet list of pcaps/syn-scan.pcap in the
#                        PortClass profile: its columns and colouring rules
#   statistics.png       the portclass statistics window of
#                        pcaps/seed-services.pcap (skipped, with a message,
#                        when the plugin registers no portclass,tree)
#   step*.png            the "In Wireshark" parts of the lessons
#                        (docs/lesson.md): a capture in the PortClass
#                        profile with a filter button's or a typed filter
#                        applied, a packet selected and a line of its
#                        details opened, the Expert Information window,
#                        the statistics window with its branch "Open
#                        ports by host" opened (step6-stats.png)
#   io-graph.png         Statistics > I/O Graphs of
#                        pcaps/classroom-minute.pcap with the profile's
#                        graphs, at 1 s intervals
#
# With --language ja, the same pictures but late-packet.png and
# profile-columns.png (README.md and how-it-works.md, which are in English
# only) go to docs/images/ja/ for docs/lesson.ja.md.
#
#   docs/screenshots/make-screenshots.sh [--language en|ja] [--plugin-dir DIR]
#       [--output DIR] [--keep] [--only "NAME..."]
#       [--stats-tree ABBR --stats-menu KEYS --stats-title TEXT]
#
# --language en|ja: the window's language (default: en). ja makes the same
#   pictures of the Japanese window for docs/lesson.ja.md: Wireshark's own
#   Japanese translation (its "language" file in the private configuration
#   folder says ja_JP), the Japanese profile profiles/PortClass-ja (its
#   column titles and filter buttons), and the plugin's labels in Japanese;
#   the PNGs go to docs/images/ja/ under the English names.
# --plugin-dir DIR: a folder of versioned plugins holding
#   X.Y/epan/portclass.so (default: build/plugins, where the build puts it).
#   This script builds nothing: build the plugin first.
# --output DIR: where the PNGs go (default: docs/images, or docs/images/ja
#   with --language ja).
# --keep: keep the temporary folder (Wireshark's log, the configuration).
# --only "NAME...": make only these screenshots (names without .png).
# --stats-tree, --stats-menu, --stats-title: which statistics tree
#   statistics.png shows (default: portclass,tree), the keys that open it
#   from the Statistics menu (xdotool key names; default: Up, the menu's
#   last item, where Wireshark 4.0 puts the statistics trees of plugins
#   after the built-in F5 ones), and a text its window title must contain
#   (default: Port Classification, or ポート分類 with --language ja, the
#   plugin's title in Wireshark's language). Wireshark 4.0's GUI does not take a
#   statistics tree from -z, as tshark does, hence the menu. For instance
#   --stats-tree dns,tree --stats-menu "$(printf 'Down %.0s' $(seq 15))"
#   --stats-title DNS tries the mechanism with a built-in tree.
#
# Wireshark runs with a private HOME and configuration folder holding a copy
# of the profile (profiles/PortClass, or profiles/PortClass-ja), a language
# file, a window of 1280x800 pixels, and the plugin from --plugin-dir
# (WIRESHARK_PLUGIN_DIR). Wireshark ignores that variable for root, so as
# root the GUI runs as the user nobody (setpriv).
#
# Needs wireshark (wireshark-qt on Debian 12), tshark, xvfb, xauth, xdotool
# and imagemagick, and for --language ja a Japanese font
# (fonts-ipafont-gothic); not part of ctest or CI. The filter buttons'
# filters are read from the profile, so a picture shows exactly what its
# button applies (the Japanese profile's buttons are found by the filters
# of the English ones, which they must share). The positions of clicks
# follow from the fixed window size and fonts of Wireshark 4.0 on Debian
# 12, per language (the Japanese labels move some boxes).
set -eu

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
plugin_dir=$source_dir/build/plugins
output_dir=""
language=en
stats_tree=portclass,tree
stats_menu=Up
stats_title=""
keep=0
only=""
WIDTH=1280
HEIGHT=800
# Where to click, per language (pixels; measured on grabs of the window):
#   DETAILS_FIRST_ROW, ROW_HEIGHT: the centre of the first row of packet
#     details is DETAILS_FIRST_ROW below the packet list pane's size, and
#     rows are ROW_HEIGHT high;
#   EXPERT_*: the first row, the "Group by summary" box and the drags of
#     column edges in the header (FROM:TO, one after the other: Severity
#     narrower, Summary wide enough for the longest message, Group and
#     Protocol narrower, so that Count stays in sight) of the Expert
#     Information window (at 0,0, 1280x480);
#   IO_*: the handle of the splitter above the list of graphs in the I/O
#     Graphs window (at 0,0, 1000x640) and how far up it is dragged, the
#     middle of the list's header (before the drag) and the drags of its
#     column edges (Enabled narrower, Graph Name wide enough for the
#     names);
#   STATS_*: the first row of the statistics window (at 0,0, 800x520), at
#     least as many Left+Down as its tree has top-level branches (extra
#     ones do nothing), and the start of the name of the branch "Open
#     ports by host" in the plugin's language, typed to select it once
#     every branch is closed (the window sorts the branches by name, so
#     their order differs from language to language).
# Called with the language once it is known.
set_positions() {
    case "$1" in
    ja)
        # The rows keep their height with Japanese labels (IPA Gothic
        # fits in them); the expert window's box follows a shorter label.
        DETAILS_FIRST_ROW=103
        ROW_HEIGHT=17
        EXPERT_FIRST_ROW=45
        EXPERT_HEADER_DRAGS="115:100 525:1000 1104:1075 1179:1160"
        EXPERT_GROUP_X=186
        EXPERT_GROUP_Y=425
        IO_SPLITTER_Y=493
        IO_SPLITTER_UP=40
        IO_HEADER_Y=507
        IO_HEADER_DRAGS="115:70 174:290"
        STATS_FIRST_ROW=41
        STATS_BRANCHES=12
        STATS_OPEN_PORTS_NAME="ホストごと"
        ;;
    *)
        DETAILS_FIRST_ROW=103
        ROW_HEIGHT=17
        EXPERT_FIRST_ROW=45
        EXPERT_HEADER_DRAGS="115:100 525:1000 1104:1075 1179:1160"
        EXPERT_GROUP_X=208
        EXPERT_GROUP_Y=425
        IO_SPLITTER_Y=493
        IO_SPLITTER_UP=40
        IO_HEADER_Y=507
        IO_HEADER_DRAGS="115:70 174:290"
        STATS_FIRST_ROW=41
        STATS_BRANCHES=12
        STATS_OPEN_PORTS_NAME="Open ports"
        ;;
    esac
}
# 128 colours without dithering: the same look, a third of the size.
PNG_OPTIONS="+dither -colors 128 -depth 8 -define png:compression-level=9"
NOBODY=65534

# --- Inside the virtual display: one Wireshark per screenshot ------------------
# Called as: make-screenshots.sh --in-xvfb WORKDIR STATS_MENU_KEYS STATS_TITLE ONLY
# LANGUAGE (no statistics.png when STATS_MENU_KEYS is empty).
if [ "${1:-}" = "--in-xvfb" ]; then
    work=$2
    stats_menu=$3
    stats_title=$4
    only=$5
    language=$6
    set_positions "$language"
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

    # Whether the screenshot NAME is to be made (--only).
    wanted() {
        case " $only " in *" $1 "*) return 0 ;; esac
        [ -z "$only" ] || return 1
        # The pictures of pages in English only, asked for by name alone.
        case "$language:$1" in ja:late-packet | ja:profile-columns) return 1 ;; esac
        return 0
    }

    # The mouse out of the way, so that no tooltip shows in a picture.
    park_mouse() {
        xdotool mousemove $((WIDTH - 1)) $((HEIGHT - 1))
        sleep 0.5
    }

    profile_name=PortClass
    [ "$language" = en ] || profile_name=PortClass-$language
    profile=$config/profiles/$profile_name

    # The filter of the English profile's button LABEL (dfilter_buttons: a
    # line "TRUE","LABEL","FILTER","TOOLTIP" where \x22 stands for a double
    # quote), which the profile in use must have on a button too (under its
    # own label).
    button_filter() {
        filter=$(sed -n "s/^\"TRUE\",\"$1\",\"\([^\"]*\)\",.*/\1/p" "$work/dfilter_buttons.en")
        if [ -z "$filter" ]; then
            log "no filter button '$1' in profiles/PortClass"
            exit 1
        fi
        if ! grep -qF "\"$filter\"" "$profile/dfilter_buttons"; then
            log "no filter button of $profile_name applies '$filter' (the button '$1')"
            exit 1
        fi
        printf '%s\n' "$filter" | sed 's/\\x22/"/g'
    }

    # lesson_shot NAME CAPTURE FILTER FRAME DETAILS_ROW UPPER_PANE HEIGHT [ARGS...]
    # NAME.png: the window on pcaps/CAPTURE in the PortClass profile with the
    # display filter FILTER applied, as its button or the filter bar applies
    # it ("" for none), frame FRAME selected ("" for the first one shown),
    # the top-level item number DETAILS_ROW of the packet details (0 is
    # Frame; "" for none) opened with its subtrees, a packet list UPPER_PANE
    # pixels high, cut to the top HEIGHT pixels of the screen. ARGS go to
    # Wireshark (Decode As: -d ...).
    lesson_shot() {
        name=$1 capture=$2 filter=$3 frame=$4 row=$5 upper_pane=$6 height=$7
        shift 7
        wanted "$name" || return 0
        log "$name.png"
        write_recent "$profile" "$upper_pane"
        [ -z "$filter" ] || set -- "$@" -Y "$filter"
        [ -z "$frame" ] || set -- "$@" -g "$frame"
        start_wireshark "$capture" -C "$profile_name" -r "$work/pcaps/$capture" "$@"
        if [ -n "$row" ]; then
            xdotool mousemove 200 $((upper_pane + DETAILS_FIRST_ROW + row * ROW_HEIGHT)) click 1
            sleep 0.5
            xdotool key shift+Right
            sleep 1
        fi
        park_mouse
        grab "$work/$name.png" "${WIDTH}x${height}+0+0"
        stop_wireshark
    }

    # drag X Y TO_X TO_Y: the left mouse button pressed at X,Y and
    # released at TO_X,TO_Y, in steps slow enough for a splitter or a
    # column edge to follow.
    drag() {
        xdotool mousemove "$1" "$2"
        sleep 0.5
        xdotool mousedown 1
        sleep 0.3
        xdotool mousemove $(($1 + ($3 - $1) / 4)) $(($2 + ($4 - $2) / 4))
        sleep 0.3
        xdotool mousemove $(($1 + ($3 - $1) * 3 / 4)) $(($2 + ($4 - $2) * 3 / 4))
        sleep 0.3
        xdotool mousemove "$3" "$4"
        sleep 0.3
        xdotool mouseup 1
        sleep 0.5
    }

    # The Wireshark window other than the main one that shows up within
    # 10 s, moved to the top left corner and sized WIDTHxHEIGHT; sets
    # $dialog ("" when none showed).
    find_dialog() {
        tries=0
        dialog=""
        while [ -z "$dialog" ] && [ "$tries" -lt 20 ]; do
            tries=$((tries + 1))
            sleep 0.5
            for window in $(xdotool search --onlyvisible --pid "$wireshark_pid" 2>/dev/null || true); do
                [ "$window" = "$main_window" ] || dialog=$window
            done
        done
        [ -z "$dialog" ] || xdotool windowmove "$dialog" 0 0 windowsize "$dialog" "$1" "$2"
    }

    # subtree.png: the server's SYN-ACK of the HTTPS conversation (frame 35:
    # roles from the SYN, the port open, an expert info), opened first. A
    # click selects the fifth top-level item of the details (Frame,
    # Ethernet, IPv4, TCP, Port Classification), whose place follows from
    # the fixed window and pane sizes; Shift+Right expands it with its
    # subtrees.
    if wanted subtree; then
    log "subtree.png"
    upper_pane=250
    write_recent "$profile" $upper_pane
    start_wireshark seed-services.pcap -C "$profile_name" -r "$work/pcaps/seed-services.pcap" -g 35
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
    fi

    # late-packet.png: the Default profile (no portclass columns), the
    # window started at frame 12 of roles-tcp.pcap, the first packet it
    # dissects with details: client and server as the conversation's first
    # packet in the capture (frame 11) shows them.
    if wanted late-packet; then
    log "late-packet.png"
    upper_pane=250
    write_recent "$config" $upper_pane
    start_wireshark roles-tcp.pcap -r "$work/pcaps/roles-tcp.pcap" -g 12
    xdotool mousemove 200 $((upper_pane + DETAILS_FIRST_ROW + 4 * ROW_HEIGHT)) click 1
    sleep 0.5
    xdotool key shift+Right
    sleep 1
    park_mouse
    grab "$work/late-packet.png" "${WIDTH}x530+0+0"
    stop_wireshark
    fi

    # profile-columns.png: the whole of syn-scan.pcap in the PortClass
    # profile, the first packet selected (so the closed-port rows keep
    # their colours).
    if wanted profile-columns; then
    log "profile-columns.png"
    write_recent "$profile" 330
    start_wireshark syn-scan.pcap -C "$profile_name" -r "$work/pcaps/syn-scan.pcap" -g 1
    grab "$work/profile-columns.png" "${WIDTH}x385+0+0"
    stop_wireshark
    fi

    # The lessons' window parts, step by step (docs/lesson.md). Rows of
    # the packet details: 0 Frame, 1 Ethernet, 2 IP, 3 TCP or UDP,
    # 4 Port Classification (right after its header), then the application
    # protocol if any.
    # (Assignments, so that a missing button stops the script.)
    syn=$(button_filter SYN)
    nonstandard=$(button_filter Non-standard)
    from_server=$(button_filter 'From server')
    not_ephemeral=$(button_filter 'Not ephemeral')
    open=$(button_filter Open)
    closed=$(button_filter Closed)
    cleartext=$(button_filter Cleartext)
    lesson_shot step1-syn seed-services.pcap "$syn" "" "" 200 240
    lesson_shot step1-subtree seed-services.pcap "$syn" 1 4 200 500
    lesson_shot step2-classes port-classes.pcap "" 1 "" 200 234
    lesson_shot step2-registered port-classes.pcap 'portclass.dst.class == "registered"' 4 "" 200 170
    lesson_shot step3-services seed-services.pcap \
        '(tcp.flags.syn == 1 && tcp.flags.ack == 0) || udp.dstport == 53' 6 4 200 433
    lesson_shot step3-ftp ftp-active.pcap "$syn" "" "" 200 170
    lesson_shot step3-nonstandard nonstandard-ports.pcap "$nonstandard" 4 4 200 552 \
        -d tcp.port==2222,ssh
    lesson_shot step4-client seed-services.pcap "$syn" 29 4 200 416
    lesson_shot step4-linux linux-ephemeral.pcap "$syn" 1 4 200 416
    lesson_shot step4-from-server linux-ephemeral.pcap "$from_server" 2 "" 200 170
    lesson_shot step4-not-ephemeral ftp-active.pcap "$not_ephemeral" 13 4 200 450
    lesson_shot step5-open syn-scan.pcap "$open" 2 "" 200 180
    lesson_shot step5-closed syn-scan.pcap "$closed" 13 4 200 500
    lesson_shot step5-telnet cleartext-logins.pcap \
        'telnet.data && portclass.direction == "client-to-server"' 7 5 200 420
    lesson_shot step5-ftp-pass cleartext-logins.pcap 'ftp.request.command == "PASS"' "" "" 200 170

    # step5-expert.png: Analyze > Expert Information (-z expert opens it)
    # over the cleartext logins, after the Cleartext button; "Group by
    # summary" unticked, so that each row shows its own message, and the
    # first group (the warnings) opened.
    if wanted step5-expert; then
        log "step5-expert.png"
        write_recent "$profile" 300
        start_wireshark cleartext-logins.pcap -C "$profile_name" -r "$work/pcaps/cleartext-logins.pcap" \
            -Y "$cleartext" -z expert
        find_dialog "$WIDTH" 480
        if [ -z "$dialog" ]; then
            log "no Expert Information window"
            stop_wireshark
            exit 1
        fi
        sleep 3
        xdotool mousemove "$EXPERT_GROUP_X" "$EXPERT_GROUP_Y" click 1
        sleep 2
        # The Summary column wide enough for the messages, the others
        # narrower: edges in the header dragged.
        for edge in $EXPERT_HEADER_DRAGS; do
            drag "${edge%:*}" 22 "${edge#*:}" 22
        done
        xdotool mousemove 60 "$EXPERT_FIRST_ROW" click 1
        sleep 0.5
        xdotool key shift+Right
        sleep 1
        park_mouse
        grab "$work/step5-expert.png" "${WIDTH}x190+0+0"
        stop_wireshark
    fi

    # io-graph.png: Statistics > I/O Graphs (-z io,stat opens it) on the
    # minute of classroom-minute.pcap, at the window's own interval, 1 s;
    # the list of graphs made taller (its splitter dragged up) and its
    # Graph Name column wider, so that all four graphs show with their
    # names.
    if wanted io-graph; then
        log "io-graph.png"
        write_recent "$profile" 300
        start_wireshark classroom-minute.pcap -C "$profile_name" \
            -r "$work/pcaps/classroom-minute.pcap" -z io,stat
        find_dialog 1000 640
        if [ -z "$dialog" ]; then
            log "no I/O Graphs window"
            stop_wireshark
            exit 1
        fi
        sleep 3
        drag 500 "$IO_SPLITTER_Y" 500 $((IO_SPLITTER_Y - IO_SPLITTER_UP))
        for edge in $IO_HEADER_DRAGS; do
            drag "${edge%:*}" $((IO_HEADER_Y - IO_SPLITTER_UP)) "${edge#*:}" $((IO_HEADER_Y - IO_SPLITTER_UP))
        done
        sleep 1
        park_mouse
        # shellcheck disable=SC2086 # one word per option
        import -window "$dialog" $PNG_OPTIONS "$work/io-graph.png"
        stop_wireshark
    fi

    # stats_shot NAME CAPTURE [KEYS...]: NAME.png, the statistics window on
    # pcaps/CAPTURE, opened from the Statistics menu (Alt+S, then the
    # keys), beside the main window; then, in its tree, the keys KEYS
    # (xdotool key names; none: every branch open, as the window opens).
    stats_shot() {
        name=$1 capture=$2
        shift 2
        log "$name.png (Statistics menu: $stats_menu)"
        write_recent "$profile" 420
        start_wireshark "$capture" -C "$profile_name" -r "$work/pcaps/$capture"
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
        title="no window"
        [ -z "$dialog" ] || title="the window '$(xdotool getwindowname "$dialog")'"
        case "$title" in
        *"$stats_title"*) ;;
        *)
            log "the Statistics menu keys '$stats_menu' opened $title instead of a" \
                "window titled '$stats_title': give --stats-menu"
            stop_wireshark
            exit 1
            ;;
        esac
        xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 800 520
        sleep 3  # the statistics computed and shown
        if [ $# -gt 0 ]; then
            # The tree focused by a click on its first row, then the keys.
            xdotool mousemove 200 "$STATS_FIRST_ROW" click 1
            sleep 0.5
            xdotool key --delay 150 "$@"
            sleep 1
            if [ -n "$type_name" ]; then
                # The tree's search as one types: the row whose name
                # starts so, then the keys after it.
                xdotool type --delay 150 "$type_name"
                sleep 1
                xdotool key "$type_then"
                sleep 1
            fi
            park_mouse
        fi
        # shellcheck disable=SC2086 # one word per option
        import -window "$dialog" $PNG_OPTIONS "$work/$name.png"
        stop_wireshark
    }

    # statistics.png: the whole tree of seed-services.pcap.
    type_name=""
    if [ -n "$stats_menu" ] && wanted statistics; then
        stats_shot statistics seed-services.pcap
    fi

    # step6-open.png: open-doors.pcap after the Open button, the SYN-ACK
    # of the workstation 192.0.2.102 from its Telnet port (frame 82)
    # selected, its Port Classification subtree opened.
    lesson_shot step6-open open-doors.pcap "$open" 82 4 230 605

    # step6-stats.png: the statistics tree of open-doors.pcap with only its
    # branch "Open ports by host" open: every top-level branch closed (Left
    # on each, from the first), then the open ports' one opened with its
    # hosts (Shift+Right), which STATS_OPEN_PORTS_KEYS select.
    if [ -n "$stats_menu" ] && wanted step6-stats; then
        type_name=$STATS_OPEN_PORTS_NAME type_then=shift+Right
        # shellcheck disable=SC2046 # one word per key
        stats_shot step6-stats open-doors.pcap Home $(for _ in $(seq "$STATS_BRANCHES"); do
            printf 'Left Down '
        done)
        type_name=""
    fi
    exit 0
fi

# --- Outside: checks, the private setup, the virtual display --------------------
while [ $# -gt 0 ]; do
    case "$1" in
    --plugin-dir) plugin_dir=$(realpath -m "$2"); shift 2 ;;
    --output) output_dir=$(realpath -m "$2"); shift 2 ;;
    --language) language=$2; shift 2 ;;
    --stats-tree) stats_tree=$2; shift 2 ;;
    --stats-menu) stats_menu=$2; shift 2 ;;
    --stats-title) stats_title=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --only) only=$2; shift 2 ;;
    -h | --help) sed -n '2,73p' "$0"; exit 0 ;;
    *) echo "make-screenshots: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
# Per language: the profile, Wireshark's name of its translation (the
# locale of a wireshark_LOCALE.qm; "en" is the untranslated window).
case "$language" in
en) profile_name=PortClass wireshark_language=en ;;
ja) profile_name=PortClass-ja wireshark_language=ja_JP ;;
*) echo "make-screenshots: --language is en or ja, not '$language'" >&2; exit 2 ;;
esac
# The statistics tree's title: the plugin's in Wireshark's language.
if [ -z "$stats_title" ]; then
    stats_title="Port Classification"
    [ "$language" = en ] || stats_title="ポート分類"
fi
if [ -z "$output_dir" ]; then
    output_dir=$source_dir/docs/images
    [ "$language" = en ] || output_dir=$output_dir/$language
fi
if [ ! -d "$source_dir/profiles/$profile_name" ]; then
    echo "make-screenshots: no profile profiles/$profile_name" >&2
    exit 1
fi

missing=""
for tool in wireshark:wireshark tshark:tshark xvfb-run:xvfb xauth:xauth xdotool:xdotool \
    import:imagemagick setpriv:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
# The Japanese window's labels need a font with Japanese glyphs.
if [ "$language" = ja ] && [ -z "$(fc-list :lang=ja family 2>/dev/null)" ]; then
    missing="$missing fonts-ipafont-gothic"
fi
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
cp -r "$source_dir/profiles/$profile_name" "$work/home/.config/wireshark/profiles/"
# The English buttons, whose labels name the filters of the lessons.
cp "$source_dir/profiles/PortClass/dfilter_buttons" "$work/dfilter_buttons.en"
# The window's language, as Wireshark writes it (Edit > Preferences >
# Appearance > Language).
printf 'language: %s\n' "$wireshark_language" >"$work/home/.config/wireshark/language"
# The plugin's language in the profile, unless the profile sets it, and in
# the Default profile (late-packet.png).
for preferences in "$work/home/.config/wireshark/profiles/$profile_name/preferences" \
    "$work/home/.config/wireshark/preferences"; do
    if ! grep -qs '^portclass\.language:' "$preferences"; then
        printf '\nportclass.language: %s\n' "$language" >>"$preferences"
    fi
done
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
    "$work/make-screenshots.sh" --in-xvfb "$work" "$stats_menu" "$stats_title" "$only" \
    "$language" ||
    status=$?

mkdir -p "$output_dir"
for png in "$work"/*.png; do
    [ -f "$png" ] || continue
    name=$(basename "$png")
    cp "$png" "$output_dir/$name"
    echo "make-screenshots: $output_dir/$name ($(wc -c <"$png") bytes)"
done
if [ "$status" -ne 0 ]; then
    echo "make-screenshots: FAILED (see the messages above; --keep keeps Wireshark's log)" >&2
    exit "$status"
fi
