"""Traffic for the benchmark: a seeded, so always identical, capture of
interleaved conversations.

Classic pcap, Ethernet, TCP and UDP over IPv4 and IPv6: clients on ephemeral
ports 32768-65535 talking to SSH, DNS, HTTP, HTTPS, QUIC, NTP, MySQL,
HTTP-alt and random registered/dynamic ports, with payloads the application
dissectors decode; TCP conversations have a handshake, consistent sequence
numbers and a close. Python 3 standard library only.

    frames = generate_frames(count)      # Ethernet frames, deterministic
    write_pcap(path, frames)
"""

import os
import random
import struct

SEED = 20240401
START_TIME = 1700000000            # timestamp of the first packet, seconds
CONCURRENT_FLOWS = 24              # conversations interleaved at any time


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
