#!/usr/bin/env python3
"""The one sandbox in which the tests, the benchmark, fuzz.sh and
memcheck.sh run Wireshark's programs (tshark, sharkd, wireshark), isolated
from the user's own Wireshark setup.

A sandbox is a private temporary folder holding:

    plugins/<major.minor>/epan/   Wireshark's plugin layout, with a copy of
                                  the plugin under test or empty (the same
                                  setup without it); WIRESHARK_PLUGIN_DIR
    home/, home/config/           HOME, XDG_CONFIG_HOME and
                                  WIRESHARK_CONFIG_DIR: no personal profile,
                                  preferences or plugins of the user count
    extcap/                       WIRESHARK_EXTCAP_DIR, empty: no extcap
                                  helper starts (androiddump hangs when it
                                  inherits a preloaded ASan runtime)
    captures/                     copies of what the program reads
    out/                          a folder the program may write to

and the environment is cleared but for PATH, LANG=LC_ALL=C.UTF-8, TZ=UTC
and the folders above: no LANGUAGE, and an empty configuration folder, so
the programs and the plugin speak English unless a test sets the language
(environment variables through env/--env, a file of the configuration
folder through write_config_file).

Wireshark ignores WIRESHARK_PLUGIN_DIR and the personal folders when it runs
as root. So as root the programs run as the unprivileged user "nobody"
(uid/gid 65534) through setpriv, and everything they read is made readable
by that user (folders 0755, files 0644; home/ and out/ writable by all).

From Python: Sandbox(plugin).execute([...]) or its command() and environment().
From a shell script, through the functions of tests/tshark-sandbox.sh, or
directly:

    PLUGIN=$(python3 tests/sandbox.py plugin BUILD_DIR)
    eval "$(python3 tests/sandbox.py create --plugin "$PLUGIN" [--env VAR=VALUE]...)"
    "${SANDBOX_CMD[@]}" tshark -r "$SANDBOX_CAPTURES/x.pcap"
    rm -rf -- "$SANDBOX"

`create` prints bash assignments: SANDBOX (the folder), SANDBOX_PLUGIN_DIR,
SANDBOX_CAPTURES, SANDBOX_OUT and the array SANDBOX_CMD, the prefix that
runs a program in the sandbox (setpriv when root, then env -i with the
sandbox's environment plus the --env settings).
"""

import argparse
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

NOBODY = 65534   # uid and gid of "nobody"/"nogroup" on Debian and most others
PLUGIN_NAME = "portclass.so"
# No "portclass" in the folder's name: fuzz.sh looks for that word in
# tshark's messages.
TEMP_PREFIX = "pcsandbox-"


class SandboxError(Exception):
    """The sandbox cannot be made (no plugin built, no setpriv, ...)."""


def find_plugin(build_dir):
    """The path of BUILD_DIR/plugins/<series>/epan/portclass.so."""
    matches = sorted(glob.glob(os.path.join(build_dir, "plugins", "*", "epan", PLUGIN_NAME)))
    if not matches:
        raise SandboxError(f"no plugins/<series>/epan/{PLUGIN_NAME} under {build_dir} "
                           "(build it first)")
    if len(matches) > 1:
        raise SandboxError(f"several plugin builds under {build_dir}: {matches}")
    return matches[0]


def plugin_series(plugin_path):
    """'4.0' from .../plugins/4.0/epan/portclass.so."""
    return os.path.basename(os.path.dirname(os.path.dirname(plugin_path)))


def privilege_drop_prefix():
    """setpriv as nobody when root, else nothing.

    setpriv execs its command in its own process, so the process a caller
    starts and waits for is the program itself (the benchmark's memory
    figures rely on that)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        raise SandboxError("running as root needs setpriv (util-linux) to run Wireshark's "
                           "programs as nobody")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


class Sandbox:
    """A private folder and environment to run Wireshark's programs in.

    plugin: the plugin to load, or None for the same setup without it;
    series: the plugin folder's <major.minor> when plugin is None."""

    def __init__(self, plugin=None, series=None):
        self.root = tempfile.mkdtemp(prefix=TEMP_PREFIX)
        os.chmod(self.root, 0o755)
        self.home = self.make_dir("home", 0o777)
        self.config_dir = self.make_dir(os.path.join("home", "config"), 0o777)
        self.plugin_dir = self.make_dir("plugins")
        series = plugin_series(plugin) if plugin else (series or "0.0")
        epan = self.make_dir(os.path.join("plugins", series, "epan"))
        if plugin:
            self.copy(plugin, epan, PLUGIN_NAME, 0o755)
        self.extcap_dir = self.make_dir("extcap")
        self.captures = self.make_dir("captures")
        self.out = self.make_dir("out", 0o777)

    def make_dir(self, relative, mode=0o755):
        """Makes ROOT/relative (and its parents) with mode; returns its path."""
        path = self.root
        for part in relative.split(os.sep):
            # Each level explicitly: os.makedirs leaves parents at the umask.
            path = os.path.join(path, part)
            if not os.path.isdir(path):
                os.mkdir(path)
                os.chmod(path, mode)
        os.chmod(path, mode)
        return path

    @staticmethod
    def copy(source, folder, name=None, mode=0o644):
        """Copies source into folder (as name) with mode; returns the copy's path."""
        target = os.path.join(folder, name or os.path.basename(source))
        shutil.copyfile(source, target)
        os.chmod(target, mode)
        return target

    def add_file(self, source, name=None):
        """Copies a file into captures/; returns its new path."""
        return self.copy(source, self.captures, name)

    def write_file(self, name, data):
        """Writes bytes into captures/; returns the path."""
        target = os.path.join(self.captures, name)
        with open(target, "wb") as f:
            f.write(data)
        os.chmod(target, 0o644)
        return target

    def write_config_file(self, name, data, folder=None):
        """Writes text or bytes as home/config/NAME, the personal
        configuration folder every program of the sandbox reads (e.g.
        "preferences", or "language" where Wireshark's window keeps its
        display language), or as NAME in another folder (one given to a
        program as its WIRESHARK_CONFIG_DIR); returns the path."""
        target = os.path.join(folder or self.config_dir, name)
        with open(target, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(target, 0o644)
        return target

    def environment(self, extra=None):
        """The whole environment of a program run in the sandbox."""
        env = {
            "PATH": os.environ.get("PATH") or "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "HOME": self.home,
            "XDG_CONFIG_HOME": self.config_dir,
            "WIRESHARK_CONFIG_DIR": self.config_dir,
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
            "WIRESHARK_EXTCAP_DIR": self.extcap_dir,
        }
        env.update(extra or {})
        return env

    @staticmethod
    def command(argv):
        """argv as it must be started: as nobody when we are root."""
        return privilege_drop_prefix() + list(argv)

    def shell_prefix(self, extra=None):
        """The command prefix for a shell, which passes the environment
        itself: setpriv when root, then env -i with environment(extra)."""
        env = self.environment(extra)
        return self.command(["env", "-i"] + [f"{key}={value}" for key, value in env.items()])

    def execute(self, argv, env=None, **kwargs):
        """subprocess.run of argv in the sandbox (in its folder, with its
        environment plus env); kwargs go to subprocess.run."""
        kwargs.setdefault("cwd", self.root)
        kwargs.setdefault("check", False)
        return subprocess.run(self.command(argv), env=self.environment(env), **kwargs)

    def cleanup(self):
        """Removes the sandbox's folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)


# --------------------------------------------------------------------------
# Command line, for the shell scripts
# --------------------------------------------------------------------------

def shell_assignments(sandbox, extra):
    """bash assignments describing sandbox (see the module's text)."""
    values = {"SANDBOX": sandbox.root, "SANDBOX_PLUGIN_DIR": sandbox.plugin_dir,
              "SANDBOX_CAPTURES": sandbox.captures, "SANDBOX_OUT": sandbox.out}
    lines = [f"{name}={shlex.quote(value)}" for name, value in values.items()]
    words = " ".join(shlex.quote(word) for word in sandbox.shell_prefix(extra))
    lines.append(f"SANDBOX_CMD=({words})")
    return "\n".join(lines)


def env_setting(text):
    """VAR=VALUE of --env, as a (VAR, VALUE) pair."""
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise argparse.ArgumentTypeError(f"expected VAR=VALUE, not {text!r}")
    return name, value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="sandbox.py", description="Run Wireshark's programs isolated from the user's setup.")
    commands = parser.add_subparsers(dest="action", required=True)
    plugin = commands.add_parser("plugin", help="print the path of a build's plugin")
    plugin.add_argument("build_dir")
    create = commands.add_parser("create", help="make a sandbox; print bash assignments")
    create.add_argument("--plugin", help="the plugin to load (default: none)")
    create.add_argument("--series", help="plugin folder <major.minor> without --plugin")
    create.add_argument("--env", type=env_setting, action="append", default=[],
                        metavar="VAR=VALUE", help="more environment (repeatable)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.action == "plugin":
            print(find_plugin(args.build_dir))
        else:
            if args.plugin and not os.path.isfile(args.plugin):
                raise SandboxError(f"no plugin {args.plugin}")
            privilege_drop_prefix()         # fail before making anything
            print(shell_assignments(Sandbox(args.plugin, args.series), dict(args.env)))
    except SandboxError as error:
        print(f"sandbox.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
