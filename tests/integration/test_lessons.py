"""The lessons stay true: every command in docs/lesson.md and
docs/lesson.ja.md runs, prints exactly the answer written under it, and
both languages teach the same commands with the same answers.

Markup (also noted at the top of each lesson): a command is a fenced
block with the info string `sh` holding one tshark command (a long one may
continue over several lines with a trailing backslash). Its answer is the next
fenced block, which must have the info string `text` and come before any
other fenced block; plain prose may sit between them. Lessons contain no
other fenced blocks. Output and answer are compared line by line after
stripping trailing whitespace from each line and dropping leading and
trailing empty lines.
"""

import os
import re
import shlex
import unittest

from tsharkrun import PCAPS_DIR, SOURCE_DIR, TsharkTestCase

LESSONS = ("docs/lesson.md", "docs/lesson.ja.md")

FENCE = re.compile(r"^([ \t]*)```([^\n`]*)\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)

# The options a lesson command may use: reading a capture, filtering and
# printing. Nothing that writes files, captures live or runs scripts.
ALLOWED_OPTIONS = {"-n", "-r", "-Y", "-R", "-2", "-c", "-T", "-e", "-E", "-q", "-z", "-V",
                   "-O", "-x", "-t", "-d", "--disable-heuristic", "--enable-heuristic"}
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
    blocks = [(m.group(2).strip(), dedent(m.group(3), len(m.group(1))),
               markdown.count("\n", 0, m.start()) + 1)
              for m in FENCE.finditer(markdown)]
    fences = len(re.findall(r"^[ \t]*```", markdown, re.M))
    if fences != 2 * len(blocks):
        raise LessonError(f"{fences} fence lines, but {len(blocks)} blocks found: "
                          "an unclosed or oddly written fence")
    result = []
    index = 0
    while index < len(blocks):
        info, body, line = blocks[index]
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
        result.append((command, answer))
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
    if args.count("-r") != 1:
        raise LessonError(f"exactly one -r capture needed: {command!r}")
    position = args.index("-r") + 1
    capture = args[position] if position < len(args) else ""
    name = capture[len("pcaps/"):]
    if (not capture.startswith("pcaps/") or "/" in name
            or not os.path.isfile(os.path.join(PCAPS_DIR, name))):
        raise LessonError(f"-r must name a capture in pcaps/: {command!r}")
    return args, position, name


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
                    args[position] = self.tshark.capture(name)
                    result = self.tshark.run(*args, check=False)
                    self.assertEqual(result.returncode, 0,
                                     f"{command}\nexited {result.returncode}:\n{result.stderr}")
                    self.assertEqual(normalise(result.stdout), answer,
                                     f"{relative}, command {number}: {command}")
                    self.assertEqual(result.stderr, "", f"{command} warns")


if __name__ == "__main__":
    unittest.main()
