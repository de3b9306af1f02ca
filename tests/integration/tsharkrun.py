"""Run the real tshark with or without the portclass plugin, isolated.

Every run gets a private temporary folder holding a copy of the plugin in
Wireshark's plugin layout (plugins/<major.minor>/epan/portclass.so), a
private HOME and configuration folder (so the user's own Wireshark profile,
personal plugins and preferences play no part) and copies of the captures.

Wireshark ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder when it
runs as root. So when the tests run as root, tshark runs as the unprivileged
user "nobody" (uid/gid 65534) through setpriv; everything it reads is copied
into the private folder, which that user can read.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get(
    "PORTCLASS_SOURCE_DIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
PLUGIN = os.environ.get("PORTCLASS_PLUGIN", "")
PCAPS_DIR = os.path.join(SOURCE_DIR, "pcaps")
PROFILES_DIR = os.path.join(SOURCE_DIR, "profiles")
NOBODY = 65534


def tshark_version():
    """(major, minor, micro) of the tshark on PATH."""
    first_line = subprocess.run(["tshark", "--version"], capture_output=True,
                                text=True).stdout.splitlines()[0]
    return tuple(int(part) for part in first_line.split()[2].split(".")[:3])


TSHARK_VERSION = tshark_version()

def plugin_series(plugin_path):
    """'4.0' from .../plugins/4.0/epan/portclass.so."""
    return os.path.basename(os.path.dirname(os.path.dirname(plugin_path)))


class Tshark:
    """A private tshark setup; with_plugin=False gives the same setup without it."""

    def __init__(self, with_plugin=True):
        if with_plugin and not os.path.isfile(PLUGIN):
            raise unittest.SkipTest("PORTCLASS_PLUGIN does not name a built plugin")
        self.root = tempfile.mkdtemp(prefix="portclass-test-")
        os.chmod(self.root, 0o755)
        self.home = self._make_dir("home", 0o777)
        self.config_dir = self._make_dir("home/config", 0o777)
        self.plugin_dir = self._make_dir("plugins", 0o755)
        series_dir = self._make_dir(
            os.path.join("plugins", plugin_series(PLUGIN) if PLUGIN else "0.0", "epan"), 0o755)
        if with_plugin:
            target = os.path.join(series_dir, "portclass.so")
            shutil.copy(PLUGIN, target)
            os.chmod(target, 0o755)
        self.pcaps = self._make_dir("pcaps", 0o755)
        for name in os.listdir(PCAPS_DIR):
            if name.endswith(".pcap"):
                self.add_file(os.path.join(PCAPS_DIR, name))

    def _make_dir(self, relative, mode):
        path = os.path.join(self.root, relative)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, mode)
        # os.makedirs leaves intermediate folders at the umask's mode.
        return path

    def add_file(self, source, name=None):
        """Copies a file into the private folder; returns its new path."""
        target = os.path.join(self.pcaps, name or os.path.basename(source))
        shutil.copy(source, target)
        os.chmod(target, 0o644)
        return target

    def write_file(self, name, data):
        """Writes bytes into the private folder; returns the path."""
        target = os.path.join(self.pcaps, name)
        with open(target, "wb") as f:
            f.write(data)
        os.chmod(target, 0o644)
        return target

    def capture(self, name):
        return os.path.join(self.pcaps, name)

    def install_profile(self, name="PortClass", source=None):
        """Copies a configuration profile (default: profiles/NAME of the
        repository) into the private personal profiles folder, where -C
        NAME finds it; returns the copy's folder."""
        source = source or os.path.join(PROFILES_DIR, name)
        target = os.path.join(self.config_dir, "profiles", name)
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.makedirs(target)
        for relative in ("profiles", os.path.join("profiles", name)):
            os.chmod(os.path.join(self.config_dir, relative), 0o777)
        for file_name in os.listdir(source):
            shutil.copy(os.path.join(source, file_name), target)
            os.chmod(os.path.join(target, file_name), 0o666)
        return target

    def environment(self, extra=None):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "HOME": self.home,
            "XDG_CONFIG_HOME": self.config_dir,
            "WIRESHARK_CONFIG_DIR": self.config_dir,
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
        }
        env.update(extra or {})
        return env

    def run(self, *args, env=None, check=True, program="tshark", stdin=None):
        """Runs tshark (or another Wireshark program) with args; returns the
        CompletedProcess with text output. stdin: text or bytes fed to its
        standard input."""
        command = [program] + list(args)
        if os.geteuid() == 0:
            command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                       "--clear-groups"] + command
        if isinstance(stdin, str):
            stdin = stdin.encode()
        result = subprocess.run(command, env=self.environment(env), cwd=self.root,
                                input=stdin, capture_output=True, check=False)
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        if check and result.returncode != 0:
            raise AssertionError(
                f"{program} {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result

    def sharkd(self, capture, frames):
        """Loads a capture into sharkd, then asks for the protocol tree of
        each frame, in the order given. Returns {frame: tree}, each tree the
        list of top-level nodes sharkd sends (label "l", filter "f",
        children "n"; hidden items left out, as the window does)."""
        requests = [{"jsonrpc": "2.0", "id": 1, "method": "load",
                     "params": {"file": self.capture(capture)}}]
        for number, frame in enumerate(frames, start=2):
            requests.append({"jsonrpc": "2.0", "id": number, "method": "frame",
                             "params": {"frame": frame, "proto": True}})
        stdin = "".join(json.dumps(request) + "\n" for request in requests)
        output = self.run("-", program="sharkd", stdin=stdin).stdout
        replies = {}
        for line in output.splitlines():
            if line.startswith("{"):
                reply = json.loads(line)
                replies[reply.get("id")] = reply
        if replies.get(1, {}).get("result", {}).get("status") != "OK":
            raise AssertionError(f"sharkd could not load {capture}: {replies.get(1)}")
        trees = {}
        for number, frame in enumerate(frames, start=2):
            reply = replies.get(number)
            if not reply or "result" not in reply:
                raise AssertionError(f"sharkd gave no tree for frame {frame} of {capture}")
            trees[frame] = reply["result"]["tree"]
        return trees

    def fields(self, capture, fields, display_filter=None, extra_args=(), env=None):
        """Rows of -T fields output: one list of strings per packet."""
        args = ["-n", "-r", self.capture(capture), "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=,"]
        if display_filter:
            args += ["-Y", display_filter]
        for field in fields:
            args += ["-e", field]
        args += list(extra_args)
        output = self.run(*args, env=env).stdout
        return [line.split("\t") for line in output.splitlines()]

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


class TsharkTestCase(unittest.TestCase):
    """Gives each test class one Tshark setup with the plugin loaded."""

    @classmethod
    def setUpClass(cls):
        cls.tshark = Tshark(with_plugin=True)
        plugins = cls.tshark.run("-G", "plugins").stdout
        if "portclass.so" not in plugins:
            cls.tshark.cleanup()
            raise AssertionError("tshark did not load the plugin from the build tree:\n"
                                 + plugins)

    @classmethod
    def tearDownClass(cls):
        cls.tshark.cleanup()
