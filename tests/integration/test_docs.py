"""The README stays true: its field table is the plugin's, and its quick
start is exactly two commands, the second being what CI runs."""

import os
import re
import unittest

import fieldtable
from tsharkrun import SOURCE_DIR


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative), encoding="utf-8") as f:
        return f.read()


def quick_start_commands(readme_text):
    section = readme_text.split("## Quick start", 1)[1]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


class ReadmeTest(unittest.TestCase):
    def test_field_table_matches_plugin(self):
        committed = fieldtable.committed_table(read("README.md"))
        generated = fieldtable.generated_table()
        self.assertEqual(committed, generated,
                         "README field table is stale: run tests/integration/fieldtable.py "
                         "--update")

    def test_quick_start_is_two_commands(self):
        commands = quick_start_commands(read("README.md"))
        self.assertEqual(len(commands), 2, commands)
        self.assertTrue(commands[0].startswith("./install.sh"))

    def test_ci_runs_the_readme_test_command(self):
        test_command = quick_start_commands(read("README.md"))[1]
        self.assertIn(test_command, read(".ci/run").splitlines())


if __name__ == "__main__":
    unittest.main()
