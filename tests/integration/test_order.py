"""One answer, whatever order packets are looked at in.

The window and sharkd (which web front-ends and editor extensions use) read
a capture once without packet details, then dissect packets in the order the
user opens them. tshark reads in capture order; -2, -Y and live capture
change what is asked when. Every portclass item must be the same in all of
them: the answer one tshark pass gives.

The reference is one tshark pass as PDML (every item of every packet, hidden
ones marked). sharkd leaves hidden items out, as the window's details do, so
sharkd's items are compared with the shown PDML items; the other runs are
compared with the whole of it, hidden items included.
"""

import os
import random
import unittest

from sharkdrun import sharkd_items
from tsharkrun import PCAPS_DIR, TsharkTestCase, pdml_items

CAPTURES = sorted(name for name in os.listdir(PCAPS_DIR) if name.endswith(".pcap"))
SEEDS = (1, 2, 3)
MAX_FRAMES = 200


def visiting_orders(frames):
    """Seeded random orders of the frames (at most MAX_FRAMES of them), each
    starting with a late frame, so that nothing is opened in capture order."""
    frames = frames[:MAX_FRAMES]
    orders = []
    for seed in SEEDS:
        order = list(frames)
        random.Random(seed).shuffle(order)
        late = frames[-1 - (seed - 1) % len(frames)]
        order.remove(late)
        orders.append([late] + order)
    return orders


class OrderTest(TsharkTestCase):
    def one_pass(self, capture, *args):
        return self.tshark.run("-n", "-r", self.tshark.capture(capture), "-T", "pdml",
                               *args).stdout

    def test_sharkd_in_any_order_gives_one_pass_answers(self):
        compared = 0
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                expected = pdml_items(self.one_pass(capture), shown_only=True)
                frames = sorted(expected)
                in_order = self.tshark.sharkd(capture, frames[:MAX_FRAMES])
                for frame, tree in in_order.items():
                    self.assertEqual(sharkd_items(tree), expected[frame],
                                     f"frame {frame}, capture order")
                for order in visiting_orders(frames):
                    trees = self.tshark.sharkd(capture, order)
                    for frame in order:
                        # Labels and the filter each item offers: as in
                        # capture order, which matches one tshark pass.
                        self.assertEqual(sharkd_items(trees[frame], with_filters=True),
                                         sharkd_items(in_order[frame], with_filters=True),
                                         f"frame {frame}, order starting {order[:5]}")
                        compared += 1
        self.assertGreater(compared, 500)

    def test_the_classic_click_orders(self):
        # Opening frame 12 before 11 must not swap client and server, and
        # frame 5 before 1 and 2 must leave the SYN its evidence and the
        # SYN-ACK its port state.
        trees = self.tshark.sharkd("roles-tcp.pcap", [12, 11, 5, 2, 1])
        labels = {frame: [item[2] for item in sharkd_items(tree)]
                  for frame, tree in trees.items()}
        self.assertIn("Direction: client-to-server", labels[11])
        self.assertIn("Direction: server-to-client", labels[12])
        self.assertIn("Role evidence: syn", labels[1])
        self.assertIn("Port state: open", labels[2])

    def test_two_passes_give_one_pass_answers(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                self.assertEqual(pdml_items(self.one_pass(capture, "-2"), shown_only=False),
                                 pdml_items(self.one_pass(capture), shown_only=False))

    def test_filtered_runs_give_one_pass_answers(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                everything = pdml_items(self.one_pass(capture), shown_only=False)
                later = len(everything) // 2 + 1
                shown = pdml_items(self.one_pass(capture, "-Y", f"frame.number >= {later}"),
                                   shown_only=False)
                self.assertEqual(shown, {frame: items for frame, items in everything.items()
                                         if frame >= later})

    def test_read_filter_answers_as_if_dropped_packets_were_never_captured(self):
        # tshark -2 -R drops the packets its read filter refuses in the first
        # pass, and numbers the others as if those were not there.
        read_filter = "!(tcp.flags.syn == 1 && tcp.flags.ack == 0) && !dns.flags.response == 0"
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                filtered = os.path.join(self.tshark.home, "filtered-" + capture)
                self.tshark.run("-r", self.tshark.capture(capture), "-Y", read_filter, "-w",
                                filtered)
                expected = self.tshark.run("-n", "-r", filtered, "-T", "pdml").stdout
                self.assertEqual(
                    pdml_items(self.one_pass(capture, "-2", "-R", read_filter), shown_only=False),
                    pdml_items(expected, shown_only=False))

    def test_live_capture_gives_one_pass_answers(self):
        fields = ["frame.number", "portclass.direction", "portclass.role_evidence",
                  "portclass.port_state", "portclass.server.port", "portclass.nonstandard"]
        for capture in ["roles-tcp.pcap", "syn-scan.pcap", "tunnels.pcap"]:
            with self.subTest(capture=capture):
                with open(self.tshark.capture(capture), "rb") as f:
                    data = f.read()
                args = ["-n", "-i", "-", "-T", "fields", "-E", "occurrence=a", "-E",
                        "aggregator=,"]
                for field in fields:
                    args += ["-e", field]
                live = self.tshark.run(*args, stdin=data).stdout
                self.assertEqual(live.splitlines(),
                                 ["\t".join(row) for row in self.tshark.fields(capture, fields)])


if __name__ == "__main__":
    unittest.main()
