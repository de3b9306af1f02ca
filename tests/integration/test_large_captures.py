"""The README's recipe for captures too big for one run ("Large captures"):
cut the capture into pieces with editcap -c, run tshark on the pieces with
GNU parallel on one machine (-j 2), and aggregate.

On a generated capture (the benchmark's generator, tests/bench/traffic.py:
interleaved TCP and UDP conversations over IPv4 and IPv6), the per-packet
fields of the pieces, in order, must equal those of one run over the whole
capture; the README says so for class and service. Roles, by contrast, need
whole conversations: the test also shows that the pieces get some of them
wrong, as the README warns.

Skipped, saying why, when GNU parallel is not installed (install.sh
installs it).
"""

import os
import shutil
import unittest

from tsharkrun import SOURCE_DIR, TsharkTestCase  # first: it makes tests/ importable
from bench import traffic  # noqa: E402

PACKETS = 3000
PIECE = 500          # packets per piece: 6 pieces
# What stays exact per packet: each header's ports, classes and services.
PER_PACKET_FIELDS = ["portclass.transport", "portclass.src.port", "portclass.src.class",
                     "portclass.src.service", "portclass.dst.port", "portclass.dst.class",
                     "portclass.dst.service"]
FIELD_ARGS = "-E occurrence=a " + " ".join(f"-e {field}" for field in PER_PACKET_FIELDS)
# The README's one-machine recipe, with these fields; test_readme_shows_the_recipe
# checks that the README has the same commands.
SPLIT = "editcap -c {piece} whole.pcap piece.pcap"
PARALLEL = "parallel -k -j 2 tshark -n -r {{}} -T fields {fields} ::: piece_*.pcap > fields.tsv"
AGGREGATE = "sort fields.tsv | uniq -c | sort -rn"


class LargeCapturesTest(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        missing = [tool for tool in ("parallel", "editcap") if shutil.which(tool) is None]
        if missing:
            raise unittest.SkipTest(f"{' and '.join(missing)} not installed (Debian: apt-get "
                                    "install parallel wireshark-common; install.sh does): the "
                                    "README's Large captures recipe is not tested")
        super().setUpClass()
        cls.work = cls.tshark.make_dir("large", 0o777)
        traffic.write_pcap(os.path.join(cls.work, "whole.pcap"), traffic.generate_frames(PACKETS))

    def shell(self, command):
        """Runs a shell command in the work folder, in the sandbox that tshark
        runs in; returns its stdout."""
        result = self.tshark.execute(["sh", "-c", command], cwd=self.work,
                                     capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, f"{command}\n{result.stderr}")
        self.assertEqual(result.stderr, "", command)
        return result.stdout

    def whole_run(self, fields):
        return self.shell(f"tshark -n -r whole.pcap -T fields {fields}").splitlines()

    def split_run(self, fields):
        self.shell("rm -f piece_*.pcap fields.tsv && " + SPLIT.format(piece=PIECE))
        pieces = sorted(name for name in os.listdir(self.work) if name.startswith("piece_"))
        self.assertEqual(len(pieces), PACKETS // PIECE, pieces)
        self.shell(PARALLEL.format(fields=fields))
        with open(os.path.join(self.work, "fields.tsv"), encoding="utf-8") as f:
            return f.read().splitlines()

    def test_per_packet_fields_equal_one_whole_run(self):
        whole = self.whole_run(FIELD_ARGS)
        self.assertEqual(len(whole), PACKETS)
        self.assertTrue(all(line.strip() for line in whole), "a packet without portclass")
        self.assertEqual(self.split_run(FIELD_ARGS), whole)

    def test_aggregation(self):
        fields = "-e portclass.dst.class -e portclass.dst.service"
        split = self.split_run(fields)
        counts = self.shell(AGGREGATE).splitlines()
        # uniq -c: "  COUNT VALUE"; the counts add up to every packet.
        self.assertEqual(sum(int(line.split()[0]) for line in counts), PACKETS)
        self.assertEqual(len(counts), len(set(split)))
        self.assertEqual(self.shell("tshark -n -r whole.pcap -T fields " + fields
                                    + " | sort | uniq -c | sort -rn").splitlines(), counts)

    def test_roles_need_whole_conversations(self):
        # A conversation cut in two loses its SYN in the second piece, so
        # the evidence for its server changes there.
        fields = "-e portclass.role_evidence"
        whole, split = self.whole_run(fields), self.split_run(fields)
        self.assertEqual(len(split), len(whole))
        self.assertNotEqual(split, whole)

    def test_readme_shows_the_recipe(self):
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            section = f.read().split("## Large captures", 1)[1].split("\n## ", 1)[0]
        for command in ("editcap -c 100000 big.pcap piece.pcap",
                        "parallel -k -j 2 tshark -n -r {} -T fields",
                        "::: piece_*.pcap > fields.tsv", AGGREGATE,
                        "--sshlogin"):
            self.assertIn(command, section)


if __name__ == "__main__":
    unittest.main()
