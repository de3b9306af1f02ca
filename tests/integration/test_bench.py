"""The pure parts of the benchmark (tests/bench/): the generated capture
is the same bytes on every run, and the report keeps the Markdown layout
that --update-readme writes into the README.

A check of the test harness, not of the plugin: tests/harness-checks.sh
runs it (and .ci/run), not ctest.
"""

import hashlib
import os
import shutil
import tempfile
import unittest

from tsharkrun import SOURCE_DIR  # first: it makes tests/ importable
from bench import SetupError, report, scenarios, traffic  # noqa: E402


class TrafficTest(unittest.TestCase):
    def test_capture_is_always_the_same(self):
        folder = tempfile.mkdtemp()
        try:
            path = os.path.join(folder, "300.pcap")
            traffic.write_pcap(path, traffic.generate_frames(300))
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
        finally:
            shutil.rmtree(folder)
        # Changing it changes what the README's figures were measured on.
        self.assertEqual(digest, "fa2135ce65f7fc3b785a2fd92d9490e78b1f2ce87d3262dd0f73881e1a763691")

    def test_frames(self):
        frames = traffic.generate_frames(50)
        self.assertEqual(len(frames), 50)
        self.assertEqual(frames, traffic.generate_frames(50))
        self.assertTrue(all(frame[12:14] in (b"\x08\x00", b"\x86\xdd") for frame in frames))


class ReportTest(unittest.TestCase):
    def test_scenarios(self):
        self.assertEqual([(s.name, s.budget) for s in scenarios.scenarios()],
                         [("plain", 1.02), ("fields-not-asked", 1.02), ("fields-disabled", 1.01),
                          ("fields-asked", 1.28), ("verbose", 1.17), ("two-pass", 1.28),
                          ("startup", 1.05)])

    def test_markdown_table(self):
        self.assertEqual(report.markdown_table(["a", "b"], [["1", "2"], ["3", "4"]]),
                         ["| a | b |", "|---|---|", "| 1 | 2 |", "| 3 | 4 |"])

    def test_verdict(self):
        self.assertEqual(report.verdict(1.02, 1.0, 1.02), "within budget")
        self.assertEqual(report.verdict(1.02, 1.03, None), "OVER (wall)")
        self.assertEqual(report.verdict(1.02, 1.03, 1.05), "OVER (wall, instructions)")

    def test_update_readme(self):
        folder = tempfile.mkdtemp()
        try:
            readme = os.path.join(folder, "README.md")
            with open(readme, "w", encoding="utf-8") as f:
                f.write(f"top\n{report.README_BEGIN}\nold\n{report.README_END}\nbottom\n")
            report.update_readme(["new 1", "new 2"], readme)
            with open(readme, encoding="utf-8") as f:
                self.assertEqual(f.read(), f"top\n{report.README_BEGIN}\nnew 1\nnew 2\n"
                                           f"{report.README_END}\nbottom\n")
            with open(readme, "w", encoding="utf-8") as f:
                f.write("no markers\n")
            with self.assertRaises(SetupError):
                report.update_readme(["x"], readme)
        finally:
            shutil.rmtree(folder)

    def test_repository_readme_has_the_markers(self):
        self.assertEqual(report.README, os.path.join(SOURCE_DIR, "docs", "performance.md"))
        with open(report.README, encoding="utf-8") as f:
            text = f.read()
        self.assertLess(text.index(report.README_BEGIN), text.index(report.README_END))


if __name__ == "__main__":
    unittest.main()
