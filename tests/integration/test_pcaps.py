"""The committed captures are exactly what pcaps/make-pcaps.py writes, so
every expected value in the other tests traces back to a readable script."""

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tsharkrun import PCAPS_DIR


def python_with_scapy():
    for python in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(python) and subprocess.run(
                [python, "-c", "import scapy"], capture_output=True).returncode == 0:
            return python
    return None


class GeneratorTest(unittest.TestCase):
    def test_regenerated_captures_are_identical(self):
        python = python_with_scapy()
        if python is None:
            self.fail("no Python with scapy (Debian: python3-scapy) to run make-pcaps.py")
        out = tempfile.mkdtemp(prefix="portclass-pcaps-")
        try:
            subprocess.run([python, os.path.join(PCAPS_DIR, "make-pcaps.py"), out], check=True,
                           capture_output=True)
            committed = sorted(n for n in os.listdir(PCAPS_DIR) if n.endswith(".pcap"))
            made = sorted(n for n in os.listdir(out) if n.endswith(".pcap"))
            self.assertEqual(made, committed)
            for name in committed:
                with self.subTest(capture=name):
                    self.assertTrue(filecmp.cmp(os.path.join(out, name),
                                                os.path.join(PCAPS_DIR, name), shallow=False))
        finally:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
