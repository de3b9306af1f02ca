"""What the README's recipe for captures too big for one run ("Large
captures") relies on: a capture cut into pieces (editcap -c) and run piece
by piece gives, packet by packet, the same class and service fields as one
run over the whole capture. Each header's ports, classes and services are
facts about its numbers; nothing in them depends on earlier packets.

On a generated capture (the benchmark's generator, tests/bench/traffic.py:
interleaved TCP and UDP conversations over IPv4 and IPv6).
"""

import os
import unittest

from tsharkrun import TsharkTestCase, in_parallel  # first: it makes tests/ importable
from bench import traffic  # noqa: E402

PACKETS = 3000
PIECE = 500          # packets per piece: 6 pieces
# What stays exact per packet: each header's ports, classes and services.
PER_PACKET_FIELDS = ["portclass.transport", "portclass.src.port", "portclass.src.class",
                     "portclass.src.service", "portclass.dst.port", "portclass.dst.class",
                     "portclass.dst.service"]


class LargeCapturesTest(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshark.write_file("whole.pcap", b"")
        traffic.write_pcap(cls.tshark.capture("whole.pcap"), traffic.generate_frames(PACKETS))

    def test_per_packet_fields_of_pieces_equal_one_whole_run(self):
        pieces_dir = self.tshark.make_dir(os.path.join("captures", "pieces"), 0o777)
        self.tshark.run("-c", str(PIECE), self.tshark.capture("whole.pcap"),
                        os.path.join(pieces_dir, "piece.pcap"), program="editcap")
        pieces = sorted(os.path.join("pieces", name) for name in os.listdir(pieces_dir))
        self.assertEqual(len(pieces), PACKETS // PIECE, pieces)
        runs = in_parallel(lambda capture: self.tshark.fields(capture, PER_PACKET_FIELDS),
                           [("whole.pcap",)] + [(piece,) for piece in pieces])
        whole, split = runs[0], [row for rows in runs[1:] for row in rows]
        self.assertEqual(len(whole), PACKETS)
        self.assertTrue(all(any(row) for row in whole), "a packet without portclass")
        self.assertEqual(split, whole)


if __name__ == "__main__":
    unittest.main()
