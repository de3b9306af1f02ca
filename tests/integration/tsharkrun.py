"""Run the real tshark with or without the portclass plugin, isolated.

Every run happens in a sandbox of tests/sandbox.py: a private folder with a
copy of the plugin in Wireshark's plugin layout, a private HOME and
configuration folder (so the user's own Wireshark profile, personal plugins
and preferences play no part) and copies of the captures; as root, tshark
runs as the user "nobody", for whom Wireshark honours WIRESHARK_PLUGIN_DIR.
"""

import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import unittest
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TESTS_DIR)
# NOBODY is also for the tests that run other commands as that user.
from sandbox import NOBODY, Sandbox, plugin_series  # noqa: E402,F401

from sharkdrun import Sharkd  # noqa: E402

SOURCE_DIR = os.environ.get("PORTCLASS_SOURCE_DIR", os.path.dirname(TESTS_DIR))
PLUGIN = os.environ.get("PORTCLASS_PLUGIN", "")
PCAPS_DIR = os.path.join(SOURCE_DIR, "pcaps")
PROFILES_DIR = os.path.join(SOURCE_DIR, "profiles")
# The captures that the checks over every capture (one answer in any order,
# the Japanese words, changing nothing else, the statistics' totals) go
# through. classroom-minute.pcap, the lessons' minute of traffic for the I/O
# graph, has 2,874 frames, nine times all the others together, of kinds they
# already hold (web, DNS, mail, a scan, STUN); its own checks are in
# test_pcaps.py and the lessons. It would add more than a minute to the
# README's test command, so the loops take it only with
# PORTCLASS_ALL_CAPTURES=1, as .ci/run sets in a part of its own.
LONG_CAPTURES = ("classroom-minute.pcap",)
CAPTURES = sorted(name for name in os.listdir(PCAPS_DIR) if name.endswith(".pcap")
                  and (os.environ.get("PORTCLASS_ALL_CAPTURES") == "1"
                       or name not in LONG_CAPTURES))

# tshark runs at once within a test process: the machines that run the
# suite have two cores, and ctest -j2 runs two test processes besides.
WORKERS = 2

# The output of every tshark run of this process that can be shared: see
# Tshark.run. {key: CompletedProcess}; a lock per key, so that two threads
# asking for the same run wait for one.
_RUNS = {}
_RUNS_LOCK = threading.Lock()
_KEY_LOCKS = {}


def in_parallel(function, argument_lists, workers=WORKERS):
    """[function(*arguments) for arguments in argument_lists], run in
    `workers` threads (each call mostly waits for a tshark process)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda arguments: function(*arguments), argument_lists))


_FILE_DIGESTS = {}


def _file_digest(path, status):
    """The content digest of a file, remembered while it is unchanged."""
    memo = (path, status.st_ino, status.st_size, status.st_mtime_ns)
    if memo not in _FILE_DIGESTS:
        with open(path, "rb") as f:
            _FILE_DIGESTS[memo] = hashlib.sha1(f.read()).digest()
    return _FILE_DIGESTS[memo]


def _tree_digest(folder):
    """A digest of every file's path and content below folder."""
    digest = hashlib.sha1()
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(parent, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            try:
                digest.update(_file_digest(path, os.stat(path)))
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


# Characters XML 1.0 does not allow in a document, not even as references.
NOT_XML_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parse_pdml(pdml):
    """The root element of tshark -T pdml output. Wireshark 3.4 writes
    control characters of a field's value (an IMAP line holding a TLS
    record) into its show attribute as they are, which XML 1.0 forbids and
    no XML parser accepts; each is read as U+FFFD."""
    return ElementTree.fromstring(NOT_XML_CHARACTERS.sub("\ufffd", pdml))


def pdml_items(pdml, shown_only):
    """{frame: [(depth, field name, label), ...]}: the items of every
    portclass subtree of every packet of tshark -T pdml output, in tree
    order. With shown_only, items hidden in the window (and whatever hangs
    below them) are left out, as sharkd leaves them out."""
    items = {}
    for packet in parse_pdml(pdml).iter("packet"):
        frame = int(packet.find("proto[@name='frame']/field[@name='frame.number']").get("show"))
        found = items.setdefault(frame, [])

        def walk(element, depth):
            for child in element:
                if shown_only and child.get("hide") == "yes":
                    continue
                label = child.get("showname") or child.get("show") or ""
                found.append((depth, child.get("name"), label))
                walk(child, depth + 1)

        for proto in packet.findall("proto[@name='portclass']"):
            found.append((0, "portclass", proto.get("showname")))
            walk(proto, 1)
    return items


def concatenated(paths):
    """One classic pcap holding the packets of paths in turn; they must share
    their file header (as pcaps/README.md says they do)."""
    headers, bodies = set(), []
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        headers.add(data[:24])
        bodies.append(data[24:])
    if len(headers) != 1:
        raise AssertionError(f"the captures differ in their file headers: {headers}")
    return headers.pop() + b"".join(bodies)


def pcap_frame_count(path):
    """The number of packets of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    order = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    count, offset = 0, 24
    while offset + 16 <= len(data):
        captured = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        offset += 16 + captured
        count += 1
    return count


class Tshark(Sandbox):
    """A sandbox holding the repository's captures; with_plugin=False gives
    the same setup without the plugin."""

    def __init__(self, with_plugin=True):
        # A missing plugin fails the tests: skipped, they would pass a build
        # that made no plugin.
        if with_plugin and not os.path.isfile(PLUGIN):
            raise AssertionError(f"PORTCLASS_PLUGIN does not name a built plugin: {PLUGIN!r}")
        super().__init__(PLUGIN if with_plugin else None,
                         plugin_series(PLUGIN) if PLUGIN else None)
        self.with_plugin = with_plugin
        self.sharkd_runner = Sharkd(self.run)
        self._frame_protocols = {}
        self._finds_global_profiles = None
        for name in sorted(os.listdir(PCAPS_DIR)):
            if name.endswith(".pcap"):
                self.add_file(os.path.join(PCAPS_DIR, name))

    def capture(self, name):
        return os.path.join(self.captures, name)

    def install_profile(self, name="PortClass", source=None):
        """Copies a configuration profile (default: profiles/NAME of the
        repository) into the private personal profiles folder, where -C
        NAME finds it; returns the copy's folder."""
        source = source or os.path.join(PROFILES_DIR, name)
        relative = os.path.join("home", "config", "profiles", name)
        target = os.path.join(self.root, relative)
        if os.path.isdir(target):
            shutil.rmtree(target)
        self.make_dir(relative, 0o777)
        for file_name in os.listdir(source):
            self.copy(os.path.join(source, file_name), target, mode=0o666)
        return target

    def global_profile(self, data_dir, name="PortClass"):
        """Makes tshark -C NAME use the global profile DATA_DIR/profiles/NAME;
        returns the environment to run tshark with (Wireshark's data folder
        from WIRESHARK_DATA_DIR). Where tshark finds a global profile itself
        (and copies it into the personal folder on first use), nothing else is
        done. Wireshark 3.4's tshark looks only in the personal folder ("does
        not exist"); for it the profile is copied there here."""
        if not self.finds_global_profiles():
            self.install_profile(name, os.path.join(data_dir, "profiles", name))
        return {"WIRESHARK_DATA_DIR": data_dir}

    def finds_global_profiles(self):
        """Whether tshark -C finds a profile that is only in the global
        profiles folder: asked with a scratch data folder holding an empty
        profile and a scratch configuration folder, so the sandbox's own
        configuration stays as it is."""
        if self._finds_global_profiles is None:
            probe = self.make_dir("global-profile-probe", 0o777)
            data_dir = self.make_dir(os.path.join("global-profile-probe", "data"))
            profile = self.make_dir(os.path.join("global-profile-probe", "data", "profiles",
                                                 "Probe"))
            with open(os.path.join(profile, "preferences"), "w", encoding="utf-8"):
                pass
            os.chmod(os.path.join(profile, "preferences"), 0o644)
            config_dir = self.make_dir(os.path.join("global-profile-probe", "config"), 0o777)
            result = self.run("-C", "Probe", "-n", "-r", self.capture("syn-scan.pcap"), "-c", "1",
                              check=False, env={"WIRESHARK_DATA_DIR": data_dir,
                                                "WIRESHARK_CONFIG_DIR": config_dir,
                                                "XDG_CONFIG_HOME": config_dir})
            self._finds_global_profiles = result.returncode == 0
            shutil.rmtree(probe)
        return self._finds_global_profiles

    def version(self):
        """(major, minor) of the tshark on PATH."""
        first_line = self.run("--version").stdout.splitlines()[0]
        return tuple(int(part) for part in first_line.split()[2].rstrip(".").split(".")[:2])

    def run_key(self, program, args, env, stdin):
        """What a run's output depends on, when it can be shared with other
        runs of this process, else None. Shared: tshark reading files,
        without more environment, standard input or files written (-w).
        The key holds the arguments with this sandbox's folder left out,
        whether the plugin is loaded, the content of every file or folder of
        the sandbox an argument names (captures, a services file given with
        -o) and the content of the private HOME (configuration, profiles):
        two sandboxes holding the same files give the same output."""
        if program != "tshark" or env or stdin is not None or "-w" in args:
            return None
        named = []
        for arg in args:
            for match in re.finditer(re.escape(self.root) + r"[^\s,;\"':]*", arg):
                path = match.group(0)
                if os.path.isdir(path):
                    named.append(_tree_digest(path))
                elif os.path.isfile(path):
                    named.append(_file_digest(path, os.stat(path)).hex())
                else:
                    named.append(None)
        words = tuple(arg.replace(self.root, "<sandbox>") for arg in args)
        return (self.with_plugin, words, tuple(named), _tree_digest(self.home))

    def run(self, *args, env=None, check=True, program="tshark", stdin=None):
        """Runs tshark (or another Wireshark program) with args; returns the
        CompletedProcess with text output. stdin: text or bytes fed to its
        standard input. A tshark run whose output depends only on its
        arguments, captures and configuration (run_key) is made once per
        test process: the tests that ask for the same output share it."""
        key = self.run_key(program, args, env, stdin)
        if key is None:
            return self._run(args, env, check, program, stdin)
        with _RUNS_LOCK:
            key_lock = _KEY_LOCKS.setdefault(key, threading.Lock())
        with key_lock:
            if key not in _RUNS:
                _RUNS[key] = self._run(args, env, False, program, stdin)
        result = _RUNS[key]
        self._check(program, args, result, check)
        return subprocess.CompletedProcess(result.args, result.returncode, result.stdout,
                                           result.stderr)

    @staticmethod
    def _check(program, args, result, check):
        if check and result.returncode != 0:
            raise AssertionError(
                f"{program} {' '.join(args)} exited {result.returncode}:\n{result.stderr}")

    def _run(self, args, env, check, program, stdin):
        if isinstance(stdin, str):
            stdin = stdin.encode()
        result = self.execute([program] + list(args), env=env, input=stdin,
                              capture_output=True)
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        self._check(program, args, result, check)
        return result

    def sharkd(self, capture, frames):
        """Loads a capture into a fresh sharkd, then asks for the protocol
        tree of each frame, in the order given. Returns {frame: tree}, each
        tree the list of top-level nodes sharkd sends (label "l", filter
        "f", children "n"; hidden items left out, as the window does). In
        either of sharkd's protocols (sharkdrun.py)."""
        return self.sharkd_runner.trees(self.capture(capture), frames)

    def frame_protocols(self, capture, frame, extra_args=()):
        """The protocols tshark decodes in one frame (frame.protocols), as a
        list; extra_args such as Decode As change the dissection. Asked once
        per sandbox: the probes below are called by many tests."""
        key = (capture, frame, tuple(extra_args))
        if key not in self._frame_protocols:
            rows = self.fields(capture, ["frame.protocols"],
                               display_filter=f"frame.number == {frame}", extra_args=extra_args)
            self._frame_protocols[key] = rows[0][0].split(":")
        return self._frame_protocols[key]

    def ssh_decoded_on_2222(self):
        """Whether tshark decodes the SSH on TCP port 2222 of
        nonstandard-ports.pcap: Wireshark 4.6 finds SSH on any port by a
        heuristic; 3.4 to 4.4 decode port 2222 only when told to."""
        return self.frame_protocols("nonstandard-ports.pcap", 9)[-1] == "ssh"

    def dns_decoded_on_8053(self, extra_args=()):
        """Whether tshark decodes the DNS on UDP port 8053 of
        nonstandard-ports.pcap (with extra_args, such as a Decode As):
        Wireshark 4.0 and later find DNS on any UDP port by a heuristic; 3.4
        decodes port 8053 only when told to."""
        return self.frame_protocols("nonstandard-ports.pcap", 11, extra_args)[-1] == "dns"

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
