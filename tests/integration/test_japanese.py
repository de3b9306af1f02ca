"""The plugin's Japanese: when it speaks it, and what it says.

When: portclass.language defaults to auto, which follows Wireshark's own
display language (the "language" file that Wireshark's window writes into
the personal configuration folder, "language: ja_JP"), else the system's
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG); -o portclass.language:en or :ja
overrides both. The sandbox runs with LANG=LC_ALL=C.UTF-8 and an empty
configuration folder, so every other test reads English.

What: over every capture of pcaps/ read with -o portclass.language:ja,
the packet details (-V -O portclass) and the expert infos (-z expert) use
the seed article's terms and the project's spellings, and no item of a
portclass subtree keeps an English name:

- no line holds 動的 or 一時ポート (the terms the seed article and the
  lesson do not use: ダイナミック, エフェメラル);
- no line holds サーバー, ユーザー, コンピューター, ヘッダー, キャプチャー
  or フィルター (the project writes サーバ, ユーザ, ... as the seed article
  and Wireshark's own Japanese translation do);
- every item of a portclass subtree (the lines one level below a
  "[ポート分類: ...]" line) has a name with Japanese in it. An item's name
  is its label up to the first ": " (the whole label when it has none);
  its value may stay English (client-to-server, True, a service name):
  filter values are the same in every language. The lines further down,
  the expert infos Wireshark hangs under an item ("Expert Info (...)",
  "Severity level", "Group"), are Wireshark's own and are not checked;
- the summary line says the classes in Japanese (ダイナミック, ウェルノウン,
  登録), not as the filter values;
- every expert message of PortClass is Japanese and polite (です/ます).
"""

import os
import re
import unittest

from tsharkrun import CAPTURES, SOURCE_DIR, TsharkTestCase, in_parallel

# data/services.tsv's descriptions of Telnet (23/tcp), in both languages.
TELNET_EN = "remote login with no encryption at all"
TELNET_JA = "暗号化をまったく行わないリモートログイン"
SUMMARY_EN = "[Port Classification: 50023 (dynamic) -> 23 (well-known, Telnet)]"
SUMMARY_JA = "[ポート分類: 50023 (ダイナミック) -> 23 (ウェルノウン、Telnet)]"

JAPANESE_LOCALE = {"LC_ALL": "ja_JP.UTF-8", "LANG": "ja_JP.UTF-8"}
# What Wireshark 4.0's window writes when Japanese is chosen under
# Appearance > Language (ui/language.c).
WIRESHARK_LANGUAGE_FILE = ("# Language settings file for Wireshark 4.0.17.\n"
                           "#\n"
                           "# This file is regenerated each time Wireshark is quit.\n"
                           "# So be careful, if you want to make manual changes here.\n"
                           "\n"
                           "language: {}\n")

FORBIDDEN_TERMS = ["動的", "一時ポート"]
LONG_VOWEL_SPELLINGS = ["サーバー", "ユーザー", "コンピューター", "ヘッダー", "キャプチャー",
                        "フィルター"]
# The name of every item a portclass subtree can show, in Japanese.
ITEM_NAMES_JA = {"トランスポート層", "送信元ポート", "宛先ポート", "ICMP エラー内のヘッダ",
                 "通信の向き", "サーバ判定の根拠", "平文のサービス", "ポートの状態",
                 "アプリケーションプロトコル", "本来のポート以外"}
SUMMARY = re.compile(r"^( *)\[(ポート分類|Port Classification): (.*)\]$")
# Wireshark cuts an item's label and an expert message at 240 bytes, the
# terminating NUL included.
LABEL_BYTES = 240
# An expert info shows in the packet details as an item labelled
# "Expert Info (Note/Security): MESSAGE", cut like any label; the longest
# prefix is that of a Warning (a profile may raise portclass's Notes).
EXPERT_ITEM_PREFIX = "Expert Info (Warning/Security): "


def has_japanese(text):
    return any(ord(character) > 0x7F for character in text)


def portclass_items(output):
    """[(summary line, [item line, ...]), ...]: every portclass subtree of
    tshark -V output, with the lines one level below its summary line."""
    subtrees = []
    current, indent = None, None
    for line in output.splitlines():
        match = SUMMARY.match(line)
        if match:
            indent = len(match.group(1)) + 4
            current = (line.strip(), [])
            subtrees.append(current)
            continue
        depth = len(line) - len(line.lstrip(" "))
        if current is None or depth < indent:
            current = None
        elif depth == indent:
            current[1].append(line.strip())
    return subtrees


def item_name(line):
    """"通信の向き" of "[通信の向き: クライアントからサーバへ (client-to-server)]"."""
    label = line[1:-1] if line.startswith("[") and line.endswith("]") else line
    return label.split(": ", 1)[0]


def expert_messages(output, protocol="PortClass"):
    """The summaries of protocol's expert infos in tshark -z expert output."""
    messages = []
    for line in output.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] == protocol and parts[0].isdigit():
            messages.append(parts[3])
    return messages


class LanguageDefaultTest(TsharkTestCase):
    """portclass.language's default follows Wireshark's language, else the
    system's; -o chooses one. Seen on seed-services.pcap's frame 6, a SYN to
    Telnet: its subtree's summary line and the Telnet description. Each case
    runs with a configuration folder of its own, so that they can run side
    by side."""

    def speaks(self, cases):
        """["en" or "ja", ...]: the language of frame 6's subtree in each
        case (env, configuration files, extra tshark arguments): tshark runs
        with the sandbox's environment plus env, and a configuration folder
        of its own holding the files {name: text or bytes, or a function
        that makes it from its path}."""
        runs = []
        for env, files, extra_args in cases:
            env = dict(env or {})
            if files:
                folder = self.tshark.make_dir(f"config-{next(self.folders)}", 0o777)
                for name, content in files.items():
                    if callable(content):
                        content(os.path.join(folder, name))
                    else:
                        self.tshark.write_config_file(name, content, folder)
                env.update({"WIRESHARK_CONFIG_DIR": folder, "XDG_CONFIG_HOME": folder})
            runs.append((env, extra_args))

        def run(env, extra_args):
            return self.tshark.run("-n", "-r", self.tshark.capture("seed-services.pcap"),
                                   "-Y", "frame.number == 6", "-V", "-O", "portclass",
                                   *extra_args, env=env or None)

        languages = []
        for case, result in zip(cases, in_parallel(run, runs)):
            self.assertEqual(result.stderr, "", case)
            lines = result.stdout.splitlines()
            if SUMMARY_JA in lines and TELNET_JA in result.stdout:
                self.assertNotIn("Port Classification", result.stdout, case)
                languages.append("ja")
            else:
                self.assertIn(SUMMARY_EN, lines, case)
                self.assertIn(TELNET_EN, result.stdout, case)
                languages.append("en")
        return languages

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folders = iter(range(1000))

    def test_the_sandbox_speaks_english(self):
        environment = self.tshark.environment()
        self.assertEqual((environment["LANG"], environment["LC_ALL"]), ("C.UTF-8", "C.UTF-8"))
        self.assertNotIn("LANGUAGE", environment)
        self.assertNotIn("LC_MESSAGES", environment)
        self.assertEqual(os.listdir(self.tshark.config_dir), [])
        self.assertEqual(self.speaks([(None, None, ())]), ["en"])

    def test_the_system_language(self):
        cases = {"ja": [JAPANESE_LOCALE, {"LANGUAGE": "ja"},
                        {"LC_ALL": "", "LANG": "ja_JP.UTF-8"},
                        {"LC_ALL": "", "LC_MESSAGES": "ja_JP.UTF-8"},
                        # The first of the user's languages that portclass speaks.
                        {"LANGUAGE": "fr:ja"}],
                 "en": [{"LANGUAGE": "en:ja", **JAPANESE_LOCALE}, {"LC_ALL": "de_DE.UTF-8"}]}
        for language, envs in cases.items():
            self.assertEqual(self.speaks([(env, None, ()) for env in envs]),
                             [language] * len(envs), envs)

    def test_wireshark_language_comes_first(self):
        def file(value):
            return {"language": WIRESHARK_LANGUAGE_FILE.format(value)}

        cases = [(None, file("ja_JP"), ()), (JAPANESE_LOCALE, file("en_US"), ()),
                 ({"LANGUAGE": "ja"}, file("de"), ()),
                 # "system" (the window's "Use system setting") leaves it to
                 # the system.
                 (JAPANESE_LOCALE, file("system"), ()), (None, file("system"), ())]
        self.assertEqual(self.speaks(cases), ["ja", "en", "en", "ja", "en"])

    def test_the_preference_wins(self):
        japanese_file = {"language": WIRESHARK_LANGUAGE_FILE.format("ja_JP")}
        english_file = {"language": WIRESHARK_LANGUAGE_FILE.format("en_US")}
        cases = [(JAPANESE_LOCALE, japanese_file, ["-o", "portclass.language:en"]),
                 (None, english_file, ["-o", "portclass.language:ja"]),
                 (JAPANESE_LOCALE, japanese_file, ["-o", "portclass.language:auto"]),
                 # A preferences file that says English.
                 (JAPANESE_LOCALE, {**japanese_file,
                                    "preferences": "portclass.language: English\n"}, ()),
                 # One saved while English was the default: a comment.
                 (JAPANESE_LOCALE, {**japanese_file,
                                    "preferences": "#portclass.language: English\n"}, ())]
        self.assertEqual(self.speaks(cases), ["en", "ja", "ja", "en", "ja"])

    def test_odd_language_files_are_ignored_quietly(self):
        """Read silently or not at all: nothing on stderr (speaks() checks
        it), no hang, and the system's language decides."""
        def unreadable(path):
            # As root tshark runs as nobody, to whom a file of root's own
            # with mode 0600 is unreadable.
            with open(path, "w", encoding="utf-8") as f:
                f.write("language: ja_JP\n")
            os.chmod(path, 0o600 if os.geteuid() == 0 else 0o000)

        def folder(path):
            os.mkdir(path)
            os.chmod(path, 0o755)

        def pipe(path):
            # Nobody writes to it: opening it would wait for ever.
            os.mkfifo(path, 0o666)
            os.chmod(path, 0o666)

        odd = [b"", b"language:\n", b"\xff\xfe\x00garbage\x00\n", b"x" * 200000,
               b"# " + b"language: ja " * 10000 + b"\n", b"language: (null)\n", unreadable,
               folder, pipe]
        cases = [(env, {"language": content}, ()) for content in odd
                 for env in (None, JAPANESE_LOCALE)]
        self.assertEqual(self.speaks(cases), ["en", "ja"] * len(odd))


class JapaneseWordsTest(TsharkTestCase):
    """The Japanese tree and expert infos over every capture of pcaps/, from
    one run per capture: -V -O portclass prints the details, -z expert the
    expert infos after them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def read(capture):
            """The details and, after them, the expert infos."""
            output = cls.tshark.run("-n", "-o", "portclass.language:ja", "-V", "-O", "portclass",
                                    "-z", "expert", "-r", cls.tshark.capture(capture)).stdout
            return capture, output

        cls.outputs = in_parallel(read, [(capture,) for capture in CAPTURES])

    def test_no_forbidden_terms(self):
        for capture, output in self.outputs:
            for line in output.splitlines():
                for term in FORBIDDEN_TERMS + LONG_VOWEL_SPELLINGS:
                    self.assertNotIn(term, line, f"{capture}: {line}")

    def test_no_label_is_cut(self):
        """Wireshark marks a label it had to cut with "[truncated]" (an
        expert info's item, whose label is "Expert Info (...): MESSAGE")."""
        for capture, output in self.outputs:
            for line in output.splitlines():
                self.assertNotIn("[truncated]", line, f"{capture}: {line}")

    def test_every_item_has_a_japanese_name(self):
        names = set()
        subtrees = 0
        for capture, output in self.outputs:
            for summary, items in portclass_items(output):
                subtrees += 1
                self.assertTrue(summary.startswith("[ポート分類: "), f"{capture}: {summary}")
                for line in items:
                    name = item_name(line)
                    self.assertTrue(has_japanese(name), f"{capture}: {line}")
                    names.add(name)
        self.assertGreater(subtrees, 200)
        # Every item the subtree can show is seen at least once, so every
        # name above was checked.
        self.assertEqual(names, ITEM_NAMES_JA)

    def test_summary_lines_say_the_classes_in_japanese(self):
        words = set()
        for capture, output in self.outputs:
            for summary, _ in portclass_items(output):
                self.assertNotRegex(summary, r"\((well-known|registered|dynamic)[,)]",
                                    f"{capture}: {summary}")
                words.update(re.findall(r" \d+ \(([^、)]+)", summary))
        self.assertEqual(words, {"ウェルノウン", "登録", "ダイナミック"})

    def test_values_are_said_in_words(self):
        """The direction, evidence and port state lines say their value in
        Japanese words, then the filter value in brackets:
        "[ポートの状態: 開いている (open)]"."""
        seen = set()
        for capture, output in self.outputs:
            for _, items in portclass_items(output):
                for line in items:
                    name = item_name(line)
                    if name in ("通信の向き", "サーバ判定の根拠", "ポートの状態"):
                        value = line[1:-1].split(": ", 1)[1]
                        match = re.fullmatch(r"(.+) \(([a-z-]+)\)", value)
                        self.assertIsNotNone(match, f"{capture}: {line}")
                        self.assertTrue(has_japanese(match.group(1)), f"{capture}: {line}")
                        seen.add(match.group(2))
        self.assertEqual(seen, {"client-to-server", "server-to-client", "syn", "syn-ack", "port",
                                "first-packet", "open", "closed"})

    def test_port_lines_are_whole(self):
        """A label longer than Wireshark's 240 bytes is cut: the Japanese
        port lines, three bytes a character, must fit. The plugin cuts
        between characters, so a cut line is at least 237 bytes long."""
        for capture, output in self.outputs:
            for _, items in portclass_items(output):
                for line in items:
                    if item_name(line) in ("送信元ポート", "宛先ポート"):
                        self.assertLess(len(line[1:-1].encode()), LABEL_BYTES - 3,
                                        f"{capture}: {line}")

    def test_expert_messages_are_japanese_and_polite(self):
        messages = set()
        for capture, output in self.outputs:
            for message in expert_messages(output):
                self.assertTrue(has_japanese(message), f"{capture}: {message}")
                self.assertRegex(message, "(です|ます|ください)", f"{capture}: {message}")
                messages.add(message)
        self.assertIn("Telnetはパスワードを含むすべての通信を暗号化せずに送るため、"
                      "代わりに通信を暗号化するSSH(22)を使ってください", messages)
        self.assertIn("198.51.100.20 のポート 23/tcp (Telnet) は開いています (open)", messages)
        self.assertIn("ポート 0/udp が使われています。0 番は予約済みでどのサービスも待ち受けない"
                      "ため、形式の誤ったパケットか、スキャンなどの探査と考えられます", messages)


class ServiceNotesTest(unittest.TestCase):
    """data/services.tsv's security notes are expert messages, which
    Wireshark cuts at 240 bytes, and in the packet details after
    "Expert Info (...): ": each fits whole, in both languages, and the
    Japanese ones are polite like the plugin's own messages."""

    def test_notes_fit_and_are_polite(self):
        with open(os.path.join(SOURCE_DIR, "data", "services.tsv"), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f
                    if line.strip() and not line.startswith("#")]
        notes = [(row[6], row[7]) for row in rows if row[6]]
        self.assertGreater(len(notes), 50)
        for english, japanese in notes:
            for note in (english, japanese):
                self.assertLess(len((EXPERT_ITEM_PREFIX + note).encode()), LABEL_BYTES, note)
            self.assertRegex(japanese, "(ください|ます|です)$", japanese)
            for term in FORBIDDEN_TERMS + LONG_VOWEL_SPELLINGS:
                self.assertNotIn(term, japanese)
        for row in rows:
            for term in FORBIDDEN_TERMS + LONG_VOWEL_SPELLINGS:
                self.assertNotIn(term, row[4], row[4])


if __name__ == "__main__":
    unittest.main()
