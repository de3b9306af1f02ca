#!/usr/bin/env python3
"""Performance benchmark of the portclass Wireshark plugin, next to a Lua
post-dissector doing the same job.

Usage:
    tests/benchmark.py --build-dir BUILD [--packets 500000] [--runs 3]
                       [--callgrind-packets 10000] [--skip-callgrind]
                       [--scenario NAME ...] [--markdown | --update-readme]

BUILD is a portclass build directory: the plugin is looked for at
BUILD/plugins/<series>/epan/portclass.so (for example plugins/4.0/epan).
Needs tshark built with Lua, and valgrind unless --skip-callgrind.  Python 3
standard library only.  The full run (500,000 packets, 3 runs, callgrind)
takes about an hour on two cores.

What it measures: the cost that loading the plugin adds to tshark, and, for
comparison, the cost of tests/bench/portclass-baseline.lua, a minimal Lua
post-dissector giving the same annotations from a small service table (it is
what users would otherwise write; it is a benchmark baseline, not part of the
product).  Every scenario runs tshark in three setups over the same capture:

    with      the plugin loaded
    without   neither the plugin nor the Lua baseline (the reference)
    lua       the Lua baseline loaded (-X lua_script:...), no plugin

and reports with/without and lua/without ratios side by side:

    plain             tshark -n -r CAP
    fields-not-asked  tshark -n -r CAP -T fields -e tcp.srcport -e tcp.dstport
                      -e udp.srcport -e udp.dstport   (plugin loaded, not asked)
    fields-disabled   as fields-not-asked; WITH adds --disable-protocol
                      portclass, LUA --disable-protocol portclass_lua: what
                      a script that does not use portclass does to opt out
    fields-asked      as above; WITH adds -e portclass.{src,dst}.{class,service},
                      LUA adds -e portclass_lua.{src,dst}.{class,service},
                      WITHOUT keeps the 4 built-in fields only
    verbose           tshark -n -V -r CAP
    two-pass          tshark -n -2 -r CAP with the fields-asked arguments: a
                      first pass over every packet (no filter, nothing
                      printed), then the fields-asked one
    startup           tshark -n -r ONE_PACKET_CAP     (wall time and memory)

* Wall time: interleaved runs (with, without, lua, with, ...) --runs times
  each over a generated capture of --packets packets, after one warm-up run
  per setup over the callgrind capture (the big capture is read once into
  the page cache before any timing); the ratio of the medians is reported,
  plus microseconds per packet (median / packets, start-up included).  The
  details also give the median CPU time (user+sys) and the spread of the
  runs; wall time is only as good as the machine is quiet, so a note is
  printed when identical runs varied by more than 5%.
* Peak memory: the maximum resident set size of the tshark process in each
  timed run (ru_maxrss from wait4(), taken by a small helper process so that
  this script's own size does not leak into it; as root, the setpriv prefix
  execs tshark in the same process), median over the runs.  The ratio is
  reported; memory has no budget.  A setup check makes sure the figure is
  tshark's and not the wrapper's.
* Instructions: each setup runs under valgrind's callgrind over a capture of
  the first --callgrind-packets packets (a fifth of them for verbose) and over
  a 1-packet capture; instructions per packet = (Ir(N) - Ir(1)) / (N - 1),
  which takes start-up out.  The ratio is reported.  A command that is the
  same in two scenarios is measured once.  On a busy machine these are the
  trustworthy figures.

The plugin's figures of a scenario are "within budget" when its wall and
instruction ratios are at most the budget: plain 1.02, fields-not-asked
1.02, fields-disabled 1.01, fields-asked 1.05, verbose 1.05, two-pass 1.05
(the fields-asked budget, as its second pass is fields-asked), startup
1.05.  The Lua figures
are not judged.  This is a measurement, not a test: the exit status is 0
even when a scenario is over budget, non-zero only when the benchmark could
not be set up or a tshark run failed.

--scenario NAME (repeatable) measures only the scenarios named, for
example --scenario fields-not-asked --scenario fields-disabled; it cannot
be combined with --update-readme, whose table has every scenario.

--markdown also prints the results as Markdown (date in UTC, the first line
of `tshark --version`, the CPU model, the command, a ratio table and a table
of absolute figures); --update-readme writes that Markdown between the
BENCHMARK TABLE markers of README.md, so regenerating the README's table is
this one command.

Before measuring, setup checks make sure that only the WITH setup loads the
plugin, that its annotations appear (-T fields and -V) and disappear with
--disable-protocol portclass, that the LUA setup
shows the Lua baseline's tree in -V output and no plugin tree, and that the
Lua baseline gives every header the same transport, ports and classes as the
plugin.

The capture is generated by this script (seeded, so every run uses the same
bytes): classic pcap, Ethernet, TCP and UDP over IPv4 and IPv6, clients on
ephemeral ports 32768-65535 talking to SSH, DNS, HTTP, HTTPS, QUIC, NTP,
MySQL, HTTP-alt and random registered/dynamic ports, with payloads the
application dissectors decode.  tshark runs isolated from the user's
configuration (temporary HOME and WIRESHARK_CONFIG_DIR); the plugin is
loaded by pointing WIRESHARK_PLUGIN_DIR at a copy of BUILD/plugins, or not
loaded by pointing it at an empty tree of the same layout (the LUA setup
uses the empty tree too, and a world-readable copy of the Lua script).
Wireshark ignores WIRESHARK_PLUGIN_DIR for root, so as root tshark runs as
the user "nobody".
"""

import argparse
import datetime
import glob
import grp
import os
import platform
import pwd
import random
import re
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

SEED = 20240401
START_TIME = 1700000000            # timestamp of the first packet, seconds
CONCURRENT_FLOWS = 24              # conversations interleaved at any time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA_BASELINE = os.path.join(SOURCE_DIR, "tests", "bench", "portclass-baseline.lua")
README = os.path.join(SOURCE_DIR, "README.md")
README_BEGIN = "<!-- BEGIN BENCHMARK TABLE: generated by tests/benchmark.py --update-readme -->"
README_END = "<!-- END BENCHMARK TABLE -->"

SETUP_NAMES = ("with", "without", "lua")      # also the order of interleaved runs
COMPARED = ("with", "lua")                    # each compared with "without"
SETUP_LABELS = {"with": "plugin", "without": "without", "lua": "Lua"}
PLUGIN_TREE = "Port Classification"           # text of the plugin's subtree in -V
LUA_TREE = "Lua port classification baseline"  # text of the Lua baseline's subtree
PLUGIN_PROTOCOL = "portclass"                  # filter names, for --disable-protocol
LUA_PROTOCOL = "portclass_lua"

BUILTIN_FIELDS = ["tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport"]
PORTCLASS_FIELDS = ["portclass.src.class", "portclass.dst.class",
                    "portclass.src.service", "portclass.dst.service"]
LUA_FIELDS = [field.replace("portclass.", "portclass_lua.", 1) for field in PORTCLASS_FIELDS]
# Compared between the plugin and the Lua baseline, header by header.
SAME_JOB_FIELDS = ["transport", "src.port", "dst.port", "src.class", "dst.class"]


class SetupError(Exception):
    """The benchmark cannot run (missing tool, plugin not loaded, ...)."""


def progress(message):
    print(f"[benchmark {time.strftime('%H:%M:%S')}] {message}",
          file=sys.stderr, flush=True)


# ==========================================================================
# Packet building
# ==========================================================================

MAC_CLIENT = bytes.fromhex("020000000001")
MAC_SERVER = bytes.fromhex("020000000002")
ETH_IPV4, ETH_IPV6 = 0x0800, 0x86DD
PROTO_TCP, PROTO_UDP = 6, 17
TCP_FIN, TCP_SYN, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x08, 0x10


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Endpoints:
    """Addresses of one conversation: client and server, IPv4 or IPv6."""

    def __init__(self, client_ip, server_ip, client_port, server_port):
        self.client_ip = client_ip
        self.server_ip = server_ip
        self.client_port = client_port
        self.server_port = server_port
        self.ipv6 = len(client_ip) == 16

    def oriented(self, from_client):
        """(src ip, dst ip, src port, dst port) for one direction."""
        if from_client:
            return self.client_ip, self.server_ip, self.client_port, self.server_port
        return self.server_ip, self.client_ip, self.server_port, self.client_port


def pseudo_header(src, dst, proto, length):
    if len(src) == 16:
        return src + dst + struct.pack("!IxxxB", length, proto)
    return src + dst + struct.pack("!xBH", proto, length)


def ip_packet(src, dst, proto, transport, ip_id):
    """An IPv4 or IPv6 packet around an already checksummed transport."""
    if len(src) == 16:
        return struct.pack("!IHBB", 6 << 28, len(transport), proto, 64) + src + dst + transport
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), ip_id & 0xFFFF,
                         0x4000, 64, proto, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + transport


def ethernet_frame(from_client, ipv6, packet):
    dst, src = (MAC_SERVER, MAC_CLIENT) if from_client else (MAC_CLIENT, MAC_SERVER)
    return dst + src + struct.pack("!H", ETH_IPV6 if ipv6 else ETH_IPV4) + packet


def tcp_segment(src, dst, sport, dport, seq, ack, flags, payload=b"", mss=False):
    options = struct.pack("!BBH", 2, 4, 1460) if mss else b""
    offset = (20 + len(options)) // 4
    header = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                         offset << 4, flags, 64240, 0, 0) + options
    segment = header + payload
    csum = checksum(pseudo_header(src, dst, PROTO_TCP, len(segment)) + segment)
    return segment[:16] + struct.pack("!H", csum) + segment[18:]


def udp_datagram(src, dst, sport, dport, payload):
    datagram = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    csum = checksum(pseudo_header(src, dst, PROTO_UDP, len(datagram)) + datagram) or 0xFFFF
    return datagram[:6] + struct.pack("!H", csum) + datagram[8:]


# ==========================================================================
# Conversations: each one is a generator of (from_client, ip packet)
# ==========================================================================

class IpIds:
    """IPv4 identification counter shared by all conversations."""

    def __init__(self):
        self.value = 0x1000

    def next(self):
        self.value += 1
        return self.value


def tcp_conversation(rng, ends, messages, ip_ids):
    """Handshake, the messages [(from_client, payload)], then FIN both ways.

    Sequence and acknowledgement numbers are consistent; a pure ACK follows
    a message when the same side speaks next or at the end."""
    seq = {True: rng.getrandbits(32), False: rng.getrandbits(32)}

    def segment(from_client, flags, payload=b"", mss=False):
        src, dst, sport, dport = ends.oriented(from_client)
        transport = tcp_segment(src, dst, sport, dport, seq[from_client],
                                seq[not from_client], flags, payload, mss)
        seq[from_client] += len(payload) + (1 if flags & (TCP_SYN | TCP_FIN) else 0)
        return from_client, ip_packet(src, dst, PROTO_TCP, transport, ip_ids.next())

    src, dst, sport, dport = ends.oriented(True)
    syn = tcp_segment(src, dst, sport, dport, seq[True], 0, TCP_SYN, mss=True)
    seq[True] += 1
    yield True, ip_packet(src, dst, PROTO_TCP, syn, ip_ids.next())
    yield segment(False, TCP_SYN | TCP_ACK, mss=True)
    yield segment(True, TCP_ACK)
    for index, (from_client, payload) in enumerate(messages):
        yield segment(from_client, TCP_PSH | TCP_ACK, payload)
        next_sender = messages[index + 1][0] if index + 1 < len(messages) else None
        if next_sender != (not from_client):
            yield segment(not from_client, TCP_ACK)
    yield segment(True, TCP_FIN | TCP_ACK)
    yield segment(False, TCP_FIN | TCP_ACK)
    yield segment(True, TCP_ACK)


def udp_conversation(ends, messages, ip_ids):
    for from_client, payload in messages:
        src, dst, sport, dport = ends.oriented(from_client)
        transport = udp_datagram(src, dst, sport, dport, payload)
        yield from_client, ip_packet(src, dst, PROTO_UDP, transport, ip_ids.next())


# ==========================================================================
# Application payloads
# ==========================================================================

DNS_NAMES = ["www.example.com", "example.org", "mail.example.net", "api.example.com",
             "cdn.example.org", "ntp.example.net", "db.internal.example.com"]
HTTP_PATHS = ["/", "/index.html", "/api/v1/items?page=2", "/static/app.js",
              "/images/logo.png", "/login"]


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def dns_exchange(rng):
    """A DNS query and its answer (A or AAAA)."""
    txid = rng.getrandbits(16)
    name = rng.choice(DNS_NAMES)
    aaaa = rng.random() < 0.3
    qtype = 28 if aaaa else 1
    question = dns_name(name) + struct.pack("!HH", qtype, 1)
    query = struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + question
    rdata = (bytes.fromhex("20010db8000000000000000000000080") if aaaa
             else bytes([198, 51, 100, rng.randrange(1, 255)]))
    answer = struct.pack("!HHHIH", 0xC00C, qtype, 1, 300, len(rdata)) + rdata
    response = struct.pack("!HHHHHH", txid, 0x8180, 1, 1, 0, 0) + question + answer
    return [(True, query), (False, response)]


def http_exchange(rng, host):
    path = rng.choice(HTTP_PATHS)
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: curl/7.88.1\r\n"
               f"Accept: */*\r\n\r\n").encode()
    body = b"x" * rng.randrange(0, 600) + b"\n"
    response = (f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return [(True, request), (False, response)]


def tls_record(rng, size):
    return struct.pack("!BHH", 0x17, 0x0303, size) + rng.randbytes(size)


def ssh_kexinit(rng):
    lists = ["curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
             "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", ""]
    payload = bytes([20]) + rng.randbytes(16)
    for name_list in lists:
        payload += struct.pack("!I", len(name_list)) + name_list.encode()
    payload += b"\0" + b"\0\0\0\0"
    padding = 8 - (len(payload) + 5) % 8
    padding += 8 if padding < 4 else 0
    return struct.pack("!IB", len(payload) + padding + 1, padding) + payload + bytes(padding)


def mysql_packet(sequence, payload):
    return struct.pack("<I", len(payload))[:3] + bytes([sequence]) + payload


def mysql_messages(rng):
    greeting = (b"\x0a8.0.35\0" + struct.pack("<I", rng.getrandbits(16)) + rng.randbytes(8)
                + b"\0" + struct.pack("<HBHH", 0xF7FF, 0xFF, 0x0002, 0x0000) + b"\0"
                + bytes(10) + rng.randbytes(12) + b"\0")
    login = (struct.pack("<IIB23x", 0xA201, 16777216, 33) + b"app\0"
             + bytes([20]) + rng.randbytes(20))
    ok = b"\x00\x00\x00\x02\x00\x00\x00"
    messages = [(False, mysql_packet(0, greeting)), (True, mysql_packet(1, login)),
                (False, mysql_packet(2, ok))]
    for _ in range(rng.randrange(1, 4)):
        query = f"SELECT id, name FROM items WHERE id = {rng.randrange(1000)}".encode()
        messages += [(True, mysql_packet(0, b"\x03" + query)), (False, mysql_packet(1, ok))]
    return messages


def ntp_messages(rng):
    transmit = rng.randbytes(8)
    request = b"\x23" + bytes(39) + transmit
    response = (b"\x24\x02\x06\xe9" + bytes(8) + b"\xc6\x33\x64\x01"
                + rng.randbytes(8) + transmit + rng.randbytes(16))
    return [(True, request), (False, response)]


def quic_initial(rng, dcid, scid, size):
    """A QUIC v1 long-header Initial packet of size bytes (encrypted part random)."""
    header = (bytes([0xC3]) + struct.pack("!I", 1) + bytes([len(dcid)]) + dcid
              + bytes([len(scid)]) + scid + b"\x00")          # token length 0
    remaining = size - len(header) - 2
    return header + struct.pack("!H", 0x4000 | remaining) + rng.randbytes(remaining)


def quic_short(rng, dcid):
    return bytes([0x40 | rng.getrandbits(5)]) + dcid + rng.randbytes(rng.randrange(30, 1200))


def quic_messages(rng):
    """Client and server Initials, then 1-RTT packets both ways."""
    client_cid, server_cid = rng.randbytes(8), rng.randbytes(8)
    messages = [(True, quic_initial(rng, rng.randbytes(8), client_cid, 1200)),
                (False, quic_initial(rng, client_cid, server_cid, rng.randrange(200, 1200)))]
    for _ in range(rng.randrange(2, 10)):
        from_client = rng.random() < 0.4
        messages.append((from_client, quic_short(rng, server_cid if from_client else client_cid)))
    return messages


# ==========================================================================
# Service mix: one profile is (weight, function returning a conversation)
# ==========================================================================

def ephemeral_port(rng):
    return rng.randrange(32768, 65536)


def random_service_port(rng):
    """A registered (1024-49151) or dynamic (49152-65535) server port."""
    return rng.randrange(1024, 49152) if rng.random() < 0.7 else rng.randrange(49152, 65536)


def conv_ssh(rng, ends, ids):
    messages = [(False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), (True, b"SSH-2.0-OpenSSH_9.2p1\r\n"),
                (False, ssh_kexinit(rng)), (True, ssh_kexinit(rng))]
    return tcp_conversation(rng, ends, messages, ids)


def conv_dns(rng, ends, ids):
    return udp_conversation(ends, dns_exchange(rng), ids)


def conv_http(rng, ends, ids):
    messages = []
    for _ in range(rng.randrange(1, 4)):
        messages += http_exchange(rng, "www.example.com")
    return tcp_conversation(rng, ends, messages, ids)


def conv_https(rng, ends, ids):
    messages = []
    for _ in range(rng.randrange(1, 5)):
        messages += [(True, tls_record(rng, rng.randrange(30, 400))),
                     (False, tls_record(rng, rng.randrange(100, 1300)))]
    return tcp_conversation(rng, ends, messages, ids)


def conv_quic(rng, ends, ids):
    return udp_conversation(ends, quic_messages(rng), ids)


def conv_ntp(rng, ends, ids):
    return udp_conversation(ends, ntp_messages(rng), ids)


def conv_mysql(rng, ends, ids):
    return tcp_conversation(rng, ends, mysql_messages(rng), ids)


def conv_random_tcp(rng, ends, ids):
    messages = [(i % 2 == 0, rng.randbytes(rng.randrange(1, 500))) for i in range(rng.randrange(1, 5))]
    return tcp_conversation(rng, ends, messages, ids)


def conv_random_udp(rng, ends, ids):
    messages = [(rng.random() < 0.5, rng.randbytes(rng.randrange(1, 500)))
                for _ in range(rng.randrange(1, 6))]
    return udp_conversation(ends, messages, ids)


# (weight, server port or None for a random one, conversation builder)
SERVICE_MIX = [
    (8, 22, conv_ssh),
    (30, 53, conv_dns),
    (12, 80, conv_http),
    (18, 443, conv_https),
    (8, 443, conv_quic),
    (6, 123, conv_ntp),
    (4, 3306, conv_mysql),
    (5, 8080, conv_http),
    (5, None, conv_random_tcp),
    (6, None, conv_random_udp),
]


def random_endpoints(rng, server_port):
    if rng.random() < 0.3:
        client = bytes.fromhex("20010db8000000010000000000") + rng.randbytes(3)
        server = bytes.fromhex("20010db80000000200000000000000") + bytes([rng.randrange(1, 255)])
    else:
        client = bytes([192, 0, 2, rng.randrange(1, 255)])
        server = bytes([198, 51, 100, rng.randrange(1, 255)])
    return Endpoints(client, server, ephemeral_port(rng), server_port)


def new_conversation(rng, ip_ids):
    weights = [weight for weight, _, _ in SERVICE_MIX]
    _, port, build = rng.choices(SERVICE_MIX, weights)[0]
    ends = random_endpoints(rng, port if port is not None else random_service_port(rng))
    return ends.ipv6, build(rng, ends, ip_ids)


def generate_frames(count, seed=SEED):
    """count Ethernet frames of interleaved conversations, deterministic."""
    rng = random.Random(seed)
    ip_ids = IpIds()
    active = [new_conversation(rng, ip_ids) for _ in range(CONCURRENT_FLOWS)]
    frames = []
    while len(frames) < count:
        index = rng.randrange(len(active))
        ipv6, conversation = active[index]
        step = next(conversation, None)
        if step is None:
            active[index] = new_conversation(rng, ip_ids)
            continue
        from_client, packet = step
        frames.append(ethernet_frame(from_client, ipv6, packet))
    return frames


def write_pcap(path, frames):
    """Classic little-endian pcap, microsecond timestamps, Ethernet."""
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        micros = 0
        for frame in frames:
            out.write(struct.pack("<IIII", START_TIME + micros // 1000000, micros % 1000000,
                                  len(frame), len(frame)))
            out.write(frame)
            micros += 50 + (len(frame) * 7) % 400   # deterministic spacing
    os.chmod(path, 0o644)


# ==========================================================================
# Isolated tshark setups
# ==========================================================================

class Setup:
    """How to run tshark in one setup: WITH, WITHOUT or LUA."""

    def __init__(self, name, plugin_dir, home, config_dir, extra_args=()):
        self.name = name
        self.plugin_dir = plugin_dir
        self.home = home
        self.config_dir = config_dir
        self.extra_args = list(extra_args)        # after "-r CAP", before the scenario's

    def env(self):
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "WIRESHARK_CONFIG_DIR": self.config_dir,
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        }


def privilege_drop_prefix():
    """setpriv as nobody when root: Wireshark ignores WIRESHARK_PLUGIN_DIR for root.

    setpriv execs its command in its own process, so the process that the
    benchmark starts and waits for is tshark itself (or valgrind)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        raise SetupError("running as root needs setpriv (util-linux) to run tshark as nobody")
    try:
        uid = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        uid = 65534
    try:
        gid = grp.getgrnam("nogroup").gr_gid
    except KeyError:
        gid = 65534
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]


def find_plugin(build_dir):
    """(series, path) of BUILD/plugins/<series>/epan/portclass.so."""
    matches = sorted(glob.glob(os.path.join(build_dir, "plugins", "*", "epan", "portclass.so")))
    if not matches:
        raise SetupError(f"no plugins/<series>/epan/portclass.so under {build_dir}")
    if len(matches) > 1:
        raise SetupError(f"several plugin builds under {build_dir}: {matches}")
    series = os.path.basename(os.path.dirname(os.path.dirname(matches[0])))
    return series, matches[0]


def make_dir(path, mode=0o755):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, mode)
    return path


def make_setups(work_dir, build_dir):
    """WITH: a readable copy of the plugin tree; WITHOUT: the same tree,
    empty; LUA: the empty tree and a readable copy of the Lua baseline."""
    series, plugin = find_plugin(build_dir)
    if not os.path.isfile(LUA_BASELINE):
        raise SetupError(f"the Lua baseline {LUA_BASELINE} is missing")
    home = make_dir(os.path.join(work_dir, "home"), 0o777)
    config_dir = make_dir(os.path.join(home, "wireshark-config"), 0o777)
    roots = {}
    for name in ("with", "without"):
        root = make_dir(os.path.join(work_dir, name, "plugins"))
        epan = make_dir(os.path.join(make_dir(os.path.join(root, series)), "epan"))
        if name == "with":
            target = os.path.join(epan, "portclass.so")
            shutil.copyfile(plugin, target)
            os.chmod(target, 0o755)
        roots[name] = root
    script = os.path.join(make_dir(os.path.join(work_dir, "lua")), os.path.basename(LUA_BASELINE))
    shutil.copyfile(LUA_BASELINE, script)
    os.chmod(script, 0o644)
    setups = {
        "with": Setup("with", roots["with"], home, config_dir),
        "without": Setup("without", roots["without"], home, config_dir),
        "lua": Setup("lua", roots["without"], home, config_dir, ["-X", f"lua_script:{script}"]),
    }
    return series, plugin, setups


# Runs argv[1:] with its standard output on /dev/null and prints its exit
# status, wall seconds, CPU seconds (user+sys) and peak RSS (ru_maxrss, KiB).
# Why a helper process: a child inherits the peak RSS of the process that
# forked it (Linux keeps the larger of the parent's peak and the program's
# own across the exec), and this script grows to hundreds of MiB while it
# generates the capture.  The helper is a fresh, small interpreter, so the
# peak it reports is tshark's own.  As root, argv[1:] starts with setpriv,
# which execs tshark in the same process: the usage is still tshark's.
TIMER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


class Runner:
    """Runs tshark (possibly under valgrind) for a setup, as the right user."""

    def __init__(self, work_dir):
        self.prefix = privilege_drop_prefix()
        self.work_dir = work_dir
        self.instruction_counts = {}              # (setup, command) -> Ir

    def run(self, setup, command, capture_stdout=False):
        result = subprocess.run(
            self.prefix + command, env=setup.env(), cwd=self.work_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, check=False)
        if result.returncode != 0:
            raise SetupError(f"{setup.name}: `{' '.join(command)}` exited with "
                             f"{result.returncode}:\n{result.stderr.strip()}")
        return result

    def timed(self, setup, command):
        """(wall seconds, CPU seconds user+sys, peak RSS in KiB) of one run.

        The run goes through TIMER (see there), which reports the resource
        usage of the tshark process alone; ru_maxrss is in KiB on Linux."""
        result = subprocess.run(
            [sys.executable, "-c", TIMER] + self.prefix + command, env=setup.env(),
            cwd=self.work_dir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, check=False)
        try:
            status, wall, cpu, maxrss = result.stdout.split()
        except ValueError:
            raise SetupError(f"{setup.name}: no timing from `{' '.join(command)}`:\n"
                             f"{result.stdout}{result.stderr}") from None
        if int(status) != 0 or result.returncode != 0:
            raise SetupError(f"{setup.name}: `{' '.join(command)}` exited with "
                             f"{status}:\n{result.stderr.strip()}")
        return float(wall), float(cpu), int(maxrss)

    def instructions(self, setup, command):
        """Total instructions executed (callgrind's 'Collected').  A command
        already measured in the same setup is not run again (for example
        WITHOUT's command is the same in fields-not-asked and fields-asked)."""
        key = (setup.name, tuple(command))
        if key not in self.instruction_counts:
            self.instruction_counts[key] = self._callgrind(setup, command)
        return self.instruction_counts[key]

    def _callgrind(self, setup, command):
        result = self.run(setup, ["valgrind", "--tool=callgrind",
                                  "--callgrind-out-file=/dev/null"] + command)
        match = re.search(r"^==\d+== Collected\s*:\s*(\d+)", result.stderr, re.MULTILINE)
        if not match:
            raise SetupError(f"no 'Collected :' in callgrind output:\n{result.stderr[-2000:]}")
        return int(match.group(1))


def check_plugin_loading(runner, setups):
    """Abort unless only the WITH setup lists portclass.so in -G plugins."""
    for name in SETUP_NAMES:
        expected = name == "with"
        listing = runner.run(setups[name], ["tshark", "-G", "plugins"], capture_stdout=True).stdout
        loaded = re.search(r"^portclass\.so\s", listing, re.MULTILINE) is not None
        if loaded != expected:
            hint = (f" (WIRESHARK_PLUGIN_DIR={setups[name].plugin_dir}; is it readable by the "
                    f"user tshark runs as?)") if expected else ""
            raise SetupError(f"tshark -G plugins in the '{name}' setup "
                             f"{'does not list' if expected else 'lists'} portclass.so{hint}:\n{listing}")


def verbose_output(runner, setup, capture):
    command = ["tshark", "-n", "-r", capture] + setup.extra_args + ["-V"]
    return runner.run(setup, command, capture_stdout=True)


def check_plugin_output(runner, setups, capture):
    """The WITH setup really annotates packets; returns its stderr warnings."""
    command = ["tshark", "-n", "-r", capture, "-T", "fields"] + field_args(PORTCLASS_FIELDS)
    result = runner.run(setups["with"], command, capture_stdout=True)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    if not rows or not all(row[0] for row in rows):
        raise SetupError(f"portclass fields are empty in the 'with' setup:\n{result.stdout[:500]}")
    verbose = verbose_output(runner, setups["with"], capture)
    if PLUGIN_TREE not in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'with' setup shows no '{PLUGIN_TREE}' tree")
    if LUA_TREE in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'with' setup shows a '{LUA_TREE}' tree")
    without = verbose_output(runner, setups["without"], capture)
    for tree in (PLUGIN_TREE, LUA_TREE):
        if tree in without.stdout:
            raise SetupError(f"'tshark -V' in the 'without' setup shows a '{tree}' tree")
    disabled = runner.run(setups["with"], ["tshark", "-n", "-r", capture, "-V",
                                           "--disable-protocol", PLUGIN_PROTOCOL],
                          capture_stdout=True)
    if PLUGIN_TREE in disabled.stdout:
        raise SetupError(f"--disable-protocol {PLUGIN_PROTOCOL} leaves a '{PLUGIN_TREE}' tree")
    return (result.stderr + verbose.stderr).strip()


def check_lua_output(runner, setups, capture):
    """The LUA setup runs the Lua baseline (its tree is in -V, with no Lua
    error and no plugin tree), and the baseline gives every header of
    capture the same transport, ports and classes as the plugin.  Returns
    the LUA setup's stderr warnings."""
    verbose = verbose_output(runner, setups["lua"], capture)
    if LUA_TREE not in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'lua' setup shows no '{LUA_TREE}' tree: is Lua "
                         f"enabled in this tshark and for the user it runs as, and is the "
                         f"script readable?\n{verbose.stderr.strip()}")
    if "Lua Error" in verbose.stdout:
        line = next(line for line in verbose.stdout.splitlines() if "Lua Error" in line)
        raise SetupError(f"the Lua baseline fails: {line.strip()}")
    if PLUGIN_TREE in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'lua' setup shows a '{PLUGIN_TREE}' tree")
    outputs = {}
    for name, prefix in (("with", "portclass."), ("lua", "portclass_lua.")):
        fields = [prefix + field for field in SAME_JOB_FIELDS]
        command = (["tshark", "-n", "-r", capture] + setups[name].extra_args
                   + ["-T", "fields", "-E", "occurrence=a"] + field_args(fields))
        outputs[name] = runner.run(setups[name], command, capture_stdout=True).stdout.splitlines()
    if not any(line.strip() for line in outputs["lua"]):
        raise SetupError("the Lua baseline's fields are empty")
    for number, (plugin_line, lua_line) in enumerate(zip(outputs["with"], outputs["lua"]), 1):
        if plugin_line != lua_line:
            raise SetupError(f"packet {number}: the Lua baseline gives {lua_line!r} where the "
                             f"plugin gives {plugin_line!r} ({', '.join(SAME_JOB_FIELDS)})")
    if len(outputs["with"]) != len(outputs["lua"]):
        raise SetupError("the plugin and the Lua baseline print different numbers of packets")
    return verbose.stderr.strip()


def check_memory_measurement(runner, setups, capture_one):
    """Peak RSS of the wrapper alone and of a 1-packet tshark run, in KiB;
    aborts unless the latter looks like tshark's (libwireshark alone maps
    tens of MiB) and clearly exceeds the former."""
    wrapper_kib = runner.timed(setups["without"], ["true"])[2]
    tshark_kib = runner.timed(setups["without"], ["tshark", "-n", "-r", capture_one])[2]
    if tshark_kib < 16 * 1024 or tshark_kib < 4 * wrapper_kib:
        raise SetupError(f"peak RSS of a 1-packet tshark run is {tshark_kib} KiB (the wrapper "
                         f"alone: {wrapper_kib} KiB): not tshark's memory")
    return wrapper_kib, tshark_kib


def tshark_version(runner, setup):
    result = runner.run(setup, ["tshark", "--version"], capture_stdout=True)
    return result.stdout.splitlines()[0]


def cpu_model():
    """The CPU model name and the number of CPUs, e.g. 'AMD EPYC (2 CPUs)'."""
    model = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                    model = value.strip()
                    break
    except OSError:
        pass
    model = model or platform.processor() or platform.machine() or "unknown CPU"
    return f"{model} ({os.cpu_count()} CPUs)"


# ==========================================================================
# Scenarios and measurements
# ==========================================================================

def field_args(fields):
    return [arg for field in fields for arg in ("-e", field)]


class Scenario:
    """One tshark command line per setup, a budget, and what to measure."""

    def __init__(self, name, budget, args, summary, one_packet=False, callgrind_fraction=1.0):
        self.name = name
        self.budget = budget
        self.args = args                          # setup name -> arguments
        self.summary = summary                    # the command (Markdown), for the report
        self.one_packet = one_packet              # startup: 1 packet, no callgrind
        self.callgrind_fraction = callgrind_fraction

    def command(self, setup, capture):
        return ["tshark", "-n", "-r", capture] + setup.extra_args + self.args[setup.name]


def scenarios():
    fields = ["-T", "fields"] + field_args(BUILTIN_FIELDS)
    asked = {"with": fields + field_args(PORTCLASS_FIELDS), "without": fields,
             "lua": fields + field_args(LUA_FIELDS)}

    def same(args):
        return {name: args for name in SETUP_NAMES}

    # The scripts that do not use portclass and opt out of it.
    disabled = {"with": ["--disable-protocol", PLUGIN_PROTOCOL] + fields, "without": fields,
                "lua": ["--disable-protocol", LUA_PROTOCOL] + fields}

    fields_text = "-T fields -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport"
    asked_text = ("as `fields-not-asked`, plus `-e portclass.{src,dst}.{class,service}` (plugin)"
                  " or `-e portclass_lua.{src,dst}.{class,service}` (Lua)")
    disabled_text = ("as `fields-not-asked`, plus `--disable-protocol portclass` (plugin) or "
                     "`--disable-protocol portclass_lua` (Lua)")
    return [
        Scenario("plain", 1.02, same([]), "`tshark -n -r CAP`"),
        Scenario("fields-not-asked", 1.02, same(fields), f"`tshark -n -r CAP {fields_text}`"),
        Scenario("fields-disabled", 1.01, disabled, disabled_text),
        Scenario("fields-asked", 1.05, asked, asked_text),
        Scenario("verbose", 1.05, same(["-V"]), "`tshark -n -r CAP -V`", callgrind_fraction=0.2),
        Scenario("two-pass", 1.05, {name: ["-2"] + args for name, args in asked.items()},
                 "`tshark -n -r CAP -2` with the `fields-asked` arguments"),
        Scenario("startup", 1.05, same([]), "`tshark -n -r ONE_PACKET_CAP`", one_packet=True),
    ]


def measure_wall(runner, setups, scenario, capture, warm_up_capture, runs):
    """Interleaved runs (after one warm-up each over warm_up_capture). Per
    setup: median wall and CPU seconds, median peak RSS (KiB), and the wall
    spread max/min - 1 (a noise indicator)."""
    samples = {name: [] for name in SETUP_NAMES}
    for name in SETUP_NAMES:
        runner.timed(setups[name], scenario.command(setups[name], warm_up_capture))
    for run in range(runs):
        if not scenario.one_packet:
            progress(f"  {scenario.name}: run {run + 1}/{runs}")
        for name in SETUP_NAMES:
            samples[name].append(runner.timed(setups[name], scenario.command(setups[name], capture)))
    result = {"wall": {}, "cpu": {}, "rss": {}, "spread": {}}
    for name, values in samples.items():
        walls = [wall for wall, _, _ in values]
        result["wall"][name] = statistics.median(walls)
        result["cpu"][name] = statistics.median(cpu for _, cpu, _ in values)
        result["rss"][name] = statistics.median(rss for _, _, rss in values)
        result["spread"][name] = max(walls) / min(walls) - 1
    return result


def measure_instructions(runner, setups, scenario, capture_n, packets_n, capture_one):
    """Per setup: Ir(N), Ir(1) and instructions per packet."""
    result = {}
    for name in SETUP_NAMES:
        setup = setups[name]
        progress(f"  callgrind {scenario.name} / {name}: {packets_n} packets")
        ir_n = runner.instructions(setup, scenario.command(setup, capture_n))
        progress(f"  callgrind {scenario.name} / {name}: 1 packet")
        ir_one = runner.instructions(setup, scenario.command(setup, capture_one))
        result[name] = {"ir_n": ir_n, "ir_one": ir_one,
                        "per_packet": (ir_n - ir_one) / (packets_n - 1)}
    return result


def ratio(values, setup="with"):
    return values[setup] / values["without"] if values["without"] else float("nan")


def instruction_ratio(res, setup="with"):
    """Per-packet instruction ratio of setup against without, or None."""
    if "instr" not in res:
        return None
    return ratio({name: value["per_packet"] for name, value in res["instr"].items()}, setup)


def startup_ratio(res, setup="with"):
    """Total Ir of the 1-packet run against without (startup only), or None."""
    return ratio(res["startup_ir"], setup) if "startup_ir" in res else None


# ==========================================================================
# Report
# ==========================================================================

def verdict(budget, wall_ratio, instr_ratio):
    over = [label for label, value in (("wall", wall_ratio), ("instructions", instr_ratio))
            if value is not None and value > budget]
    return "within budget" if not over else f"OVER ({', '.join(over)})"


def plugin_verdict(res):
    return verdict(res["scenario"].budget, ratio(res["wall"]), instruction_ratio(res))


def mib(kib):
    return kib / 1024


def print_details(results, packets):
    print("Details")
    for name, res in results.items():
        wall, cpu, rss, spread = res["wall"], res["cpu"], res["rss"], res["spread"]
        count = 1 if res["scenario"].one_packet else packets
        print(f"  {name}: {res['scenario'].summary.replace('`', '')}")
        for setup in SETUP_NAMES:
            print(f"    {setup:8} wall median {wall[setup]:8.3f} s ({wall[setup] / count * 1e6:9.2f} "
                  f"us/packet over {count} packet(s), start-up included), spread max/min-1 "
                  f"{spread[setup]:5.1%}; CPU median {cpu[setup]:8.3f} s; "
                  f"peak RSS median {mib(rss[setup]):7.1f} MiB")
        print("    ratios against without: "
              + "; ".join(f"{SETUP_LABELS[setup]} wall {ratio(wall, setup):.4f}, "
                          f"CPU {ratio(cpu, setup):.4f}, peak RSS {ratio(rss, setup):.4f}"
                          for setup in COMPARED))
        instr = res.get("instr")
        if instr:
            print(f"    callgrind over {res['callgrind_packets']} packets:")
            for setup in SETUP_NAMES:
                print(f"    {setup:8} Ir(N)={instr[setup]['ir_n']:,} Ir(1)={instr[setup]['ir_one']:,}"
                      f" -> {instr[setup]['per_packet']:,.0f} Ir/packet")
    print()


def ratio_rows(results, markdown=False):
    """Rows of the ratio table: scenario, budget, then per compared setup
    wall, instructions and peak RSS ratios; the plugin verdict after its
    columns."""
    rows = []
    for name, res in results.items():
        scenario = res["scenario"]
        row = [f"`{name}`" if markdown else name, f"{scenario.budget:.2f}"]
        for setup in COMPARED:
            instr = instruction_ratio(res, setup)
            instr_text = f"{instr:.4f}" if instr is not None else "-"
            if scenario.one_packet and startup_ratio(res, setup) is not None:
                instr_text = f"({startup_ratio(res, setup):.4f} total Ir, not judged)"
            row += [f"{ratio(res['wall'], setup):.4f}", instr_text, f"{ratio(res['rss'], setup):.4f}"]
            if setup == "with":
                text = plugin_verdict(res)
                row.append(f"**{text}**" if markdown and text != "within budget" else text)
        rows.append(row)
    return rows


RATIO_HEADER = ["scenario", "budget", "plugin wall", "plugin instructions/packet",
                "plugin peak RSS", "plugin verdict", "Lua wall", "Lua instructions/packet",
                "Lua peak RSS"]


def print_table(results):
    rows = ratio_rows(results)
    header = RATIO_HEADER
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows:
        print(line(row))


def over_budget(results):
    """[(scenario, verdict)] of the plugin's scenarios over budget."""
    return [(name, plugin_verdict(res)) for name, res in results.items()
            if plugin_verdict(res) != "within budget"]


def over_budget_sentences(results):
    """Plain words on which plugin figures are over budget (Markdown lines)."""
    over = {"instructions per packet": [], "wall time": []}
    for name, res in results.items():
        budget = res["scenario"].budget
        for label, value in (("instructions per packet", instruction_ratio(res)),
                             ("wall time", ratio(res["wall"]))):
            if value is not None and value > budget:
                over[label].append(f"`{name}` {value:.4f} (budget {budget:.2f})")
    if not any(over.values()):
        return ["Every plugin figure is within budget."]
    return ["Plugin figures over budget: "
            + "; ".join(f"{label}: {', '.join(items)}" for label, items in over.items() if items)
            + "."]


def worst_spread(results):
    return max(max(res["spread"].values()) for res in results.values())


def print_noise_note(results, load_before):
    """Say when the wall times are too noisy to judge a budget of a few percent."""
    worst = worst_spread(results)
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.2f} at start, {load_after:.2f} at end; "
          f"largest wall spread of a setup: {worst:.1%}")
    if worst > 0.05:
        print("NOTE: wall times varied by more than 5% between identical runs (other load on "
              "the machine?); the budgets are a few percent, so trust the instruction ratios "
              "more than the wall ratios.")


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def absolute_rows(results, packets):
    """Rows of the absolute table; each cell is without / plugin / Lua."""
    order = ("without", "with", "lua")
    rows = []
    for name, res in results.items():
        one_packet = res["scenario"].one_packet
        if one_packet:
            wall = " / ".join(f"{res['wall'][s] * 1e3:.0f} ms" for s in order)
        else:
            wall = " / ".join(f"{res['wall'][s] / packets * 1e6:.2f}" for s in order)
        if "instr" in res:
            instr = " / ".join(f"{res['instr'][s]['per_packet']:,.0f}" for s in order)
        elif "startup_ir" in res:
            instr = " / ".join(f"{res['startup_ir'][s] / 1e6:,.0f} M total" for s in order)
        else:
            instr = "-"
        rss = " / ".join(f"{mib(res['rss'][s]):.1f}" for s in order)
        rows.append([f"`{name}`", wall, instr, rss])
    return rows


def markdown_report(results, info):
    """The Markdown block for the README (a list of lines)."""
    args = info["args"]
    verbose_note = (f" ({results['verbose']['callgrind_packets']:,} for `verbose`)"
                    if "verbose" in results else "")
    counts = (f"callgrind over the first {args.callgrind_packets:,} packets{verbose_note} "
              "and over 1 packet" if not args.skip_callgrind else "callgrind skipped")
    lines = [
        f"Measured on {info['date']:%Y-%m-%d} (UTC) with {info['version'].rstrip('.')}, "
        f"on {info['cpu']}:",
        f"{args.packets:,} generated packets, {args.runs} interleaved runs per setup, {counts}.",
        "Command:",
        "",
        "```sh",
        info["command"],
        "```",
        "",
        "Ratios against tshark without the plugin (1.0000 = no cost); the plugin verdict "
        "compares its wall and instruction ratios with the budget:",
        "",
    ]
    lines += markdown_table(RATIO_HEADER, ratio_rows(results, markdown=True))
    lines += [
        "",
        "Absolute figures, without / plugin / Lua:",
        "",
    ]
    lines += markdown_table(["scenario", "wall, µs per packet (startup: ms per run)",
                             "instructions per packet (startup: per run)", "peak RSS, MiB"],
                            absolute_rows(results, args.packets))
    lines += [""]
    lines += [f"- `{name}`: {res['scenario'].summary}" for name, res in results.items()]
    lines += ["- wall = ratio of the median wall times (start-up included); instructions = "
              "callgrind, (Ir(N) - Ir(1)) / (N - 1), start-up excluded; peak RSS = median "
              "maximum resident set size of the tshark process.",
              "- Lua = `tests/bench/portclass-baseline.lua`, a minimal Lua post-dissector doing "
              "the same classification (benchmark baseline, not judged)."]
    worst = worst_spread(results)
    if worst > 0.05:
        lines.append(f"- Wall times varied by up to {worst:.0%} between identical runs (a busy "
                     f"machine): the instruction ratios are the trustworthy ones.")
    lines += [""] + over_budget_sentences(results)
    return lines


def update_readme(lines):
    """Replace the text between the BENCHMARK TABLE markers of README.md."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        raise SetupError(f"{README} has no '{README_BEGIN}' ... '{README_END}' markers")
    text = text[:begin + len(README_BEGIN)] + "\n" + "\n".join(lines) + "\n" + text[end:]
    with open(README, "w", encoding="utf-8") as f:
        f.write(text)


# ==========================================================================
# Main
# ==========================================================================

def parse_args():
    parser = argparse.ArgumentParser(
        description="Benchmark tshark with vs without portclass, and with a Lua baseline.")
    parser.add_argument("--build-dir", required=True, help="portclass build directory")
    parser.add_argument("--packets", type=int, default=500000, help="packets for wall time")
    parser.add_argument("--callgrind-packets", type=int, default=10000,
                        help="packets for instruction counts (a fifth for verbose)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per setup")
    parser.add_argument("--skip-callgrind", action="store_true", help="wall time only")
    parser.add_argument("--scenario", action="append", default=[], metavar="NAME",
                        choices=[scenario.name for scenario in scenarios()],
                        help="measure only this scenario (repeatable; default: all)")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the results as Markdown for the README")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the Markdown results into README.md (implies --markdown)")
    args = parser.parse_args()
    if args.packets < 2 or args.runs < 1:
        parser.error("--packets must be >= 2 and --runs >= 1")
    if not args.skip_callgrind and args.callgrind_packets < 10:
        parser.error("--callgrind-packets must be >= 10")
    if args.scenario and args.update_readme:
        parser.error("--update-readme needs every scenario: leave out --scenario")
    args.markdown = args.markdown or args.update_readme
    return args


def command_line():
    """How this run was started, relative to the source folder, for the report."""
    script = os.path.relpath(os.path.abspath(sys.argv[0]), SOURCE_DIR)
    return shlex.join(["python3", script] + sys.argv[1:])


def check_tools(skip_callgrind):
    for tool in ["tshark"] + ([] if skip_callgrind else ["valgrind"]):
        if shutil.which(tool) is None:
            raise SetupError(f"{tool} not found in PATH")


def callgrind_count(scenario, callgrind_packets, total):
    """Packets of the scenario's callgrind capture (the first ones of the big one)."""
    return min(total, max(2, int(callgrind_packets * scenario.callgrind_fraction)))


def write_captures(work_dir, frames, callgrind_packets, scenario_list):
    """The big capture, the 1-packet one, and one per callgrind size needed.

    Keys: "big", "one" and the packet count of each callgrind capture."""
    captures = {"big": os.path.join(work_dir, "big.pcap"), "one": os.path.join(work_dir, "one.pcap")}
    write_pcap(captures["big"], frames)
    write_pcap(captures["one"], frames[:1])
    for scenario in scenario_list:
        count = callgrind_count(scenario, callgrind_packets, len(frames))
        if count not in captures:
            captures[count] = os.path.join(work_dir, f"first-{count}.pcap")
            write_pcap(captures[count], frames[:count])
    return captures


def read_into_page_cache(path):
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def run_benchmark(args, work_dir):
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    check_tools(args.skip_callgrind)
    series, plugin, setups = make_setups(work_dir, os.path.abspath(args.build_dir))
    runner = Runner(work_dir)
    check_plugin_loading(runner, setups)
    progress(f"plugin {plugin} (series {series}) loads in 'with' only")

    progress(f"generating {args.packets} packets (seed {SEED})")
    frames = generate_frames(args.packets)
    all_scenarios = scenarios()
    scenario_list = [scenario for scenario in all_scenarios
                     if not args.scenario or scenario.name in args.scenario]
    captures = write_captures(work_dir, frames, args.callgrind_packets, all_scenarios)
    del frames
    warnings = check_plugin_output(runner, setups, captures["one"])
    verbose = next(scenario for scenario in all_scenarios if scenario.name == "verbose")
    verbose_count = callgrind_count(verbose, args.callgrind_packets, args.packets)
    lua_warnings = check_lua_output(runner, setups, captures[verbose_count])
    progress(f"Lua baseline runs in 'lua' and classifies like the plugin ({verbose_count} packets)")
    wrapper_kib, startup_kib = check_memory_measurement(runner, setups, captures["one"])
    read_into_page_cache(captures["big"])

    results = {}
    for scenario in scenario_list:
        capture = captures["one" if scenario.one_packet else "big"]
        count = callgrind_count(scenario, args.callgrind_packets, args.packets)
        warm_up = captures["one" if scenario.one_packet else count]
        progress(f"wall time: {scenario.name} ({args.runs} runs per setup)")
        results[scenario.name] = {"scenario": scenario}
        results[scenario.name].update(measure_wall(runner, setups, scenario, capture, warm_up,
                                                   args.runs))
        if args.skip_callgrind or scenario.one_packet:
            continue
        results[scenario.name]["callgrind_packets"] = count
        results[scenario.name]["instr"] = measure_instructions(
            runner, setups, scenario, captures[count], count, captures["one"])
    if "plain" in results and "instr" in results["plain"] and "startup" in results:
        # The startup command is plain's 1-packet run: reuse its totals.
        results["startup"]["startup_ir"] = {k: v["ir_one"] for k, v in results["plain"]["instr"].items()}

    info = {"args": args, "date": datetime.datetime.now(datetime.timezone.utc),
            "version": tshark_version(runner, setups["without"]), "cpu": cpu_model(),
            "command": command_line()}
    print(f"portclass benchmark, {info['date']:%Y-%m-%d %H:%M:%S} UTC")
    print(info["version"])
    print(f"CPU: {info['cpu']}")
    print(f"plugin: {plugin} (series {series}); Lua baseline: "
          f"{os.path.relpath(LUA_BASELINE, SOURCE_DIR)}")
    print(f"capture: {args.packets} packets (seed {SEED}); {args.runs} interleaved runs per setup; "
          + ("callgrind skipped" if args.skip_callgrind else
             f"callgrind over {args.callgrind_packets} packets (N/5 for verbose) and 1 packet"))
    print(f"peak RSS check: the privilege-drop wrapper alone {mib(wrapper_kib):.1f} MiB, "
          f"a 1-packet tshark run {mib(startup_kib):.1f} MiB")
    if warnings:
        print(f"tshark stderr with the plugin: {warnings}")
    if lua_warnings:
        print(f"tshark stderr with the Lua baseline: {lua_warnings}")
    print()
    print_details(results, args.packets)
    print_table(results)
    print()
    print("ratios are against without: wall = median(setup) / median(without); instructions = "
          "per-packet Ir, Ir per packet = (Ir(N) - Ir(1)) / (N - 1); peak RSS = median max RSS; "
          "verdict: plugin wall and instructions against the budget (Lua not judged)")
    print_noise_note(results, load_before)
    print(f"total runtime: {time.monotonic() - started:.0f} s")
    if args.markdown:
        lines = markdown_report(results, info)
        print()
        print("Markdown:")
        print()
        print("\n".join(lines))
        if args.update_readme:
            update_readme(lines)
            print()
            print(f"updated {os.path.relpath(README, SOURCE_DIR)}")


def main():
    args = parse_args()
    work_dir = make_dir(tempfile.mkdtemp(prefix="portclass-bench-"))
    try:
        run_benchmark(args, work_dir)
    except SetupError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
