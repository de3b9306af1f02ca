"""The lesson parser of test_lessons.py: broken markup is refused, not
skipped, so that no lesson command goes unchecked. A check of the test
harness, not of the plugin: tests/harness-checks.sh runs it, not ctest."""

import unittest

from test_lessons import (LessonError, lesson_profile, names_its_window, normalise_spaces,
                          outline, profile_buttons, selecting_arguments, steps,
                          tshark_arguments, window_parts)

BUTTONS = profile_buttons("PortClass")


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

    def test_window_text_names_the_window(self):
        part, other, plain = window_parts(
            "<!-- window: pcaps/syn-scan.pcap button=\"Not ephemeral\" -->\n"
            "Open `pcaps/syn-scan.pcap`, click **Not\nephemeral**.\n"
            "<!-- window: pcaps/syn-scan.pcap filter=`a == \"b\"` -->\n"
            "Open `pcaps/ftp-active.pcap`, type `a == \"b\"`.\n"
            "<!-- window: pcaps/syn-scan.pcap -->\nOpen `pcaps/syn-scan.pcap`.\n")
        self.assertTrue(names_its_window(part))
        self.assertFalse(names_its_window(other), "names another capture")
        self.assertTrue(names_its_window(plain))
        unnamed, = window_parts("<!-- window: pcaps/syn-scan.pcap button=\"Open\" -->\n"
                                "Open `pcaps/syn-scan.pcap`, click Open.\n")
        self.assertFalse(names_its_window(unnamed), "the button is not in bold")

    def test_lesson_profile(self):
        self.assertEqual(lesson_profile("# A\n"), "PortClass")
        self.assertEqual(lesson_profile("# A\n<!-- profile: PortClass-ja -->\n"), "PortClass-ja")
        with self.assertRaises(LessonError):
            lesson_profile("<!-- profile: PortClass -->\n<!-- profile: PortClass-ja -->\n")
        with self.assertRaises(LessonError):
            window_parts("<!-- profile: NoSuchProfile -->\n")
        # A lesson's buttons are those of its profile, at the same positions.
        japanese = profile_buttons("PortClass-ja")
        self.assertEqual(list(japanese.values()), list(BUTTONS.values()))
        label = list(japanese)[7]
        part, = window_parts(f"<!-- profile: PortClass-ja -->\n"
                             f"<!-- window: pcaps/syn-scan.pcap button=\"{label}\" -->\n")
        self.assertEqual(part.filter, BUTTONS["Closed"])
        with self.assertRaises(LessonError):
            window_parts("<!-- profile: PortClass-ja -->\n"
                         "<!-- window: pcaps/syn-scan.pcap button=\"Closed\" -->\n")

    def test_outline_compares_across_profiles(self):
        lesson = ("<!-- window: pcaps/syn-scan.pcap button=\"{}\" -->\n"
                  "```sh\ntshark -C {} -n -r pcaps/syn-scan.pcap\n```\n```text\n1\n```\n")
        english = outline("<!-- profile: PortClass -->\n"
                          + lesson.format("Closed", "PortClass"))
        japanese = outline("<!-- profile: PortClass-ja -->\n"
                           + lesson.format(list(profile_buttons("PortClass-ja"))[7],
                                           "PortClass-ja"))
        self.assertEqual(japanese, english)
        self.assertEqual(english[0], [("tshark -C PROFILE -n -r pcaps/syn-scan.pcap", ["1"])])
        self.assertNotEqual(outline("<!-- profile: PortClass -->\n"
                                    + lesson.format("Open", "PortClass")), english)

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
                        "tshark -n -r /etc/passwd", "tshark -n -r pcaps/../README.md",
                        "tshark -C Default -n -r pcaps/port-zero.pcap"):
            with self.subTest(command=command), self.assertRaises(LessonError):
                tshark_arguments(command)
        # -C names the lesson's profile.
        command = "tshark -C PortClass-ja -n -r pcaps/port-zero.pcap"
        self.assertEqual(tshark_arguments(command, "PortClass-ja")[2], "port-zero.pcap")
        with self.assertRaises(LessonError):
            tshark_arguments(command)


if __name__ == "__main__":
    unittest.main()
