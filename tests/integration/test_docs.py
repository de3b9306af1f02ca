"""The field reference (docs/fields.md) lists what the plugin registers."""

import os
import unittest

import fieldtable
from tsharkrun import SOURCE_DIR


def read(relative):
    with open(os.path.join(SOURCE_DIR, relative), encoding="utf-8") as f:
        return f.read()


class FieldReferenceTest(unittest.TestCase):
    def test_field_table_matches_plugin(self):
        committed = fieldtable.committed_table(read(os.path.join("docs", "fields.md")))
        generated = fieldtable.generated_table()
        self.assertEqual(committed, generated,
                         "docs/fields.md's field table is stale: run "
                         "tests/integration/fieldtable.py --update")


if __name__ == "__main__":
    unittest.main()
