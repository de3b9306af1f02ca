"""The sandbox of tests/sandbox.py, in which every test, the benchmark,
fuzz.sh and memcheck.sh run Wireshark's programs: tshark sees only the
sandbox's folders, runs as nobody when the tests run as root, gets exactly
the sandbox's environment, and the shell scripts' way in (`sandbox.py
create`, evaluated by bash) gives the same setup and loads the plugin.

A check of the test harness, not of the plugin: tests/harness-checks.sh
runs it (and .ci/run), not ctest.
"""

import os
import re
import subprocess
import unittest

from tsharkrun import NOBODY, PLUGIN, TESTS_DIR  # first: it makes tests/ importable
import sandbox  # noqa: E402


class SandboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(PLUGIN):
            raise unittest.SkipTest("PORTCLASS_PLUGIN does not name a built plugin")
        cls.sandbox = sandbox.Sandbox(PLUGIN)

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.cleanup()

    def output(self, *argv):
        return self.sandbox.execute(list(argv), capture_output=True, text=True,
                                    check=True).stdout

    def test_folders_are_the_sandbox_ones(self):
        folders = {}
        for line in self.output("tshark", "-G", "folders").splitlines():
            name, _, path = line.partition("\t")
            folders[name.rstrip(": ")] = path
        series = sandbox.plugin_series(PLUGIN)
        self.assertEqual(folders["Personal configuration"], self.sandbox.config_dir)
        self.assertEqual(folders["Global Plugins"], os.path.join(self.sandbox.plugin_dir, series))
        # 4.4 split "Extcap path" into a global one (WIRESHARK_EXTCAP_DIR)
        # and a personal one under HOME.
        self.assertEqual(folders.get("Extcap path", folders.get("Global Extcap path")),
                         self.sandbox.extcap_dir)
        if "Personal Extcap path" in folders:
            self.assertTrue(folders["Personal Extcap path"].startswith(self.sandbox.home + os.sep))
        self.assertTrue(folders["Personal Plugins"].startswith(self.sandbox.home + os.sep))
        self.assertEqual(os.listdir(self.sandbox.extcap_dir), [])

    def test_user(self):
        expected = NOBODY if os.geteuid() == 0 else os.geteuid()
        self.assertEqual(self.output("id", "-u").strip(), str(expected))

    def test_environment_is_the_sandbox_one(self):
        lines = self.output("env").splitlines()
        self.assertEqual(dict(line.split("=", 1) for line in lines), self.sandbox.environment())
        self.assertEqual(self.sandbox.environment()["TZ"], "UTC")

    def test_shell_create(self):
        script = ('eval "$(python3 "$1" create --plugin "$2" --env PORTCLASS_TEST=1)" || exit 9\n'
                  'echo "$SANDBOX"\n'
                  '"${SANDBOX_CMD[@]}" env; "${SANDBOX_CMD[@]}" tshark -G plugins\n'
                  'status=$?; rm -rf -- "$SANDBOX"; exit $status\n')
        result = subprocess.run(["bash", "-c", script, "bash",
                                 os.path.join(TESTS_DIR, "sandbox.py"), PLUGIN],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        root, *lines = result.stdout.splitlines()
        env = dict(line.split("=", 1) for line in lines if "\t" not in line)
        expected = {key: value.replace(self.sandbox.root, root) for key, value
                    in self.sandbox.environment({"PORTCLASS_TEST": "1"}).items()}
        self.assertEqual(env, expected)
        self.assertRegex(result.stdout, r"(?m)^portclass\.so\s.*\t" + re.escape(root))
        self.assertFalse(os.path.exists(root))

    def test_find_plugin(self):
        build_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(PLUGIN))))
        self.assertEqual(sandbox.find_plugin(build_dir), PLUGIN)
        with self.assertRaisesRegex(sandbox.SandboxError, "no plugins/<series>/epan"):
            sandbox.find_plugin(self.sandbox.captures)


if __name__ == "__main__":
    unittest.main()
