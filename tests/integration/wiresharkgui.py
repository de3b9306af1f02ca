"""Run the real Wireshark window (Qt) on a virtual X display, isolated.

The window runs in the private setup of a tsharkrun.Tshark (its plugin
folder, configuration folder and copies of the captures), on a display of
its own (Xvfb picks a free display number itself, -displayfd, so that
runs of the tests side by side, ctest -j, or other X servers on the
machine never collide), as the user nobody when the tests run as root
(Wireshark ignores WIRESHARK_PLUGIN_DIR for root). A run starts Wireshark
with the given arguments, waits until a window whose title contains a given
text shows, lets it settle, and reports the titles of every visible window
of the Wireshark process and what Wireshark wrote to stderr.

Needs wireshark (the Qt GUI), Xvfb (xvfb) and xdotool;
missing() names the Debian packages to install when one is missing.
"""

import os
import shutil

from tsharkrun import NOBODY

TOOLS = (("wireshark", "wireshark"), ("Xvfb", "xvfb"), ("xdotool", "xdotool"))

# $1 = Wireshark's stderr log, $2 = the title text to wait for, $3 =
# seconds to let the window settle, then Wireshark's arguments. Starts a
# virtual display on a free number (Xvfb writes the number it took to fd 3
# once it accepts clients; local clients need no authorisation), runs
# Wireshark on it, prints "WINDOW <title>" per visible window of the
# Wireshark process, then "READY" if the awaited window showed, and stops
# the display.
SCRIPT = r"""
log=$1 wait_for=$2 settle=$3
shift 3
Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 3>display 2>xvfb.log &
xvfb=$!
tries=0
while [ ! -s display ] && [ $tries -lt 300 ] && kill -0 $xvfb 2>/dev/null; do
    tries=$((tries + 1))
    sleep 0.1
done
if [ ! -s display ]; then
    echo "Xvfb did not start:" >&2
    cat xvfb.log >&2
    kill $xvfb 2>/dev/null
    exit 1
fi
DISPLAY=:$(head -n 1 display)
export DISPLAY
wireshark "$@" >"$log" 2>&1 &
pid=$!
ready=0
tries=0
while [ $tries -lt 120 ] && kill -0 $pid 2>/dev/null; do
    tries=$((tries + 1))
    sleep 0.5
    for window in $(xdotool search --onlyvisible --pid $pid 2>/dev/null); do
        case "$(xdotool getwindowname "$window" 2>/dev/null)" in
        *"$wait_for"*) ready=1 ;;
        esac
    done
    [ $ready -eq 0 ] || break
done
[ $ready -eq 0 ] || sleep "$settle"
for window in $(xdotool search --onlyvisible --pid $pid 2>/dev/null); do
    echo "WINDOW $(xdotool getwindowname "$window" 2>/dev/null)"
done
[ $ready -eq 0 ] || echo READY
kill $pid 2>/dev/null
wait $pid 2>/dev/null
kill $xvfb 2>/dev/null
wait $xvfb 2>/dev/null
exit 0
"""

# What recent_common needs so that no dialog about the environment shows:
# running without capture interfaces, and a fixed window size.
RECENT_COMMON = """privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1280
gui.geometry_main_height: 800
"""


def missing():
    """The Debian packages of the tools that are not installed."""
    return [package for tool, package in TOOLS if shutil.which(tool) is None]


class GuiRun:
    """The windows a Wireshark run showed, and what it wrote to stderr."""

    def __init__(self, windows, ready, stderr):
        self.windows = windows
        self.ready = ready
        self.stderr = stderr


def run(tshark, args, wait_for, settle=3.0, timeout=180):
    """Starts Wireshark with args in the setup of the Tshark `tshark`,
    waits until a window whose title contains wait_for shows (at most a
    minute), lets it settle for `settle` seconds and returns a GuiRun."""
    work = tshark.make_dir("gui", 0o777)
    script = os.path.join(work, "run.sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o755)
    with open(os.path.join(tshark.config_dir, "recent_common"), "w", encoding="utf-8") as f:
        f.write(RECENT_COMMON)
    os.chmod(os.path.join(tshark.config_dir, "recent_common"), 0o666)
    # Qt wants a private runtime folder of its user.
    runtime = tshark.make_dir(os.path.join("gui", "runtime"), 0o700)
    if os.geteuid() == 0:
        os.chown(runtime, NOBODY, NOBODY)
    log = os.path.join(work, "wireshark.log")
    env = {"XDG_RUNTIME_DIR": runtime, "QT_QPA_PLATFORM": "xcb"}
    # A display that went away under Wireshark (another X server on the
    # machine reusing its number as it started) is tried once more.
    for attempt in (1, 2):
        for stale in ("display", "xvfb.log", "wireshark.log"):
            if os.path.exists(os.path.join(work, stale)):
                os.remove(os.path.join(work, stale))
        command = ["sh", script, log, wait_for, str(settle)] + list(args)
        result = tshark.execute(command, env=env, cwd=work, capture_output=True, text=True,
                                timeout=timeout)
        stderr = ""
        if os.path.exists(log):
            with open(log, encoding="utf-8", errors="replace") as f:
                stderr = f.read()
        if result.returncode != 0:
            raise AssertionError(f"the virtual display run exited {result.returncode}:\n"
                                 f"{result.stderr}\n{stderr}")
        windows = [line[len("WINDOW "):] for line in result.stdout.splitlines()
                   if line.startswith("WINDOW ")]
        ready = "READY" in result.stdout.splitlines()
        if ready or "could not connect to display" not in stderr or attempt == 2:
            return GuiRun(windows, ready, stderr)
    raise AssertionError("not reached")
