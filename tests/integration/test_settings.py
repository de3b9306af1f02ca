"""Preferences: portclass.language and the switches, from tshark's -o and
from a preferences file, and what a bad value does. Exact values over the
captures in pcaps/ (pcaps/README.md says what each holds)."""

import os
import unittest

from tsharkrun import TsharkTestCase

# The curated texts of data/services.tsv for Telnet (23/tcp) and SSH.
TELNET_EN = "remote login with no encryption at all"
TELNET_JA = "暗号化をまったく行わないリモートログイン"
SSH_JA = "サーバへの暗号化されたリモートログインとファイル転送"
TELNET_NOTE_JA = ("Telnetはパスワードを含むすべての通信を暗号化せずに送るため、"
                  "代わりに通信を暗号化するSSH(22)を使ってください")

JA = ["-o", "portclass.language:ja"]


def normalise_bool(value):
    """tshark prints booleans as 0/1 up to 4.0 and True/False later."""
    return {"0": "False", "1": "True"}.get(value, value)


class LanguageTest(TsharkTestCase):
    def test_descriptions_follow_the_language(self):
        fields = ["portclass.dst.description", "portclass.server.description",
                  "portclass.src.description"]
        english = self.tshark.fields("seed-services.pcap", fields, "frame.number == 6")
        japanese = self.tshark.fields("seed-services.pcap", fields, "frame.number == 6",
                                      extra_args=JA)
        self.assertEqual(english, [[TELNET_EN, TELNET_EN, ""]])
        self.assertEqual(japanese, [[TELNET_JA, TELNET_JA, ""]])

    def test_filter_values_do_not_change(self):
        fields = ["frame.number", "portclass.dst.class", "portclass.dst.service",
                  "portclass.direction", "portclass.role_evidence"]
        flt = 'portclass.dst.class == "well-known" && portclass.dst.service == "Telnet"'
        english = self.tshark.fields("seed-services.pcap", fields, flt)
        japanese = self.tshark.fields("seed-services.pcap", fields, flt, extra_args=JA)
        self.assertEqual(japanese, english)
        self.assertEqual(english[0], ["6", "well-known", "Telnet", "client-to-server", "syn"])

    def test_tree_labels_in_japanese(self):
        output = self.tshark.run("-n", "-r", self.tshark.capture("seed-services.pcap"), "-V",
                                 "-Y", "frame.number == 2", *JA).stdout
        self.assertIn("\n[ポート分類: 22 (ウェルノウン、SSH) -> 50022 (ダイナミック)]\n", output)
        self.assertIn("    [送信元ポート: 22、ウェルノウンポート (0-1023)、SSH: " + SSH_JA
                      + " (IANA: ssh「The Secure Shell (SSH) Protocol」)]\n", output)
        self.assertIn("    [宛先ポート: 50022、ダイナミック/プライベートポート (49152-65535)、"
                      "クライアントのエフェメラルポート (IANA の推奨範囲と Linux の既定範囲の"
                      "どちらにも含まれる)]\n", output)
        self.assertIn("    [トランスポート層: TCP]\n", output)
        self.assertIn("    [通信の向き: サーバからクライアントへ (server-to-client)]\n", output)
        self.assertIn("    [サーバ判定の根拠: SYN パケット (syn)]\n", output)
        self.assertIn("    [ポートの状態: 開いている (open)]\n", output)
        self.assertNotIn("Port Classification:", output)

    def test_expert_infos_in_japanese(self):
        output = self.tshark.run("-n", "-q", "-r", self.tshark.capture("cleartext-logins.pcap"),
                                 "-z", "expert", *JA).stdout
        self.assertIn(TELNET_NOTE_JA, output)
        self.assertIn("198.51.100.20 のポート 23/tcp (Telnet) は開いています (open)", output)

    def test_language_from_a_preferences_file(self):
        path = os.path.join(self.tshark.config_dir, "preferences")
        with open(path, "w", encoding="utf-8") as f:
            f.write("portclass.language: ja\n")
        os.chmod(path, 0o644)
        try:
            rows = self.tshark.fields("seed-services.pcap", ["portclass.dst.description"],
                                      "frame.number == 6")
        finally:
            os.remove(path)
        self.assertEqual(rows, [[TELNET_JA]])

    def test_language_by_name_or_title(self):
        for value in ["ja", "Japanese (日本語)", "JA"]:
            rows = self.tshark.fields("seed-services.pcap", ["portclass.dst.description"],
                                      "frame.number == 6",
                                      extra_args=["-o", f"portclass.language:{value}"])
            self.assertEqual(rows, [[TELNET_JA]], value)

    def test_unknown_language_keeps_english(self):
        """Wireshark itself decides what an unknown value of a choice does:
        4.0 keeps the current value silently, later versions refuse the -o
        flag. Either way nothing breaks and nothing is half-translated."""
        result = self.tshark.run("-n", "-r", self.tshark.capture("seed-services.pcap"),
                                 "-Y", "frame.number == 6", "-T", "fields", "-e",
                                 "portclass.dst.description", "-o", "portclass.language:fr",
                                 check=False)
        if result.returncode == 0:
            self.assertEqual(result.stdout, TELNET_EN + "\n")
        else:
            self.assertIn("portclass.language:fr", result.stderr)
            self.assertEqual(result.stdout, "")


class SwitchesTest(TsharkTestCase):
    def portclass_experts(self, capture, *args):
        output = self.tshark.run("-n", "-q", "-r", self.tshark.capture(capture), "-z", "expert",
                                 *args).stdout
        return sorted(line.split("PortClass", 1)[1].strip()
                      for line in output.splitlines() if " PortClass " in line)

    def test_port_state_switch(self):
        on = self.portclass_experts("syn-scan.pcap")
        off = self.portclass_experts("syn-scan.pcap", "-o", "portclass.expert_port_state:FALSE")
        self.assertIn("Port 23/tcp (Telnet) on 198.51.100.20 is closed", on)
        self.assertFalse([m for m in off if " is open" in m or " is closed" in m])
        # The other families stay.
        self.assertEqual([m for m in on if " is open" not in m and " is closed" not in m], off)
        # The field still says what the packet proves.
        rows = self.tshark.fields("syn-scan.pcap", ["portclass.port_state"], "frame.number == 5",
                                  extra_args=["-o", "portclass.expert_port_state:FALSE"])
        self.assertEqual(rows, [["closed"]])

    def test_nonstandard_switch(self):
        on = self.portclass_experts("nonstandard-ports.pcap")
        off = self.portclass_experts("nonstandard-ports.pcap",
                                     "-o", "portclass.expert_nonstandard:FALSE")
        self.assertIn("HTTP on port 4444/tcp (IANA: krb524)", on)
        self.assertEqual(sorted(m for m in on if " on port " not in m), off)

    def test_teaching_switch(self):
        on = self.portclass_experts("cleartext-logins.pcap")
        off = self.portclass_experts("cleartext-logins.pcap",
                                     "-o", "portclass.expert_teaching:FALSE")
        self.assertEqual(len([m for m in on if "unencrypted" in m]), 4)
        self.assertEqual(off, sorted(m for m in on if " is open" in m))
        zero_off = self.portclass_experts("port-zero.pcap", "-o", "portclass.expert_teaching:FALSE")
        self.assertEqual([m for m in zero_off if "Port 0/" in m], [])
        # The field that colouring rules use does not depend on the switch.
        rows = self.tshark.fields("cleartext-logins.pcap", ["portclass.server.cleartext"],
                                  "frame.number == 1",
                                  extra_args=["-o", "portclass.expert_teaching:FALSE"])
        self.assertEqual([[normalise_bool(v) for v in row] for row in rows], [["True"]])

    def test_annotate_quoted_switch(self):
        fields = ["frame.number", "portclass.quoted", "portclass.port_state",
                  "portclass.dst.port"]
        on = self.tshark.fields("icmp-unreachable.pcap", fields)
        off = self.tshark.fields("icmp-unreachable.pcap", fields,
                                 extra_args=["-o", "portclass.annotate_quoted:FALSE"])
        self.assertEqual([row[:1] + [normalise_bool(v) for v in row[1:]] for row in on],
                         [["1", "False", "", "53"], ["2", "True", "closed", "53"],
                          ["3", "False", "", "123"], ["4", "True", "closed", "123"]])
        # The ICMP error's own datagram has no TCP/UDP header of its own, so
        # without the quoted one nothing is annotated.
        self.assertEqual([row[:1] + [normalise_bool(v) for v in row[1:]] for row in off],
                         [["1", "False", "", "53"], ["2", "", "", ""],
                          ["3", "False", "", "123"], ["4", "", "", ""]])

    def test_preferences_are_listed_with_descriptions(self):
        output = self.tshark.run("-G", "defaultprefs").stdout
        for name in ["language", "expert_port_state", "expert_nonstandard", "expert_teaching",
                     "annotate_quoted"]:
            self.assertIn(f"#portclass.{name}: ", output)
        self.assertIn("#portclass.language: Same as Wireshark\n", output)
        # Wireshark 4.6 lists the values first ("One of: auto, en, ja"),
        # then their descriptions ("Equivalently, one of: ...").
        self.assertRegex(output, r"\n# (One of|Equivalently, one of): Same as Wireshark, "
                                 r"English, Japanese \(日本語\)\n")


class CleartextFieldTest(TsharkTestCase):
    def test_cleartext_field(self):
        rows = self.tshark.fields("seed-services.pcap",
                                  ["frame.number", "portclass.server.service",
                                   "portclass.server.cleartext"],
                                  "tcp.flags == 0x002")
        self.assertEqual([row[:2] + [normalise_bool(row[2])] for row in rows],
                         [["1", "SSH", ""], ["6", "Telnet", "True"], ["11", "SMTP", "True"],
                          ["17", "WHOIS", ""], ["24", "DNS", "True"], ["29", "HTTP", "True"],
                          ["34", "HTTPS", ""]])


if __name__ == "__main__":
    unittest.main()
