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

This is the one place where -2, -Y, -R and live capture are compared with
one pass, over every capture; the other tests check exact values in one
pass. sharkd reads each capture on its own; tshark's -2, -Y and -R read all
captures at once, one after the other in one file. The runs of each test
are made two at a time.
"""

import os
import random
import unittest

from sharkdrun import frames, load, sharkd_items
from tsharkrun import (CAPTURES, PCAPS_DIR, TsharkTestCase, concatenated, in_parallel,
                       pcap_frame_count, pdml_items)

SEEDS = (1, 2)
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
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshark.sharkd_runner.speaks_json_rpc()      # asked once, before the threads
        cls.tshark.write_file("all.pcap", concatenated(
            [os.path.join(PCAPS_DIR, name) for name in CAPTURES]))
        # (capture, its first frame in all.pcap, its number of frames)
        cls.spans, first = [], 1
        for capture in CAPTURES:
            count = pcap_frame_count(os.path.join(PCAPS_DIR, capture))
            cls.spans.append((capture, first, count))
            first += count

    def one_pass(self, capture, *args):
        """PDML of one tshark run (made once per process, tsharkrun.py)."""
        return self.tshark.run("-n", "-r", self.tshark.capture(capture), "-T", "pdml",
                               *args).stdout

    def items(self, runs, shown_only=False):
        """pdml_items of the one_pass runs [(capture, *args)], made two at a
        time, in the order given."""
        return in_parallel(lambda capture, *args: pdml_items(self.one_pass(capture, *args),
                                                             shown_only), runs)

    def sharkd_orders(self, capture, frame_numbers):
        """One sharkd process: the frames in a random order right after the
        first load (nothing dissected before), then, each after loading the
        capture again (the window opening it anew, test_lifecycle.py), in
        capture order and in another random order. Returns (in_order,
        [(order, trees), ...])."""
        orders = visiting_orders(frame_numbers)
        in_order = frame_numbers[:MAX_FRAMES]
        path = self.tshark.capture(capture)
        steps = [load(path), frames(orders[0]), load(path), frames(in_order)]
        for order in orders[1:]:
            steps += [load(path), frames(order)]
        results = self.tshark.sharkd_runner.session(steps)
        return results[3], list(zip(orders, [results[1]] + results[5::2]))

    def test_sharkd_in_any_order_gives_one_pass_answers(self):
        compared = 0
        expected_items = self.items([(capture,) for capture in CAPTURES], shown_only=True)
        sessions = in_parallel(self.sharkd_orders, [(capture, sorted(expected))
                                                    for capture, expected
                                                    in zip(CAPTURES, expected_items)])
        for capture, expected, (in_order, visits) in zip(CAPTURES, expected_items, sessions):
            with self.subTest(capture=capture):
                self.assertEqual(len(in_order), min(len(expected), MAX_FRAMES))
                for frame, tree in in_order.items():
                    self.assertEqual(sharkd_items(tree), expected[frame],
                                     f"frame {frame}, capture order")
                for order, trees in visits:
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

    # -2, -Y and -R run over every capture at once: all.pcap, the captures
    # one after the other (as tests/integration/test_stats.py makes it),
    # compared capture by capture where frames keep their numbers.

    def all_items(self, *args):
        """pdml_items of all.pcap with args."""
        return pdml_items(self.one_pass("all.pcap", *args), shown_only=False)

    def capture_slices(self, items):
        """[(capture, {frame: items})] of all.pcap's items, by capture."""
        return [(capture, {frame: items[frame] for frame in range(first, first + count)
                           if frame in items})
                for capture, first, count in self.spans]

    def test_two_passes_give_one_pass_answers(self):
        one, two = in_parallel(self.all_items, [(), ("-2",)])
        self.assertEqual(len(one), sum(count for _, _, count in self.spans))
        for (capture, one_items), (_, two_items) in zip(self.capture_slices(one),
                                                        self.capture_slices(two)):
            with self.subTest(capture=capture):
                self.assertTrue(any(one_items.values()))
                self.assertEqual(two_items, one_items)

    def test_filtered_runs_give_one_pass_answers(self):
        # Only the later half of each capture shown: every packet is still
        # analysed, in order, so the answers do not change.
        later = [(first + count // 2, first + count - 1) for _, first, count in self.spans]
        display_filter = " || ".join(f"(frame.number >= {low} && frame.number <= {high})"
                                     for low, high in later)
        everything, shown = in_parallel(self.all_items, [(), ("-Y", display_filter)])
        for (capture, all_items), (_, shown_items), (low, _) in zip(
                self.capture_slices(everything), self.capture_slices(shown), later):
            with self.subTest(capture=capture):
                self.assertEqual(shown_items, {frame: items for frame, items
                                               in all_items.items() if frame >= low})

    def test_read_filter_answers_as_if_dropped_packets_were_never_captured(self):
        # tshark -2 -R drops the packets its read filter refuses in the first
        # pass, and numbers the others as if those were not there.
        read_filter = "!(tcp.flags.syn == 1 && tcp.flags.ack == 0) && !dns.flags.response == 0"
        filtered = os.path.join(self.tshark.out, "all-filtered.pcap")
        self.tshark.run("-r", self.tshark.capture("all.pcap"), "-Y", read_filter, "-w", filtered)
        expected, found = in_parallel(lambda *args: pdml_items(self.tshark.run(
            "-n", "-T", "pdml", *args).stdout, shown_only=False),
            [("-r", filtered), ("-r", self.tshark.capture("all.pcap"), "-2", "-R", read_filter)])
        self.assertLess(len(expected), sum(count for _, _, count in self.spans))
        self.assertEqual(found, expected)

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
