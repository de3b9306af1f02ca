"""Lifecycle in one process: one sharkd session, which loads captures one
after the other and has its settings changed in between, gives the answers
of a fresh run.

The window and sharkd live on: they open another file, the user changes a
preference or adds a custom service, switches the language, and opens the
first file again. portclass's records belong to the open file, its service
tables and settings to the process. In ONE sharkd session (sharkdrun.py,
either of sharkd's protocols) this test

  a) loads roles-tcp.pcap, then seed-services.pcap, then roles-tcp.pcap again;
  b) adds a custom services row (setconf "uat:portclass_services") and
     switches portclass.annotate_quoted off (setconf), then loads
     roles-tcp.pcap (whose server the row decides) and
     icmp-unreachable.pcap (whose quoted headers the preference hides);
  c) switches portclass.language to ja, then loads seed-services.pcap and
     roles-tcp.pcap;

asking after each load for the tree of every frame. A setting can only show
in what sharkd dissects after it, and sharkd does not dissect the open file
again by itself, so each setting is followed by a load, as the window
dissects the file afresh when a preference changes.

Every portclass item of every frame must equal a fresh run's, compared as
test_order.py compares: the labels (depth, field, label) with one tshark
pass as PDML started with the same settings (-o), the labels and the
filter each item offers with a fresh sharkd started with the same settings
(in its preferences and UAT files). Each setting is also checked to change
the fresh answer, so that its check can fail.

sharkd (4.0, and 3.4 alike) answers setconf by setting the preference
without applying it (the window and tshark call the protocols' apply
callbacks after a change, sharkd only at its start): portclass reads its
preferences when it uses them, so the new value counts from the next
dissection. The custom services row takes effect through the UAT's own
callbacks.
"""

import os
import unittest
from concurrent.futures import ThreadPoolExecutor

from sharkdrun import frames, load, setconf, sharkd_items
from tsharkrun import TsharkTestCase, pdml_items

FIRST = "roles-tcp.pcap"
SECOND = "seed-services.pcap"
QUOTED = "icmp-unreachable.pcap"

UAT_NAME = "portclass_services"
CUSTOM_ROW = ("uat:" + UAT_NAME, '"tcp","50103","LabGame","the lab game server",""')
ANNOTATE_QUOTED_OFF = ("portclass.annotate_quoted", "FALSE")
JAPANESE = ("portclass.language", "ja")

# The session: (settings set before it, captures loaded in turn). The
# settings in force at a stage are those of every stage up to it.
STAGES = [
    ((), (FIRST, SECOND, FIRST)),
    ((CUSTOM_ROW, ANNOTATE_QUOTED_OFF), (FIRST, QUOTED)),
    ((JAPANESE,), (SECOND, FIRST)),
]


# Fresh runs at once: the machines that run the suite have two cores.
WORKERS = 2


def settings_at(stage):
    """The settings in force at a stage: those of every stage up to it."""
    return tuple(setting for settings, _ in STAGES[:stage + 1] for setting in settings)


def stage_captures():
    """[(stage, capture), ...]: each capture each stage loads, once."""
    return list(dict.fromkeys((stage, capture) for stage, (_, captures) in enumerate(STAGES)
                              for capture in captures))


def tshark_options(settings):
    """tshark's -o options for settings."""
    options = []
    for name, value in settings:
        options += ["-o", f"{name}:{value}"]
    return options


class LifecycleTest(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        captures = sorted({capture for _, capture in stage_captures()})
        compared = [(capture, settings_at(stage)) for stage, capture in stage_captures()]
        previous = [(capture, settings_at(stage - 1)) for stage, capture in stage_captures()
                    if stage > 0]
        distinct = dict.fromkeys(settings for _, settings in compared if settings)
        envs = {settings: cls.configuration(settings, number)
                for number, settings in enumerate(distinct)}
        cls.tshark.sharkd_runner.speaks_json_rpc()      # asked once, before the threads
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            # The frames to ask for come from the passes without settings.
            cls.pdml = gather(pool, cls.tshark_pass, {(capture, ()): () for capture in captures})
            cls.frames = {capture: sorted(cls.pdml[(capture, ())]) for capture in captures}
            session = pool.submit(cls.run_session)
            cls.fresh = gather(pool, cls.fresh_sharkd,
                               {key: (envs.get(key[1]),) for key in compared})
            more = [key for key in compared + previous if key not in cls.pdml]
            cls.pdml.update(gather(pool, cls.tshark_pass, dict.fromkeys(more, ())))
            cls.loads = session.result()

    @classmethod
    def run_session(cls):
        """Runs the whole session in one sharkd; returns [(stage, capture,
        {frame: tree}), ...], one per load, in session order."""
        steps, loads = [], []
        for stage, (settings, captures) in enumerate(STAGES):
            steps += [setconf(name, value) for name, value in settings]
            for capture in captures:
                steps += [load(cls.tshark.capture(capture)), frames(cls.frames[capture])]
                loads.append((stage, capture, len(steps) - 1))
        results = cls.tshark.sharkd_runner.session(steps)
        return [(stage, capture, results[index]) for stage, capture, index in loads]

    # ---- fresh runs --------------------------------------------------------

    @classmethod
    def tshark_pass(cls, capture, settings):
        """{frame: shown items} of one tshark pass started with settings."""
        output = cls.tshark.run("-n", "-r", cls.tshark.capture(capture), "-T", "pdml",
                                *tshark_options(settings)).stdout
        return pdml_items(output, shown_only=True)

    @classmethod
    def fresh_sharkd(cls, capture, settings, env):
        """{frame: items with filters} of a fresh sharkd started with the
        configuration folder of env (None: the sandbox's, no settings)."""
        trees = cls.tshark.sharkd_runner.trees(cls.tshark.capture(capture), cls.frames[capture],
                                               env)
        return {frame: sharkd_items(tree, with_filters=True) for frame, tree in trees.items()}

    @classmethod
    def configuration(cls, settings, number):
        """Configuration folder number, holding settings (the preferences
        file and the custom services UAT file); the environment that points
        sharkd at it."""
        relative = os.path.join("fresh-config", str(number))
        folder = cls.tshark.make_dir(relative, 0o777)
        preferences = [f"{name}: {value}\n" for name, value in settings
                       if not name.startswith("uat:")]
        rows = [f"{value}\n" for name, value in settings if name == "uat:" + UAT_NAME]
        write_lines(os.path.join(folder, "preferences"), preferences)
        write_lines(os.path.join(folder, UAT_NAME), rows)
        return {"WIRESHARK_CONFIG_DIR": folder, "XDG_CONFIG_HOME": folder}

    # ---- checks ------------------------------------------------------------

    def session_loads(self, stage, capture):
        """The trees of every load of capture at stage, in session order."""
        found = [trees for at, name, trees in self.loads if at == stage and name == capture]
        self.assertTrue(found, f"the session loads no {capture} at stage {stage}")
        return found

    def assert_fresh_answers(self, stage, capture):
        """Every load of capture at stage answers as fresh runs with the
        settings then in force."""
        labels = self.pdml[(capture, settings_at(stage))]
        with_filters = self.fresh[(capture, settings_at(stage))]
        self.assertEqual(sorted(labels), self.frames[capture])
        for number, trees in enumerate(self.session_loads(stage, capture), start=1):
            for frame in self.frames[capture]:
                where = f"{capture}, load {number} of stage {stage}, frame {frame}"
                self.assertEqual(sharkd_items(trees[frame]), labels[frame], where)
                self.assertEqual(sharkd_items(trees[frame], with_filters=True),
                                 with_filters[frame], where)

    def assert_stage_matters(self, stage, capture):
        """A fresh run over capture with the settings of stage differs from
        one with those of the stage before: the stage's check of capture
        can fail."""
        self.assertNotEqual(self.pdml[(capture, settings_at(stage))],
                            self.pdml[(capture, settings_at(stage - 1))],
                            f"the settings of stage {stage} change nothing in {capture}")

    def test_a_files_one_after_the_other_and_back(self):
        self.assertNotEqual(self.pdml[(FIRST, ())], self.pdml[(SECOND, ())])
        self.assertEqual(len(self.session_loads(0, FIRST)), 2)
        self.assert_fresh_answers(0, FIRST)
        self.assert_fresh_answers(0, SECOND)

    def test_b_custom_service_row(self):
        self.assert_stage_matters(1, FIRST)
        self.assert_fresh_answers(1, FIRST)

    def test_b_preference_changes_fresh_answers(self):
        self.assert_stage_matters(1, QUOTED)

    # sharkd's setconf sets the preference but applies nothing: portclass
    # reads its preferences when it uses them.
    def test_b_preference(self):
        self.assert_fresh_answers(1, QUOTED)

    def test_c_language_changes_fresh_answers(self):
        for capture in (SECOND, FIRST):
            with self.subTest(capture=capture):
                self.assert_stage_matters(2, capture)

    def test_c_language(self):
        for capture in (SECOND, FIRST):
            self.assert_fresh_answers(2, capture)


def gather(pool, function, calls):
    """{key: function(*key, *more)} for each key: more of calls, {key:
    more}; the calls run in pool."""
    futures = {key: pool.submit(function, *key, *more) for key, more in calls.items()}
    return {key: future.result() for key, future in futures.items()}


def write_lines(path, lines):
    """Writes lines into a file readable by the sandbox's programs."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    os.chmod(path, 0o644)


if __name__ == "__main__":
    unittest.main()
