"""The lessons stay true: every command in docs/lesson.md and
docs/lesson.ja.md runs and prints exactly the answer written under it, and
every window part's filter or button selects, in the lesson's profile, the
same packets as its tshark command. The two lessons teach the same commands,
answers, window parts and pictures in the same order, and the hand-outs
are those docs/make-handout.py writes. (The parser below is checked by
test_lesson_markup.py, which tests/harness-checks.sh runs.)

Each lesson names its configuration profile near its top, in a comment
`<!-- profile: NAME -->` (profiles/NAME): PortClass for the English lesson,
PortClass-ja, the same buttons with Japanese labels, for the Japanese one.
Its window parts name the buttons of that profile, and a command's -C names
that profile.

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
A window part with a button or filter must select, with the lesson's
profile, the same packets as one of the tshark commands up to the next
window part or heading; before its first command, its text names the
capture, and the button in bold (**LABEL**) or the filter as code.
"""

import importlib.util
import os
import re
import shlex
import unittest

from tsharkrun import PCAPS_DIR, SOURCE_DIR, TsharkTestCase, in_parallel

LESSONS = ("docs/lesson.md", "docs/lesson.ja.md")
DOCS_DIR = os.path.join(SOURCE_DIR, "docs")
PROFILES_DIR = os.path.join(SOURCE_DIR, "profiles")
# The profile of a lesson without a profile comment (the parser's tests).
DEFAULT_PROFILE = "PortClass"
# The profiles the lessons name (<!-- profile: NAME -->).
LESSON_PROFILES = ("PortClass", "PortClass-ja")


def load_handout_script():
    """docs/make-handout.py as a module (hand-outs and the UAT reader)."""
    spec = importlib.util.spec_from_file_location(
        "make_handout", os.path.join(DOCS_DIR, "make-handout.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HANDOUT = load_handout_script()


def profile_buttons(profile):
    """{label: filter} of a profile's filter buttons, in toolbar order."""
    path = os.path.join(PROFILES_DIR, profile, "dfilter_buttons")
    if not re.fullmatch(r"[\w-]+", profile) or not os.path.isfile(path):
        raise LessonError(f"no profile {profile!r} with filter buttons in profiles/")
    return {label: expression for _, label, expression, _ in HANDOUT.read_uat(path)}


def lesson_profile(markdown, default=DEFAULT_PROFILE):
    """The profile a lesson's comment <!-- profile: NAME --> names, or the
    default when it has none; LessonError when it names two."""
    names = HANDOUT.lesson_profiles(markdown)
    if len(names) > 1:
        raise LessonError(f"more than one profile comment: {names}")
    return names[0] if names else default

WINDOW = re.compile(r"<!--\s*window:\s*(.*?)\s*-->", re.S)
WINDOW_OPTION = re.compile(r'(button)="([^"]*)"|(filter|decode-as)=`([^`]*)`')
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


def tshark_arguments(command, profile=DEFAULT_PROFILE):
    """The arguments of a lesson's tshark command, captures mapped to the
    sandbox's copies; raises LessonError for anything else (a -C naming
    another profile than the lesson's among it)."""
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
    if "-C" in args and args[args.index("-C") + 1:args.index("-C") + 2] != [profile]:
        raise LessonError(f"-C names another profile than {profile}: {command!r}")
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

    def __init__(self, spec, text, commands, buttons):
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
        if "button" in found and found["button"] not in buttons:
            raise LessonError(f"no filter button {found['button']!r} in the profile: {spec!r}")
        self.button = found.get("button")
        self.filter = buttons[self.button] if self.button else found.get("filter")
        self.decode_as = shlex.split(found.get("decode-as", ""))
        self.text = text
        self.commands = commands


def normalise_spaces(text):
    return " ".join(text.split())


def window_parts(markdown, profile=None):
    """[WindowPart] in the order of the lesson, whose buttons are those of
    the profile (default: the lesson's)."""
    buttons = profile_buttons(profile or lesson_profile(markdown))
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
                                markdown[marker.end():text_end], [c for c, _ in own], buttons))
    return parts


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


def names_its_window(part):
    """Whether a window part's text, before its first command, names its
    capture, and its button in bold or its filter as code."""
    text = normalise_spaces(part.text)
    if part.capture not in text:
        return False
    if part.button:
        return f"**{part.button}**" in text
    if part.filter:
        return f"`{normalise_spaces(part.filter)}`" in text
    return True


def images(markdown):
    """The pictures of a lesson, in order."""
    return re.findall(r"!\[[^\]]*\]\(\s*([^)\s]+)", markdown)


def outline(markdown):
    """What both languages must share, in order: the commands (a -C of the
    lesson's profile written -C PROFILE) with their answers, and the window
    parts (capture, the button's position in its profile or the filter,
    Decode As, their commands)."""
    profile = lesson_profile(markdown)
    labels = list(profile_buttons(profile))

    def same(command):
        return re.sub(rf"(^| )-C {re.escape(profile)}( |$)", r"\1-C PROFILE\2", command)

    commands = [(same(command), answer) for command, answer in steps(markdown)]
    parts = [(part.capture, labels.index(part.button) if part.button else None,
              part.filter, part.decode_as, [same(command) for command in part.commands])
             for part in window_parts(markdown)]
    return commands, parts


class LessonTest(TsharkTestCase):
    """Runs every command of both lessons and checks its answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Window parts, and a command with -C, use the lesson's profile.
        for relative in LESSONS:
            cls.tshark.install_profile(lesson_profile(read(relative)))

    def lesson_steps(self, relative):
        try:
            return steps(read(relative))
        except LessonError as error:
            raise AssertionError(f"{relative}: {error}") from error

    def test_lessons_have_commands(self):
        for relative in LESSONS:
            with self.subTest(lesson=relative):
                self.assertGreaterEqual(len(self.lesson_steps(relative)), 10)

    def test_answers(self):
        # Both lessons teach the same commands: each distinct one runs once
        # (tsharkrun.py shares the output), two at a time.
        checks = []
        for relative in LESSONS:
            profile = lesson_profile(read(relative))
            for number, (command, answer) in enumerate(self.lesson_steps(relative), 1):
                try:
                    args, position, name = tshark_arguments(command, profile)
                except LessonError as error:
                    raise AssertionError(f"{relative}: {error}") from error
                args[position] = self.tshark.capture(name)
                checks.append((relative, number, command, answer, args, name))
        results = in_parallel(lambda args: self.tshark.run(*args, check=False),
                              [(check[4],) for check in checks])
        for (relative, number, command, answer, args, name), result in zip(checks, results):
            with self.subTest(lesson=relative, command=number):
                if (name == "nonstandard-ports.pcap"
                        and not self.tshark.dns_decoded_on_8053(dissection_options(args))):
                    # Wireshark 3.4 decodes no DNS on port 8053 unless told to.
                    answer = [line for line in answer if "\tdns\t8053" not in line]
                self.assertEqual(result.returncode, 0,
                                 f"{command}\nexited {result.returncode}:\n{result.stderr}")
                output = normalise(result.stdout)
                if "io,stat" in command:
                    # Wireshark 4.6 spaces the I/O statistics table
                    # differently ("Col  1", "0 <> 5"); what it says is the
                    # same, so the table is compared without its spaces.
                    output = [re.sub(r"\s+", "", line) for line in output]
                    answer = [re.sub(r"\s+", "", line) for line in answer]
                self.assertEqual(output, answer, f"{relative}, command {number}: {command}")
                self.assertEqual(result.stderr, "", f"{command} warns")


class WindowTest(TsharkTestCase):
    """The "In Wireshark" parts: the window's filter selects the packets
    of the tshark command, in the lesson's profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for relative in LESSONS:
            cls.tshark.install_profile(lesson_profile(read(relative)))

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

    def test_parts_name_their_window(self):
        for relative in LESSONS:
            for part in self.parts(relative):
                with self.subTest(lesson=relative, window=part.spec):
                    self.assertTrue(names_its_window(part),
                                    f"the text does not name {part.capture} and "
                                    f"{part.button or part.filter}:\n{part.text}")

    def test_filters_select_the_commands_packets(self):
        # Which packets a filter selects depends on the profile's
        # preferences, not on its titles: PortClass-ja is PortClass with
        # Japanese titles and labels (test_profile.py checks that its
        # columns, buttons and graphs are PortClass's, button by button
        # over every capture). So every run selects in PortClass, and the
        # Japanese lesson's parts, which name the same filters, share the
        # English lesson's runs; all of them go two at a time.
        checks = []
        for relative in LESSONS:
            profile = lesson_profile(read(relative))
            for part in self.parts(relative):
                if part.filter is None:
                    continue
                capture = self.tshark.capture(part.capture[len("pcaps/"):])
                window = ["-C", DEFAULT_PROFILE, "-n", "-r", capture] + part.decode_as + [
                    "-Y", part.filter]
                commands = []
                for command in part.commands:
                    args, position, name = tshark_arguments(command, profile)
                    if (name != part.capture[len("pcaps/"):]
                            or dissection_options(args) != part.decode_as):
                        continue
                    args[position] = self.tshark.capture(name)
                    args = [arg if arg not in LESSON_PROFILES else DEFAULT_PROFILE
                            for arg in args]
                    if "-C" not in args:
                        args = ["-C", DEFAULT_PROFILE] + args
                    commands.append(["-n"] + selecting_arguments(args))
                checks.append((relative, part, window, commands))
        runs = list(dict.fromkeys(tuple(args) for _, _, window, commands in checks
                                  for args in [window] + commands))
        frames = dict(zip(runs, in_parallel(lambda args: self.frames(list(args)),
                                            [(args,) for args in runs])))
        for relative, part, window, commands in checks:
            with self.subTest(lesson=relative, window=part.spec):
                selected_by_window = frames[tuple(window)]
                self.assertTrue(selected_by_window, "the window part's filter selects no packet")
                self.assertIn(selected_by_window, [frames[tuple(args)] for args in commands],
                              f"no tshark command after the window part selects frames "
                              f"{selected_by_window} of {part.capture}")


class LessonsAgreeTest(unittest.TestCase):
    """The English and the Japanese lesson teach the same: the same
    commands and answers, window parts (the same button of each profile)
    and pictures, in the same order; each names its profile; the hand-outs
    are those docs/make-handout.py writes from them."""

    def outlines(self):
        try:
            return {relative: outline(read(relative)) for relative in LESSONS}
        except LessonError as error:
            raise AssertionError(str(error)) from error

    def test_profiles(self):
        self.assertEqual([HANDOUT.lesson_profiles(read(relative)) for relative in LESSONS],
                         [["PortClass"], ["PortClass-ja"]])

    def test_same_commands_and_answers(self):
        english, japanese = (self.outlines()[relative][0] for relative in LESSONS)
        self.assertEqual(len(japanese), len(english))
        for number, (en, ja) in enumerate(zip(english, japanese), 1):
            with self.subTest(command=number):
                self.assertEqual(ja, en)

    def test_same_window_parts(self):
        english, japanese = (self.outlines()[relative][1] for relative in LESSONS)
        self.assertEqual(len(japanese), len(english))
        for number, (en, ja) in enumerate(zip(english, japanese), 1):
            with self.subTest(window=number):
                self.assertEqual(ja, en)

    def test_same_pictures(self):
        english, japanese = (images(read(relative)) for relative in LESSONS)
        self.assertTrue(english)
        for picture in english:
            self.assertRegex(picture, r"^images/[\w.-]+\.png$")
        # The Japanese window's screenshots, under the same names.
        self.assertEqual(japanese, [picture.replace("images/", "images/ja/", 1)
                                    for picture in english])

    def test_handouts_are_up_to_date(self):
        for path, text in HANDOUT.expected().items():
            with self.subTest(handout=os.path.relpath(path, SOURCE_DIR)):
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), text, "run docs/make-handout.py")


if __name__ == "__main__":
    unittest.main()
