"""The lessons stay true: every command in docs/lesson.md and
docs/lesson.ja.md runs, prints exactly the answer written under it, and
both languages teach the same commands with the same answers; every window
part selects the same packets as its tshark command, every picture exists,
and the hand-outs are up to date.

Markup (also noted at the top of each lesson): a command is a fenced
block with the info string `sh` holding one tshark command (a long one may
continue over several lines with a trailing backslash). Its answer is the next
fenced block, which must have the info string `text` and come before any
other fenced block; plain prose may sit between them. Lessons contain no
other fenced blocks. Output and answer are compared line by line after
stripping trailing whitespace from each line and dropping leading and
trailing empty lines.

A window part ("In Wireshark") starts with a comment
`<!-- window: pcaps/NAME.pcap [button="LABEL" | filter=`EXPR`] [decode-as=`-d X`] -->`.
Before the first command after it, its text must name the capture
(`pcaps/NAME.pcap` as code) and the button (`**LABEL**`) or the filter
(`EXPR` as code), and say "Decode As" when it needs one. A window part
with a button or filter must select, with the profile PortClass, the same
packets as one of the tshark commands up to the next window part or
heading. Every "## Step" section starts with a window part.
"""

import importlib.util
import os
import re
import shlex
import unittest

from tsharkrun import PCAPS_DIR, SOURCE_DIR, TsharkTestCase

LESSONS = ("docs/lesson.md", "docs/lesson.ja.md")
DOCS_DIR = os.path.join(SOURCE_DIR, "docs")
BUTTONS_FILE = os.path.join(SOURCE_DIR, "profiles", "PortClass", "dfilter_buttons")


def load_handout_script():
    """docs/make-handout.py as a module (hand-outs and the UAT reader)."""
    spec = importlib.util.spec_from_file_location(
        "make_handout", os.path.join(DOCS_DIR, "make-handout.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HANDOUT = load_handout_script()
# {label: filter} of the PortClass profile's filter buttons, in toolbar order.
BUTTONS = {label: expression for _, label, expression, _ in HANDOUT.read_uat(BUTTONS_FILE)}

WINDOW = re.compile(r"<!--\s*window:\s*(.*?)\s*-->", re.S)
WINDOW_OPTION = re.compile(r'(button)="([^"]*)"|(filter|decode-as)=`([^`]*)`')
STEP_HEADING = re.compile(r"^## (?:Step \d|ステップ\d)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# tshark options that change which packets a command selects (and how
# they are dissected); the others only change what is printed.
SELECTING_OPTIONS = {"-r": 1, "-Y": 1, "-R": 1, "-2": 0, "-c": 1, "-d": 1, "-C": 1,
                     "--disable-heuristic": 1, "--enable-heuristic": 1}
OUTPUT_OPTIONS = {"-T": 1, "-e": 1, "-E": 1, "-q": 0, "-z": 1, "-V": 0, "-O": 1, "-x": 0,
                  "-t": 1, "-n": 0}

FENCE = re.compile(r"^([ \t]*)```([^\n`]*)\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)

# The options a lesson command may use: reading a capture, filtering and
# printing. Nothing that writes files, captures live or runs scripts.
ALLOWED_OPTIONS = {"-n", "-r", "-Y", "-R", "-2", "-c", "-T", "-e", "-E", "-q", "-z", "-V",
                   "-O", "-x", "-t", "-d", "--disable-heuristic", "--enable-heuristic", "-C"}
SHELL_OPERATORS = set("();<>|&")


class LessonError(Exception):
    """The markup of a lesson is broken."""


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative), encoding="utf-8") as f:
        return f.read()


def normalise(text):
    """Lines with trailing whitespace stripped, without leading and trailing
    empty lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def dedent(body, indent):
    """The block's text without the indentation of its fence (as in a list
    item): up to that many leading spaces go, as in CommonMark."""
    return "\n".join(line[min(indent, len(line) - len(line.lstrip(" "))):]
                     for line in body.split("\n"))


def steps(markdown):
    """[(command text, answer lines)] in the order of the lesson."""
    return [(command, answer) for command, answer, _ in located_steps(markdown)]


def located_steps(markdown):
    """[(command text, answer lines, offset of the command's fence)]."""
    blocks = [(m.group(2).strip(), dedent(m.group(3), len(m.group(1))),
               markdown.count("\n", 0, m.start()) + 1, m.start())
              for m in FENCE.finditer(markdown)]
    fences = len(re.findall(r"^[ \t]*```", markdown, re.M))
    if fences != 2 * len(blocks):
        raise LessonError(f"{fences} fence lines, but {len(blocks)} blocks found: "
                          "an unclosed or oddly written fence")
    result = []
    index = 0
    while index < len(blocks):
        info, body, line, offset = blocks[index]
        if info != "sh":
            raise LessonError(f"line {line}: a ```{info} block that does not answer a command "
                              "(only ```sh commands and their ```text answers are allowed)")
        if index + 1 >= len(blocks) or blocks[index + 1][0] != "text":
            raise LessonError(f"line {line}: command without a ```text answer right after it")
        command = re.sub(r"[ \t]*\\\n[ \t]*", " ", body).strip()
        if "\n" in command:
            raise LessonError(f"line {line}: more than one command in a block")
        answer = normalise(blocks[index + 1][1])
        if not answer:
            raise LessonError(f"line {line}: empty answer")
        result.append((command, answer, offset))
        index += 2
    return result


def tshark_arguments(command):
    """The arguments of a lesson's tshark command, captures mapped to the
    sandbox's copies; raises LessonError for anything else."""
    if "$" in command or "`" in command:
        raise LessonError(f"shell expansion in {command!r}")
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = list(lexer)
    if not words or words[0] != "tshark":
        raise LessonError(f"not a tshark command: {command!r}")
    args = words[1:]
    for word in args:
        if word and set(word) <= SHELL_OPERATORS:
            raise LessonError(f"shell operator {word!r} in {command!r}")
        if word.startswith("-") and word not in ALLOWED_OPTIONS:
            raise LessonError(f"option {word} is not for lessons: {command!r}")
    if "-n" not in args:
        raise LessonError(f"no -n (name resolution would leak in): {command!r}")
    if "-C" in args and args[args.index("-C") + 1:args.index("-C") + 2] != ["PortClass"]:
        raise LessonError(f"-C names another profile than PortClass: {command!r}")
    if args.count("-r") != 1:
        raise LessonError(f"exactly one -r capture needed: {command!r}")
    position = args.index("-r") + 1
    capture = args[position] if position < len(args) else ""
    name = capture[len("pcaps/"):]
    if (not capture.startswith("pcaps/") or "/" in name
            or not os.path.isfile(os.path.join(PCAPS_DIR, name))):
        raise LessonError(f"-r must name a capture in pcaps/: {command!r}")
    return args, position, name


class WindowPart:
    """One "In Wireshark" part: what the window uses, its text and the
    tshark commands that follow it up to the next window part or heading."""

    def __init__(self, spec, text, commands):
        self.spec = spec
        words = spec.split(None, 1)
        self.capture = words[0] if words else ""
        options = words[1] if len(words) > 1 else ""
        if not re.fullmatch(r"pcaps/[\w.-]+\.pcap", self.capture):
            raise LessonError(f"window part without a capture: {spec!r}")
        found = {}
        for match in WINDOW_OPTION.finditer(options):
            key = match.group(1) or match.group(3)
            if key in found:
                raise LessonError(f"{key} given twice: {spec!r}")
            found[key] = match.group(2) if match.group(1) else match.group(4)
        if WINDOW_OPTION.sub("", options).strip():
            raise LessonError(f"unknown window option in {spec!r}")
        if "button" in found and "filter" in found:
            raise LessonError(f"a button and a filter in one window part: {spec!r}")
        if "button" in found and found["button"] not in BUTTONS:
            raise LessonError(f"no filter button {found['button']!r} in the profile: {spec!r}")
        self.button = found.get("button")
        self.filter = BUTTONS[self.button] if self.button else found.get("filter")
        self.decode_as = shlex.split(found.get("decode-as", ""))
        self.text = text
        self.commands = commands


def normalise_spaces(text):
    return " ".join(text.split())


def window_parts(markdown):
    """[WindowPart] in the order of the lesson."""
    commands = located_steps(markdown)
    markers = list(WINDOW.finditer(markdown))
    headings = [m.start() for m in re.finditer(r"^#{1,6} ", markdown, re.M)]
    parts = []
    for index, marker in enumerate(markers):
        end = min([m.start() for m in markers[index + 1:index + 2]]
                  + [h for h in headings if h > marker.start()] + [len(markdown)])
        own = [(command, offset) for command, _, offset in commands
               if marker.end() <= offset < end]
        text_end = own[0][1] if own else end
        parts.append(WindowPart(normalise_spaces(marker.group(1)),
                                markdown[marker.end():text_end], [c for c, _ in own]))
    return parts


def step_sections(markdown):
    """[(heading, text)] of the "## Step" sections."""
    starts = [m.start() for m in re.finditer(r"^## ", markdown, re.M)] + [len(markdown)]
    return [(markdown[start:markdown.index("\n", start)], markdown[start:end])
            for start, end in zip(starts, starts[1:]) if STEP_HEADING.match(markdown[start:])]


def dissection_options(args):
    """The options of a command's arguments that change how packets are
    dissected (Decode As, heuristics), as a flat list."""
    result = []
    for index, word in enumerate(args):
        if word in ("-d", "--disable-heuristic", "--enable-heuristic"):
            result += args[index:index + 2]
    return result


def selecting_arguments(args):
    """The arguments of a command that decide which packets it prints
    (capture, filters, count, dissection, profile), without the ones that
    only shape the output. Raises LessonError for an unknown option."""
    result = []
    index = 0
    while index < len(args):
        word = args[index]
        if word in SELECTING_OPTIONS:
            result += args[index:index + 1 + SELECTING_OPTIONS[word]]
            index += 1 + SELECTING_OPTIONS[word]
        elif word in OUTPUT_OPTIONS:
            index += 1 + OUTPUT_OPTIONS[word]
        else:
            raise LessonError(f"cannot tell what {word!r} does to the packets selected")
    return result


class MarkupTest(unittest.TestCase):
    """The parser itself: broken markup is refused, not skipped."""

    def test_command_without_answer_is_refused(self):
        with self.assertRaises(LessonError):
            steps("```sh\ntshark -n -r pcaps/port-zero.pcap\n```\n\nNo answer.\n")

    def test_answer_without_command_is_refused(self):
        with self.assertRaises(LessonError):
            steps("```text\n1\n```\n")

    def test_other_blocks_are_refused(self):
        with self.assertRaises(LessonError):
            steps("```bash\ntshark -n -r pcaps/port-zero.pcap\n```\n```text\n1\n```\n")

    def test_indented_blocks_count(self):
        self.assertEqual(
            steps("1. Try:\n\n   ```sh\n   tshark -n -r x\n   ```\n\n"
                  "   ```text\n      1\n   ```\n"),
            [("tshark -n -r x", ["   1"])])

    def test_unclosed_fence_is_refused(self):
        with self.assertRaises(LessonError):
            steps("```sh\ntshark -n -r x\n```\n```text\n1\n```\n```sh\ntshark\n")

    def test_prose_between_command_and_answer(self):
        self.assertEqual(
            steps("```sh\ntshark -n \\\n  -r x\n```\n\nAnswer:\n\n```text\n\n1\t2\t\n\n```\n"),
            [("tshark -n -r x", ["1\t2"])])

    def test_one_command_per_block(self):
        with self.assertRaises(LessonError):
            steps("```sh\ntshark -n -r x\ntshark -n -r y\n```\n```text\n1\n```\n")

    def test_window_markup(self):
        parts = window_parts("# A\n<!-- window: pcaps/syn-scan.pcap button=\"Closed\" -->\n"
                             "Open `pcaps/syn-scan.pcap`, click **Closed**.\n"
                             "```sh\ntshark -n -r pcaps/syn-scan.pcap\n```\n```text\n1\n```\n"
                             "<!-- window: pcaps/x.pcap filter=`a == \"b\"` "
                             "decode-as=`-d tcp.port==1,ssh` -->\n## B\n")
        self.assertEqual([(p.capture, p.button, p.filter, p.decode_as, p.commands)
                          for p in parts],
                         [("pcaps/syn-scan.pcap", "Closed", BUTTONS["Closed"], [],
                           ["tshark -n -r pcaps/syn-scan.pcap"]),
                          ("pcaps/x.pcap", None, 'a == "b"', ["-d", "tcp.port==1,ssh"], [])])
        self.assertEqual(normalise_spaces(parts[0].text),
                         "Open `pcaps/syn-scan.pcap`, click **Closed**.")

    def test_bad_window_markup_is_refused(self):
        for spec in ("button=\"Closed\"", "pcaps/x.pcap button=\"No such button\"",
                     "pcaps/x.pcap colour=`red`", "pcaps/x.pcap button=\"Open\" filter=`x`"):
            with self.subTest(spec=spec), self.assertRaises(LessonError):
                window_parts(f"<!-- window: {spec} -->\n")

    def test_selecting_arguments(self):
        self.assertEqual(selecting_arguments(
            ["-C", "PortClass", "-n", "-r", "c.pcap", "-d", "tcp.port==1,ssh", "-Y", "f", "-T",
             "fields", "-E", "header=y", "-e", "x", "-c", "7", "-q", "-z", "expert,warn"]),
            ["-C", "PortClass", "-r", "c.pcap", "-d", "tcp.port==1,ssh", "-Y", "f", "-c", "7"])

    def test_non_tshark_commands_are_refused(self):
        for command in ("ls pcaps", "tshark -n -r pcaps/port-zero.pcap | head",
                        "tshark -n -r pcaps/port-zero.pcap; id",
                        "tshark -n -r pcaps/port-zero.pcap -w /tmp/x",
                        "tshark -n -r pcaps/port-zero.pcap -X lua_script:x.lua",
                        "tshark -n -r $(id)", "tshark -r pcaps/port-zero.pcap",
                        "tshark -n -r /etc/passwd", "tshark -n -r pcaps/../README.md"):
            with self.subTest(command=command), self.assertRaises(LessonError):
                tshark_arguments(command)


class LessonTest(TsharkTestCase):
    """Runs every command of both lessons and checks its answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Window parts, and a command with -C PortClass, use the profile.
        cls.tshark.install_profile()

    def lesson_steps(self, relative):
        try:
            return steps(read(relative))
        except LessonError as error:
            raise AssertionError(f"{relative}: {error}") from error

    def test_lessons_have_commands(self):
        for relative in LESSONS:
            with self.subTest(lesson=relative):
                self.assertGreaterEqual(len(self.lesson_steps(relative)), 10)

    def test_languages_teach_the_same_steps(self):
        english, japanese = (self.lesson_steps(relative) for relative in LESSONS)
        self.assertEqual(len(english), len(japanese), "different number of commands")
        for number, (en, ja) in enumerate(zip(english, japanese), 1):
            with self.subTest(command=number):
                self.assertEqual(en, ja, f"command {number} or its answer differs")

    def test_same_sections(self):
        counts = [len(re.findall(r"^##+ ", read(relative), re.M)) for relative in LESSONS]
        self.assertEqual(counts[0], counts[1], "the lessons have different numbers of headings")

    def test_answers(self):
        for relative in LESSONS:
            for number, (command, answer) in enumerate(self.lesson_steps(relative), 1):
                with self.subTest(lesson=relative, command=number):
                    try:
                        args, position, name = tshark_arguments(command)
                    except LessonError as error:
                        raise AssertionError(f"{relative}: {error}") from error
                    if (name == "nonstandard-ports.pcap"
                            and not self.tshark.dns_decoded_on_8053(dissection_options(args))):
                        # Wireshark 3.4 decodes no DNS on port 8053 unless told to.
                        answer = [line for line in answer if "\tdns\t8053" not in line]
                    args[position] = self.tshark.capture(name)
                    result = self.tshark.run(*args, check=False)
                    self.assertEqual(result.returncode, 0,
                                     f"{command}\nexited {result.returncode}:\n{result.stderr}")
                    self.assertEqual(normalise(result.stdout), answer,
                                     f"{relative}, command {number}: {command}")
                    self.assertEqual(result.stderr, "", f"{command} warns")


class WindowTest(TsharkTestCase):
    """The "In Wireshark" parts: the window's filter selects the packets
    of the tshark command, in the PortClass profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshark.install_profile()

    def parts(self, relative):
        try:
            return window_parts(read(relative))
        except LessonError as error:
            raise AssertionError(f"{relative}: {error}") from error

    def frames(self, args):
        """Frame numbers a tshark run with these selecting arguments prints."""
        result = self.tshark.run(*args, "-T", "fields", "-e", "frame.number", check=False)
        self.assertEqual(result.returncode, 0, f"tshark {' '.join(args)}:\n{result.stderr}")
        return [int(line) for line in result.stdout.split()]

    def test_filters_select_the_commands_packets(self):
        for relative in LESSONS:
            for part in self.parts(relative):
                if part.filter is None:
                    continue
                with self.subTest(lesson=relative, window=part.spec):
                    capture = self.tshark.capture(part.capture[len("pcaps/"):])
                    window = self.frames(["-C", "PortClass", "-n", "-r", capture]
                                         + part.decode_as + ["-Y", part.filter])
                    self.assertTrue(window, "the window part's filter selects no packet")
                    selected = []
                    for command in part.commands:
                        args, position, name = tshark_arguments(command)
                        if (name != part.capture[len("pcaps/"):]
                                or dissection_options(args) != part.decode_as):
                            continue
                        args[position] = self.tshark.capture(name)
                        selected.append(self.frames(["-C", "PortClass", "-n"]
                                                    + selecting_arguments(args)))
                    self.assertIn(window, selected,
                                  f"no tshark command after the window part selects frames "
                                  f"{window} of {part.capture}")

    def test_parts_say_what_to_do(self):
        for relative in LESSONS:
            for part in self.parts(relative):
                with self.subTest(lesson=relative, window=part.spec):
                    text = normalise_spaces(part.text)
                    self.assertIn(f"`{part.capture}`", text, "the capture is not named")
                    if part.button:
                        self.assertIn(f"**{part.button}**", text, "the button is not named")
                    elif part.filter:
                        self.assertIn(f"`{normalise_spaces(part.filter)}`", text,
                                      "the filter is not shown")
                    if part.decode_as:
                        self.assertIn("Decode As", text, "Decode As is not explained")
                    self.assertTrue(part.commands, "no tshark command follows")

    def test_steps_start_in_the_window(self):
        for relative in LESSONS:
            sections = step_sections(read(relative))
            self.assertEqual(len(sections), 5, f"{relative}: steps")
            for heading, text in sections:
                with self.subTest(lesson=relative, step=heading):
                    window = WINDOW.search(text)
                    command = re.search(r"^```sh", text, re.M)
                    self.assertIsNotNone(window, "no window part")
                    self.assertIsNotNone(command, "no tshark part")
                    self.assertLess(window.start(), command.start(),
                                    "the tshark part comes before the window part")


class PicturesAndButtonsTest(unittest.TestCase):
    """Both languages show the same pictures and buttons, and the pictures
    exist."""

    def test_images_exist(self):
        for relative in LESSONS:
            images = IMAGE.findall(read(relative))
            self.assertGreaterEqual(len(images), 15, relative)
            for image in images:
                with self.subTest(lesson=relative, image=image):
                    self.assertTrue(os.path.isfile(os.path.join(DOCS_DIR, image)),
                                    f"{image} is missing")

    def test_languages_show_the_same(self):
        english, japanese = (read(relative) for relative in LESSONS)
        self.assertEqual(IMAGE.findall(english), IMAGE.findall(japanese), "images differ")
        self.assertEqual([normalise_spaces(m) for m in WINDOW.findall(english)],
                         [normalise_spaces(m) for m in WINDOW.findall(japanese)],
                         "window parts differ")

        def buttons(text):
            return [label for label in map(normalise_spaces, BOLD.findall(text))
                    if label in BUTTONS]
        self.assertEqual(buttons(english), buttons(japanese), "buttons named differ")
        self.assertEqual(set(buttons(english)), set(BUTTONS), "a button the lesson never names")

    def test_button_tables_are_the_profiles(self):
        for relative in LESSONS:
            rows = re.findall(r"^\| \*\*([^*]+)\*\* \| `([^`]+)` \|", read(relative), re.M)
            with self.subTest(lesson=relative):
                self.assertEqual(rows, list(BUTTONS.items()))


class HandoutTest(unittest.TestCase):
    """docs/handout.md and docs/handout.ja.md are what docs/make-handout.py
    writes from the lessons now."""

    def test_handouts_are_current(self):
        for path, text in HANDOUT.expected().items():
            with self.subTest(handout=path):
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), text, f"{os.path.relpath(path, SOURCE_DIR)} is "
                                     "stale: run docs/make-handout.py")

    def test_handout_has_exercises_not_answers(self):
        for path, text in HANDOUT.expected().items():
            with self.subTest(handout=path):
                self.assertEqual(len(re.findall(r"^\d+\. ", text, re.M)), 8)
                self.assertNotIn("```", text)
                self.assertNotIn("nicname", text)  # the answer to exercise 3
                for label in BUTTONS:
                    self.assertIn(f"**{label}**", text)

    def test_stale_handout_is_noticed(self):
        lesson = read("docs/lesson.md")
        changed = lesson.replace("Which class is port 50000?", "Which class is port 50001?")
        self.assertNotEqual(HANDOUT.render("lesson.md", changed, "en"),
                            HANDOUT.render("lesson.md", lesson, "en"))


if __name__ == "__main__":
    unittest.main()
