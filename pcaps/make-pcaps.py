#!/usr/bin/python3
"""Generate the sample captures used by the portclass tests.

Usage: /usr/bin/python3 pcaps/make-pcaps.py [OUTDIR]

OUTDIR defaults to the folder holding this script.  The output is fully
deterministic: fixed timestamps (1700000000.000000 + 1 ms per packet, per
file; classroom-minute.pcap sets each packet's time over one minute), fixed
MAC addresses, IP ids, TCP sequence numbers and DNS ids.  Running
the script twice gives byte-identical files.  Files are classic pcap
(little-endian, microsecond resolution), link type Ethernet.

Requires scapy (Debian package python3-scapy).
"""

import hashlib
import hmac
import os
import struct
import sys
import zlib

from scapy.asn1.asn1 import ASN1_OID
from scapy.contrib.geneve import GENEVE
from scapy.contrib.gtp import GTP_U_Header
from scapy.contrib.mpls import MPLS
from scapy.layers.dns import DNS, DNSQR, DNSRR
from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import ICMPv6DestUnreach, IPv6
from scapy.layers.l2 import GRE, Dot1AD, Dot1Q, Ether
from scapy.layers.snmp import SNMP, SNMPget, SNMPvarbind
from scapy.layers.vxlan import VXLAN
from scapy.packet import Raw

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

MAC_CLIENT = "02:00:00:00:00:01"   # client side of every capture
MAC_SERVER = "02:00:00:00:00:02"   # server side of every capture

CLIENT4 = "192.0.2.10"
SERVER4 = "198.51.100.20"
CLIENT6 = "2001:db8::10"
SERVER6 = "2001:db8::20"
OUTER_CLIENT4 = "203.0.113.1"      # tunnel endpoints
OUTER_SERVER4 = "203.0.113.2"
INNER_CLIENT4 = "10.0.0.1"         # hosts inside the tunnels
INNER_SERVER4 = "10.0.0.2"
SCANNER4 = "203.0.113.50"          # port scanner in syn-scan.pcap

START_TIME_US = 1700000000 * 1000000   # first packet of every file
STEP_US = 1000                         # 1 ms between packets

ETH_IPV4 = 0x0800
ETH_IPV6 = 0x86DD
ETH_VLAN = 0x8100
ETH_QINQ = 0x88A8
ETH_MPLS = 0x8847
ETH_BRIDGING = 0x6558              # Transparent Ethernet Bridging

TEREDO_CLIENT6 = "2001:0:cb00:7101::1"   # 2001:0::/32 Teredo prefix

TCP_WINDOW = 64240
SCAN_WINDOW = 1024                 # window of nmap's SYN probes

HTTP_GET = (b"GET / HTTP/1.1\r\n"
            b"Host: www.example.com\r\n"
            b"User-Agent: curl/7.88.1\r\n"
            b"Accept: */*\r\n"
            b"\r\n")
HTTP_GET_SHORT = (b"GET / HTTP/1.1\r\n"
                  b"Host: www.example.com\r\n"
                  b"\r\n")
HTTP_200 = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 6\r\n"
            b"\r\n"
            b"hello\n")
SSH_SERVER_BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"
SSH_CLIENT_BANNER = b"SSH-2.0-OpenSSH_9.2p1\r\n"
FTP_FILE_CONTENT = b"hello from the ftp server\n"
HTTP_200_OK = (b"HTTP/1.1 200 OK\r\n"
               b"Content-Length: 2\r\n"
               b"\r\n"
               b"ok")
HTTP_GET_BASIC_AUTH = (b"GET /private HTTP/1.1\r\n"     # alice:secret
                       b"Host: www.example.com\r\n"
                       b"Authorization: Basic YWxpY2U6c2VjcmV0\r\n"
                       b"\r\n")
SMTP_BANNER = b"220 mail.example.com ESMTP\r\n"


# --------------------------------------------------------------------------
# Capture file and packet helpers
# --------------------------------------------------------------------------

class Capture:
    """An ordered list of frames that is written as one pcap file."""

    def __init__(self, name):
        self.name = name
        self.frames = []        # (frame bytes, original length on the wire,
                                #  time in microseconds or None)
        self._ip_id = 0x1000    # IPv4 identification, +1 per IPv4 packet
        # With a clock (microseconds after the first packet's time), add()
        # stamps each frame with it; without, frame n is (n - 1) ms after
        # the first.
        self.clock_us = None

    def next_ip_id(self):
        self._ip_id += 1
        return self._ip_id

    def ip(self, src, dst, **kw):
        """IPv4 or IPv6 header (chosen from the address family)."""
        if ":" in src:
            return IPv6(src=src, dst=dst, hlim=64, **kw)
        return IP(src=src, dst=dst, id=self.next_ip_id(), ttl=64, **kw)

    def add(self, frame, caplen=None):
        """Append a frame; with caplen, keep only its first caplen bytes."""
        data = bytes(frame)
        wirelen = len(data)
        if caplen is not None:
            data = data[:caplen]
        self.frames.append((data, wirelen, self.clock_us))
        return len(self.frames)          # frame number, 1-based

    def write(self, outdir):
        """Writes the capture as a little-endian pcap file (Ethernet,
        snapshot length 65535), by hand: Scapy's writer changed its methods
        between versions, and the bytes must not change with it."""
        path = os.path.join(outdir, self.name)
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
            for index, (data, wirelen, clock_us) in enumerate(self.frames):
                t_us = START_TIME_US + (index * STEP_US if clock_us is None
                                        else clock_us)
                f.write(struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(data),
                                    wirelen))
                f.write(data)
        return path


def ether(src_mac, dst_mac, ethertype):
    return Ether(src=src_mac, dst=dst_mac, type=ethertype)


def plain_link(src_mac, dst_mac, l3):
    """Plain Ethernet framing for an IPv4/IPv6 packet."""
    ethertype = ETH_IPV6 if isinstance(l3, IPv6) else ETH_IPV4
    return ether(src_mac, dst_mac, ethertype) / l3


def vlan_link(vlan_id):
    """Framing function that puts packets in one 802.1Q VLAN."""
    def link(src_mac, dst_mac, l3):
        ethertype = ETH_IPV6 if isinstance(l3, IPv6) else ETH_IPV4
        return (ether(src_mac, dst_mac, ETH_VLAN)
                / Dot1Q(vlan=vlan_id, type=ethertype) / l3)
    return link


class TcpFlow:
    """One TCP connection with correct sequence/acknowledgement numbers.

    The initiator (SYN sender) is (a_ip, a_port, a_mac), the responder is
    (b_ip, b_port, b_mac).  Every data segment is PSH/ACK and acknowledges
    everything the other side sent so far.
    """

    def __init__(self, cap, a, b, a_isn, b_isn, link=plain_link):
        self.cap = cap
        self.ends = {"a": a, "b": b}                  # (ip, port, mac)
        self.next_seq = {"a": a_isn, "b": b_isn}      # next seq to send
        self.link = link

    def _segment(self, sender, flags, payload=b"", options=None,
                 window=TCP_WINDOW):
        receiver = "b" if sender == "a" else "a"
        s_ip, s_port, s_mac = self.ends[sender]
        r_ip, r_port, r_mac = self.ends[receiver]
        ack = self.next_seq[receiver] if "A" in flags else 0
        tcp = TCP(sport=s_port, dport=r_port, seq=self.next_seq[sender],
                  ack=ack, flags=flags, window=window,
                  options=options or [])
        l3 = self.cap.ip(s_ip, r_ip) / tcp
        if payload:
            l3 = l3 / Raw(payload)
        return self.link(s_mac, r_mac, l3)

    def handshake(self):
        """SYN, SYN-ACK, ACK; returns the three frame numbers."""
        frames = []
        mss = [("MSS", 1460)]
        frames.append(self.cap.add(self._segment("a", "S", options=mss)))
        self.next_seq["a"] += 1
        frames.append(self.cap.add(self._segment("b", "SA", options=mss)))
        self.next_seq["b"] += 1
        frames.append(self.cap.add(self._segment("a", "A")))
        return frames

    def send(self, sender, payload, fin=False):
        """PSH/ACK data segment from 'a' (initiator) or 'b' (responder).

        With fin=True the segment also carries FIN (sender closes its side).
        """
        flags = "FPA" if fin else "PA"
        frame = self.cap.add(self._segment(sender, flags, payload))
        self.next_seq[sender] += len(payload) + (1 if fin else 0)
        return frame

    def initiator(self, payload, fin=False):
        return self.send("a", payload, fin)

    def responder(self, payload, fin=False):
        return self.send("b", payload, fin)

    def syn(self, window=TCP_WINDOW):
        """A SYN (MSS 1460) from the initiator; returns its frame number."""
        frame = self.cap.add(self._segment("a", "S", options=[("MSS", 1460)],
                                           window=window))
        self.next_seq["a"] += 1
        return frame

    def syn_not_captured(self):
        """The initiator's SYN was sent but is not in the capture: only its
        sequence number advances, so the SYN-ACK acknowledges it."""
        self.next_seq["a"] += 1

    def syn_ack(self):
        """A SYN-ACK (MSS 1460) from the responder."""
        frame = self.cap.add(self._segment("b", "SA", options=[("MSS", 1460)]))
        self.next_seq["b"] += 1
        return frame

    def ack(self, sender):
        """A bare ACK (no data) from 'a' or 'b'."""
        return self.cap.add(self._segment(sender, "A"))

    def rst(self, sender):
        """A bare RST (no ACK flag, window 0), as a kernel sends for a
        SYN-ACK it has no socket for."""
        return self.cap.add(self._segment(sender, "R", window=0))

    def rst_ack(self, sender):
        """RST/ACK (window 0), as a closed port answers a SYN."""
        return self.cap.add(self._segment(sender, "RA", window=0))


def tcp_data_packet(cap, src, sport, dst, dport, payload, seq=1000, ack=5000):
    """A lone PSH/ACK segment (used inside tunnels and truncated frames)."""
    return (cap.ip(src, dst)
            / TCP(sport=sport, dport=dport, seq=seq, ack=ack, flags="PA",
                  window=TCP_WINDOW)
            / Raw(payload))


def udp_packet(cap, src, sport, dst, dport, payload):
    return cap.ip(src, dst) / UDP(sport=sport, dport=dport) / Raw(payload)


def udp_exchange(cap, client, cport, server, sport, request, answer):
    """One UDP request (client -> server) and its answer; returns the two
    frame numbers."""
    return [cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
                cap, client, cport, server, sport, request))),
            cap.add(plain_link(MAC_SERVER, MAC_CLIENT, udp_packet(
                cap, server, sport, client, cport, answer)))]


def ip_packet_of(cap, frame):
    """The IP packet (everything after the plain 14-byte Ethernet header)
    of an earlier frame, e.g. to quote it in an ICMP error."""
    return cap.frames[frame - 1][0][14:]


# --------------------------------------------------------------------------
# Application payloads
# --------------------------------------------------------------------------

def dns_query(dns_id, name, qtype):
    return bytes(DNS(id=dns_id, rd=1, qd=DNSQR(qname=name, qtype=qtype)))


def dns_response(dns_id, name, qtype, rdata):
    return bytes(DNS(id=dns_id, qr=1, rd=1, ra=1,
                     qd=DNSQR(qname=name, qtype=qtype),
                     an=DNSRR(rrname=name, type=qtype, ttl=300, rdata=rdata)))


def dns_over_tcp(message):
    """RFC 1035 section 4.2.2: two-byte length prefix."""
    return struct.pack("!H", len(message)) + message


def ntp_client_request():
    """48-byte NTPv4 client request (LI 0, VN 4, mode 3)."""
    ntp_seconds = 1700000000 + 2208988800      # Unix -> NTP epoch
    return (struct.pack("!BBbb", 0x23, 0, 6, -23)   # LI/VN/mode, stratum,
                                                    # poll, precision
            + struct.pack("!III", 0, 0, 0)          # root delay, root
                                                    # dispersion, ref id
            + bytes(8) * 3                          # reference, origin,
                                                    # receive timestamps
            + struct.pack("!II", ntp_seconds, 0))   # transmit timestamp


NTP_FRACTION_1MS = 2 ** 32 // 1000    # 1 ms in NTP timestamp fraction units


def ntp_server_response():
    """48-byte NTPv4 server reply (LI 0, VN 4, mode 4, stratum 2) to
    ntp_client_request(): its origin timestamp is the request's transmit
    timestamp; received 1 ms and sent 2 ms later."""
    ntp_seconds = 1700000000 + 2208988800      # Unix -> NTP epoch
    return (struct.pack("!BBbb", 0x24, 2, 6, -23)   # LI/VN/mode, stratum,
                                                    # poll, precision
            + struct.pack("!II", 0x0100, 0x0200)    # root delay, root
                                                    # dispersion
            + bytes([203, 0, 113, 123])             # ref id: upstream IPv4
            + struct.pack("!II", ntp_seconds - 64, 0)           # reference
            + struct.pack("!II", ntp_seconds, 0)                # origin
            + struct.pack("!II", ntp_seconds, NTP_FRACTION_1MS)  # receive
            + struct.pack("!II", ntp_seconds, 2 * NTP_FRACTION_1MS))
                                                                # transmit


def snmp_get(request_id, oid, community="public"):
    """SNMPv2c get-request for one OID (value NULL)."""
    return bytes(SNMP(version=1, community=community,      # 1 = v2c
                      PDU=SNMPget(id=request_id, varbindlist=[
                          SNMPvarbind(oid=ASN1_OID(oid))])))


def tls_client_hello(server_name):
    """A TLS 1.3 ClientHello record (legacy version TLS 1.2) with SNI."""
    def extension(ext_type, data):
        return struct.pack("!HH", ext_type, len(data)) + data

    name = server_name.encode("ascii")
    sni_entry = struct.pack("!BH", 0, len(name)) + name       # host_name
    extensions = b"".join([
        # server_name: list with one host_name entry
        extension(0x0000, struct.pack("!H", len(sni_entry)) + sni_entry),
        # ec_point_formats: uncompressed
        extension(0x000B, b"\x01\x00"),
        # supported_groups: x25519, secp256r1
        extension(0x000A, struct.pack("!HHH", 4, 0x001D, 0x0017)),
        # signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256,
        # rsa_pkcs1_sha256
        extension(0x000D, struct.pack("!HHHH", 6, 0x0403, 0x0804, 0x0401)),
        # supported_versions: TLS 1.3, TLS 1.2
        extension(0x002B, b"\x04" + struct.pack("!HH", 0x0304, 0x0303)),
        # psk_key_exchange_modes: psk_dhe_ke
        extension(0x002D, b"\x01\x01"),
        # key_share: one x25519 share (fixed bytes)
        extension(0x0033, struct.pack("!HHH", 36, 0x001D, 32)
                  + bytes(range(0x40, 0x60))),
    ])
    ciphers = struct.pack("!HHHHH", 0x1301, 0x1302, 0x1303, 0xC02F, 0xC030)
    body = (struct.pack("!H", 0x0303)                 # legacy_version
            + bytes(range(0x00, 0x20))                # random
            + b"\x20" + bytes(range(0x20, 0x40))      # legacy_session_id
            + struct.pack("!H", len(ciphers)) + ciphers
            + b"\x01\x00"                             # compression: null
            + struct.pack("!H", len(extensions)) + extensions)
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16" + struct.pack("!HH", 0x0301, len(handshake)) + handshake


def tls_record(content_type, body):
    """One TLS record (legacy version TLS 1.2) around body."""
    return struct.pack("!BHH", content_type, 0x0303, len(body)) + body


def opaque_bytes(length, seed):
    """length bytes that look random but are the same on every run."""
    return hashlib.shake_256(seed).digest(length)


def tls_application_data(length, seed):
    """An application data record of length opaque (encrypted) bytes."""
    return tls_record(0x17, opaque_bytes(length, seed))


def tls_server_hello(seed):
    """What a TLS 1.3 server sends first, in one segment: a ServerHello
    (TLS_AES_128_GCM_SHA256, key share x25519) answering tls_client_hello(),
    the compatibility ChangeCipherSpec and one application data record
    (the encrypted rest of its handshake)."""
    def extension(ext_type, data):
        return struct.pack("!HH", ext_type, len(data)) + data

    extensions = (extension(0x002B, struct.pack("!H", 0x0304))
                  + extension(0x0033, struct.pack("!HH", 0x001D, 32)
                              + opaque_bytes(32, seed + b"/share")))
    body = (struct.pack("!H", 0x0303)                 # legacy_version
            + opaque_bytes(32, seed + b"/random")     # random
            + b"\x20" + bytes(range(0x20, 0x40))      # echoed session id
            + struct.pack("!H", 0x1301)               # cipher suite
            + b"\x00"                                 # compression: null
            + struct.pack("!H", len(extensions)) + extensions)
    handshake = b"\x02" + len(body).to_bytes(3, "big") + body
    return (tls_record(0x16, handshake) + tls_record(0x14, b"\x01")
            + tls_application_data(180, seed + b"/handshake"))


# --------------------------------------------------------------------------
# Upgrades in place, SMB framing and STUN
# --------------------------------------------------------------------------

LDAP_STARTTLS_OID = b"1.3.6.1.4.1.1466.20037"     # RFC 4511 section 4.14.1


def ber(tag, content):
    """One BER element with a short-form length (content < 128 bytes)."""
    assert len(content) < 128
    return bytes([tag, len(content)]) + content


def ldap_starttls_request(message_id):
    """LDAPMessage with an ExtendedRequest [APPLICATION 23] whose
    requestName [0] is the StartTLS OID."""
    request = ber(0x77, ber(0x80, LDAP_STARTTLS_OID))
    return ber(0x30, ber(0x02, bytes([message_id])) + request)


def ldap_starttls_response(message_id):
    """ExtendedResponse [APPLICATION 24]: resultCode success, empty
    matchedDN and diagnosticMessage, responseName [10] the StartTLS OID."""
    result = ber(0x0A, b"\x00") + ber(0x04, b"") + ber(0x04, b"")
    response = ber(0x78, result + ber(0x8A, LDAP_STARTTLS_OID))
    return ber(0x30, ber(0x02, bytes([message_id])) + response)


XMPP_TLS_NS = b"urn:ietf:params:xml:ns:xmpp-tls"
XMPP_STREAMS_NS = b"http://etherx.jabber.org/streams"
XMPP_CLIENT_STREAM = (b"<?xml version='1.0'?>"
                      b"<stream:stream to='example.com' version='1.0' "
                      b"xmlns='jabber:client' xmlns:stream='"
                      + XMPP_STREAMS_NS + b"'>")
XMPP_SERVER_STREAM = (b"<?xml version='1.0'?>"
                      b"<stream:stream from='example.com' id='c2s-1' "
                      b"version='1.0' xmlns='jabber:client' xmlns:stream='"
                      + XMPP_STREAMS_NS + b"'>"
                      b"<stream:features><starttls xmlns='" + XMPP_TLS_NS
                      + b"'><required/></starttls></stream:features>")

PGSQL_SSL_REQUEST = struct.pack("!II", 8, 80877103)   # length, SSLRequest

MYSQL_CAPS_LOW = 0xFFFF    # every 4.1 capability, CLIENT_SSL (0x0800) too
MYSQL_CAPS_HIGH = 0x0008   # CLIENT_PLUGIN_AUTH
MYSQL_CLIENT_CAPS = (0x00080000    # CLIENT_PLUGIN_AUTH
                     | 0x8000      # CLIENT_SECURE_CONNECTION
                     | 0x0800      # CLIENT_SSL
                     | 0x0200      # CLIENT_PROTOCOL_41
                     | 0x0001)     # CLIENT_LONG_PASSWORD


def mysql_packet(sequence, payload):
    """3-byte little-endian length, sequence id, payload."""
    return struct.pack("<I", len(payload))[:3] + bytes([sequence]) + payload


def mysql_greeting():
    """Protocol 10 server greeting that offers CLIENT_SSL."""
    salt = bytes(range(0x41, 0x55))                 # 20 bytes
    payload = (b"\x0a" + b"8.0.35\x00"
               + struct.pack("<I", 11)              # connection id
               + salt[:8] + b"\x00"
               + struct.pack("<H", MYSQL_CAPS_LOW)
               + b"\xff"                            # utf8mb4_0900_ai_ci
               + struct.pack("<H", 0x0002)          # autocommit
               + struct.pack("<H", MYSQL_CAPS_HIGH)
               + bytes([len(salt) + 1]) + bytes(10)
               + salt[8:] + b"\x00"
               + b"caching_sha2_password\x00")
    return mysql_packet(0, payload)


def mysql_ssl_request():
    """The short login request a client sends to switch to TLS."""
    payload = (struct.pack("<I", MYSQL_CLIENT_CAPS)
               + struct.pack("<I", 16 * 1024 * 1024)   # max packet size
               + b"\xff" + bytes(23))
    return mysql_packet(1, payload)


def netbios_name(name, suffix):
    """First-level encoded NetBIOS name (RFC 1001 section 14.1): 15
    characters padded with spaces, a suffix byte, each nibble + 'A'."""
    raw = name.encode("ascii").ljust(15) + bytes([suffix])
    encoded = b"".join(bytes([0x41 + (c >> 4), 0x41 + (c & 0x0F)])
                       for c in raw)
    return bytes([len(encoded)]) + encoded + b"\x00"


def nbss(message_type, payload):
    """NetBIOS session service header: type, flags 0, 17-bit length."""
    return struct.pack("!BBH", message_type, 0, len(payload)) + payload


NBSS_MESSAGE = 0x00
NBSS_SESSION_REQUEST = 0x81
NBSS_POSITIVE_RESPONSE = 0x82


def smb2_header(response, message_id):
    """64-byte SMB2 sync header for NEGOTIATE (command 0)."""
    return (b"\xfeSMB"
            + struct.pack("<HHI", 64, 0, 0)     # size, credit charge, status
            + struct.pack("<HH", 0, 1)          # command, credits
            + struct.pack("<I", 1 if response else 0)   # SERVER_TO_REDIR
            + struct.pack("<IQ", 0, message_id)     # next command, message id
            + struct.pack("<IIQ", 0xFEFF, 0, 0)     # process, tree, session
            + bytes(16))                            # signature


SMB2_DIALECTS = (0x0202, 0x0210, 0x0300, 0x0302)
SMB_SYSTEM_TIME = (1700000000 + 11644473600) * 10000000   # FILETIME


def smb2_negotiate_request():
    body = (struct.pack("<HHHH", 36, len(SMB2_DIALECTS),
                        1, 0)                       # signing enabled
            + struct.pack("<I", 0x7F)               # capabilities
            + bytes(range(0x10, 0x20))              # client GUID
            + bytes(8)                              # client start time
            + b"".join(struct.pack("<H", d) for d in SMB2_DIALECTS))
    return smb2_header(False, 0) + body


def smb2_negotiate_response():
    """Dialect 3.0.2 (no negotiate contexts), no security blob."""
    body = (struct.pack("<HHHH", 65, 1, 0x0302, 0)
            + bytes(range(0x30, 0x40))              # server GUID
            + struct.pack("<IIII", 0x2F,            # capabilities
                          8388608, 8388608, 8388608)    # max sizes
            + struct.pack("<QQ", SMB_SYSTEM_TIME, 0)
            + struct.pack("<HHI", 128, 0, 0))       # empty security buffer
    return smb2_header(True, 0) + body


STUN_MAGIC = 0x2112A442
STUN_BINDING_REQUEST = 0x0001
STUN_BINDING_SUCCESS = 0x0101


def stun_attribute(attr_type, value):
    padding = bytes(-len(value) % 4)
    return struct.pack("!HH", attr_type, len(value)) + value + padding


def stun_message(msg_type, transaction, attributes, password=None):
    """A STUN message (RFC 8489); with a password it ends with a
    MESSAGE-INTEGRITY (HMAC-SHA1, short-term credential) and a
    FINGERPRINT, both computed as the RFC says."""
    body = b"".join(attributes)

    def header(length):
        return struct.pack("!HHI", msg_type, length, STUN_MAGIC) + transaction

    if password is not None:
        digest = hmac.new(password, header(len(body) + 24) + body,
                          hashlib.sha1).digest()
        body += stun_attribute(0x0008, digest)
        crc = zlib.crc32(header(len(body) + 8) + body) ^ 0x5354554E
        body += stun_attribute(0x8028, struct.pack("!I", crc))
    return header(len(body)) + body


def stun_xor_mapped_address(address, port):
    """XOR-MAPPED-ADDRESS of an IPv4 transport address."""
    packed = struct.unpack(
        "!I", bytes(int(part) for part in address.split(".")))[0]
    return stun_attribute(0x0020, struct.pack(
        "!BBHI", 0, 1, port ^ (STUN_MAGIC >> 16), packed ^ STUN_MAGIC))


def client_server(cport, sport, client=CLIENT4, server=SERVER4):
    """Endpoint tuples for a client -> server TCP flow."""
    return (client, cport, MAC_CLIENT), (server, sport, MAC_SERVER)


# --------------------------------------------------------------------------
# Captures
# --------------------------------------------------------------------------

def seed_services():
    """One conversation per well-known service: SSH, Telnet, SMTP, WHOIS,
    DNS/UDP, DNS/TCP, HTTP and HTTPS (TLS ClientHello with SNI)."""
    cap = Capture("seed-services.pcap")

    ssh = TcpFlow(cap, *client_server(50022, 22), a_isn=1000, b_isn=5000)
    ssh.handshake()
    ssh.responder(SSH_SERVER_BANNER)
    ssh.initiator(SSH_CLIENT_BANNER)

    telnet = TcpFlow(cap, *client_server(50023, 23), a_isn=2000, b_isn=6000)
    telnet.handshake()
    telnet.responder(b"\xff\xfd\x18"      # IAC DO TERMINAL-TYPE
                     b"\xff\xfd\x20"      # IAC DO TERMINAL-SPEED
                     b"\xff\xfd\x23"      # IAC DO X-DISPLAY-LOCATION
                     b"\xff\xfd\x27"      # IAC DO NEW-ENVIRON
                     b"login: ")
    telnet.initiator(b"alice\r\n")

    smtp = TcpFlow(cap, *client_server(50025, 25), a_isn=3000, b_isn=7000)
    smtp.handshake()
    smtp.responder(b"220 mail.example.com ESMTP\r\n")
    smtp.initiator(b"EHLO client.example.org\r\n")
    smtp.responder(b"250 mail.example.com\r\n")

    whois = TcpFlow(cap, *client_server(50043, 43), a_isn=4000, b_isn=8000)
    whois.handshake()
    whois.initiator(b"example.com\r\n")
    # A WHOIS answer ends when the server closes the connection; Wireshark
    # only dissects it once it sees the FIN, so the answer carries FIN.
    whois.responder(b"Domain Name: EXAMPLE.COM\r\n"
                    b"Registrar: RESERVED-Internet Assigned Numbers "
                    b"Authority\r\n", fin=True)

    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT4, 50053, SERVER4, 53,
        dns_query(0x1234, "www.example.com", "A"))))
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT, udp_packet(
        cap, SERVER4, 53, CLIENT4, 50053,
        dns_response(0x1234, "www.example.com", "A", "198.51.100.80"))))

    dns_tcp = TcpFlow(cap, *client_server(50054, 53), a_isn=9000,
                      b_isn=10000)
    dns_tcp.handshake()
    dns_tcp.initiator(dns_over_tcp(dns_query(0x2345, "example.com", "AAAA")))
    dns_tcp.responder(dns_over_tcp(dns_response(
        0x2345, "example.com", "AAAA", "2001:db8::80")))

    http = TcpFlow(cap, *client_server(50080, 80), a_isn=11000, b_isn=12000)
    http.handshake()
    http.initiator(HTTP_GET)
    http.responder(HTTP_200)

    https = TcpFlow(cap, *client_server(50443, 443), a_isn=13000,
                    b_isn=14000)
    https.handshake()
    https.initiator(tls_client_hello("www.example.com"))
    return cap


def ftp_login(ctrl):
    """220 banner, USER/331, PASS/230 on an FTP control connection."""
    ctrl.responder(b"220 (vsFTPd 3.0.3)\r\n")
    ctrl.initiator(b"USER alice\r\n")
    ctrl.responder(b"331 Please specify the password.\r\n")
    ctrl.initiator(b"PASS secret\r\n")
    ctrl.responder(b"230 Login successful.\r\n")


def ftp_active():
    """Active FTP: PORT 192,0,2,10,195,85 (50005), the server opens the data
    connection from port 20 and sends the file."""
    cap = Capture("ftp-active.pcap")
    ctrl = TcpFlow(cap, *client_server(50021, 21), a_isn=1000, b_isn=5000)
    ctrl.handshake()
    ftp_login(ctrl)
    ctrl.initiator(b"PORT 192,0,2,10,195,85\r\n")
    ctrl.responder(b"200 PORT command successful.\r\n")
    ctrl.initiator(b"RETR notes.txt\r\n")
    ctrl.responder(b"150 Opening BINARY mode data connection.\r\n")

    # The server is the SYN sender of the data connection.
    data = TcpFlow(cap, (SERVER4, 20, MAC_SERVER),
                   (CLIENT4, 50005, MAC_CLIENT), a_isn=20000, b_isn=30000)
    data.handshake()
    data.initiator(FTP_FILE_CONTENT)

    ctrl.responder(b"226 Transfer complete.\r\n")
    return cap


def ftp_passive():
    """Passive FTP: PASV answered with (198,51,100,20,195,80) = port 50000,
    the client opens the data connection and the server sends the file."""
    cap = Capture("ftp-passive.pcap")
    ctrl = TcpFlow(cap, *client_server(50031, 21), a_isn=1000, b_isn=5000)
    ctrl.handshake()
    ftp_login(ctrl)
    ctrl.initiator(b"PASV\r\n")
    ctrl.responder(b"227 Entering Passive Mode (198,51,100,20,195,80).\r\n")
    ctrl.initiator(b"RETR notes.txt\r\n")

    data = TcpFlow(cap, *client_server(50032, 50000), a_isn=20000,
                   b_isn=30000)
    data.handshake()
    data.responder(FTP_FILE_CONTENT)

    ctrl.responder(b"226 Transfer complete.\r\n")
    return cap


def port_classes():
    """UDP datagrams (payload 'x') on the boundaries of the port classes:
    0, 1, 1023 | 1024, 49151 | 49152, 65535."""
    cap = Capture("port-classes.pcap")
    for sport, dport in [(49152, 0), (49152, 1), (49152, 1023),
                         (49152, 1024), (49152, 49151), (49152, 49152),
                         (49152, 65535), (65535, 1), (0, 1024)]:
        cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
            cap, CLIENT4, sport, SERVER4, dport, b"x")))
    return cap


def ipv6():
    """IPv6: HTTPS handshake + ClientHello, then a DNS AAAA query/response."""
    cap = Capture("ipv6.pcap")
    https = TcpFlow(cap, *client_server(50610, 443, CLIENT6, SERVER6),
                    a_isn=1000, b_isn=5000)
    https.handshake()
    https.initiator(tls_client_hello("www.example.com"))

    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT6, 50611, SERVER6, 53,
        dns_query(0x3456, "example.com", "AAAA"))))
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT, udp_packet(
        cap, SERVER6, 53, CLIENT6, 50611,
        dns_response(0x3456, "example.com", "AAAA", "2001:db8::80"))))
    return cap


def vlan():
    """Layer-2 encapsulations: HTTP in 802.1Q VLAN 100, DNS in QinQ
    (0x88a8 VLAN 200 / 0x8100 VLAN 300), NTP over one MPLS label (16001)."""
    cap = Capture("vlan.pcap")
    http = TcpFlow(cap, *client_server(50700, 80), a_isn=1000, b_isn=5000,
                   link=vlan_link(100))
    http.handshake()
    http.initiator(HTTP_GET)

    cap.add(ether(MAC_CLIENT, MAC_SERVER, ETH_QINQ)
            / Dot1AD(vlan=200, type=ETH_VLAN)
            / Dot1Q(vlan=300, type=ETH_IPV4)
            / udp_packet(cap, CLIENT4, 50701, SERVER4, 53,
                         dns_query(0x4567, "example.org", "A")))

    cap.add(ether(MAC_CLIENT, MAC_SERVER, ETH_MPLS)
            / MPLS(label=16001, cos=0, s=1, ttl=64)
            / udp_packet(cap, CLIENT4, 50702, SERVER4, 123,
                         ntp_client_request()))
    return cap


def gtp_u_frame(cap):
    """GTPv1-U G-PDU (message type 0xff, TEID 0x1234) on UDP 2152 carrying
    a DNS query (id 0x6001, example.com A) from 10.0.0.1:50803."""
    return (ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4)
            / UDP(sport=2152, dport=2152)
            / GTP_U_Header(gtp_type=0xFF, teid=0x1234)
            / udp_packet(cap, INNER_CLIENT4, 50803, INNER_SERVER4, 53,
                         dns_query(0x6001, "example.com", "A")))


def teredo_frame(cap):
    """Teredo: IPv6 in UDP to port 3544 (no inner link layer), carrying an
    HTTP GET from [2001:0:cb00:7101::1]:50805 to [2001:db8::20]:80."""
    return (ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4)
            / UDP(sport=50804, dport=3544)
            / tcp_data_packet(cap, TEREDO_CLIENT6, 50805, SERVER6, 80,
                              HTTP_GET_SHORT))


def geneve_frame(cap):
    """Geneve on UDP 6081 (no options, protocol 0x6558, VNI 77) carrying an
    Ethernet frame with the SSH client banner to 10.0.0.2:22."""
    inner = (ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
             / tcp_data_packet(cap, INNER_CLIENT4, 50806, INNER_SERVER4, 22,
                               SSH_CLIENT_BANNER))
    return (ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4)
            / UDP(sport=49998, dport=6081)
            / GENEVE(proto=ETH_BRIDGING, vni=77)
            / inner)


def tunnels():
    """Tunnels between 203.0.113.1 and 203.0.113.2: SSH in VXLAN (VNI 42),
    DNS in GRE, HTTP in IP-in-IP, DNS in GTP-U (TEID 0x1234), HTTP over IPv6
    in Teredo, SSH in Geneve (VNI 77)."""
    cap = Capture("tunnels.pcap")

    inner = (ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
             / tcp_data_packet(cap, INNER_CLIENT4, 50800, INNER_SERVER4, 22,
                               SSH_CLIENT_BANNER))
    cap.add(ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4)
            / UDP(sport=49999, dport=4789)
            / VXLAN(flags=0x08, vni=42)
            / inner)

    cap.add(ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4, proto=47)
            / GRE(proto=ETH_IPV4)
            / udp_packet(cap, INNER_CLIENT4, 50801, INNER_SERVER4, 53,
                         dns_query(0x5678, "example.net", "A")))

    cap.add(ether(MAC_CLIENT, MAC_SERVER, ETH_IPV4)
            / cap.ip(OUTER_CLIENT4, OUTER_SERVER4, proto=4)
            / tcp_data_packet(cap, INNER_CLIENT4, 50802, INNER_SERVER4, 80,
                              HTTP_GET))

    cap.add(gtp_u_frame(cap))
    cap.add(teredo_frame(cap))
    cap.add(geneve_frame(cap))
    return cap


def icmp_unreachable():
    """ICMP port unreachable for a DNS query and ICMPv6 port unreachable for
    an NTP request; both quote the whole original packet."""
    cap = Capture("icmp-unreachable.pcap")

    query = udp_packet(cap, CLIENT4, 50900, SERVER4, 53,
                       dns_query(0x6789, "example.com", "A"))
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, query))
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT,
                       cap.ip(SERVER4, CLIENT4)
                       / ICMP(type=3, code=3)
                       / Raw(bytes(query))))

    request = udp_packet(cap, CLIENT6, 50901, SERVER6, 123,
                         ntp_client_request())
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, request))
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT,
                       cap.ip(SERVER6, CLIENT6)
                       / ICMPv6DestUnreach(code=4)
                       / Raw(bytes(request))))
    return cap


def truncated():
    """Frames cut short by the capture length (caplen < original length):
    UDP cut inside the destination port, TCP cut right after both ports,
    UDP cut inside the source port, then one complete DNS query."""
    cap = Capture("truncated.pcap")
    l2_l3 = 14 + 20                 # Ethernet + IPv4 header without options

    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT4, 50950, SERVER4, 53,
        dns_query(0x789A, "example.com", "A"))), caplen=l2_l3 + 3)
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, tcp_data_packet(
        cap, CLIENT4, 50951, SERVER4, 80, HTTP_GET)), caplen=l2_l3 + 4)
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT4, 50952, SERVER4, 53,
        dns_query(0x89AB, "example.com", "A"))), caplen=l2_l3 + 1)
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT4, 50953, SERVER4, 53,
        dns_query(0x9ABC, "example.com", "A"))))
    return cap


def roles_tcp():
    """TCP conversations whose client/server roles come from different
    evidence: a full handshake (HTTPS), a mid-stream SSH capture whose first
    packet is the server's, a SYN-ACK without its SYN (SMTP), and mid-stream
    data between two unassigned dynamic ports."""
    cap = Capture("roles-tcp.pcap")

    https = TcpFlow(cap, *client_server(50100, 443), a_isn=1000, b_isn=5000)
    https.handshake()
    https.initiator(tls_client_hello("www.example.com"))
    https.ack("b")

    # Established before the capture started; the server speaks first.
    ssh = TcpFlow(cap, *client_server(50101, 22), a_isn=2000, b_isn=6000)
    ssh.responder(SSH_SERVER_BANNER)
    ssh.initiator(SSH_CLIENT_BANNER)

    smtp = TcpFlow(cap, *client_server(50102, 25), a_isn=3000, b_isn=7000)
    smtp.syn_not_captured()
    smtp.syn_ack()
    smtp.ack("a")
    smtp.responder(SMTP_BANNER)

    dynamic = TcpFlow(cap, *client_server(50103, 50104), a_isn=4000,
                      b_isn=8000)
    dynamic.initiator(b"hello\n")
    dynamic.responder(b"world\n")
    return cap


def roles_udp():
    """UDP request/answer pairs: DNS, NTP (mode 3, then mode 4) and
    ping/pong between two unassigned dynamic ports."""
    cap = Capture("roles-udp.pcap")
    udp_exchange(cap, CLIENT4, 50110, SERVER4, 53,
                 dns_query(0x7001, "example.com", "A"),
                 dns_response(0x7001, "example.com", "A", "198.51.100.80"))
    udp_exchange(cap, CLIENT4, 50111, SERVER4, 123,
                 ntp_client_request(), ntp_server_response())
    udp_exchange(cap, CLIENT4, 50112, SERVER4, 50113, b"ping", b"pong")
    return cap


def syn_scan():
    """A SYN scan from 203.0.113.50:40000 (one fixed source port, like nmap):
    22 and 80 open (SYN-ACK, then the scanner's RST), 23 and 443 closed
    (RST-ACK), 3389 filtered (no answer); then UDP probes: SNMP to 161
    answered by ICMP port unreachable, DNS to 53 answered by DNS."""
    cap = Capture("syn-scan.pcap")
    scanner = (SCANNER4, 40000, MAC_CLIENT)
    for isn, port, answer in [(1000, 22, "open"), (2000, 23, "closed"),
                              (3000, 80, "open"), (4000, 443, "closed"),
                              (5000, 3389, "filtered")]:
        # A closed port's RST-ACK has sequence number 0.
        probe = TcpFlow(cap, scanner, (SERVER4, port, MAC_SERVER),
                        a_isn=isn, b_isn=isn + 10000 if answer == "open"
                        else 0)
        probe.syn(window=SCAN_WINDOW)
        if answer == "open":
            probe.syn_ack()
            probe.rst("a")
        elif answer == "closed":
            probe.rst_ack("b")

    snmp = udp_packet(cap, SCANNER4, 40001, SERVER4, 161,
                      snmp_get(0x7101, "1.3.6.1.2.1.1.1.0"))   # sysDescr.0
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, snmp))
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT,
                       cap.ip(SERVER4, SCANNER4)
                       / ICMP(type=3, code=3)
                       / Raw(bytes(snmp))))

    udp_exchange(cap, SCANNER4, 40002, SERVER4, 53,
                 dns_query(0x7002, "example.com", "A"),
                 dns_response(0x7002, "example.com", "A", "198.51.100.80"))
    return cap


def icmp_unreachable_tcp():
    """ICMP port unreachable quoting a TCP SYN (to 8080), and ICMPv6 port
    unreachable quoting a TCP SYN over IPv6 (to 8443); each quotes the whole
    SYN packet (IP header and the full TCP header with its MSS option)."""
    cap = Capture("icmp-unreachable-tcp.pcap")

    syn4 = TcpFlow(cap, *client_server(50120, 8080), a_isn=1000, b_isn=5000)
    frame = syn4.syn()
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT,
                       cap.ip(SERVER4, CLIENT4)
                       / ICMP(type=3, code=3)
                       / Raw(ip_packet_of(cap, frame))))

    syn6 = TcpFlow(cap, *client_server(50121, 8443, CLIENT6, SERVER6),
                   a_isn=2000, b_isn=6000)
    frame = syn6.syn()
    cap.add(plain_link(MAC_SERVER, MAC_CLIENT,
                       cap.ip(SERVER6, CLIENT6)
                       / ICMPv6DestUnreach(code=4)
                       / Raw(ip_packet_of(cap, frame))))
    return cap


def nonstandard_ports():
    """Well-known protocols on other ports: HTTP on 4444, SSH on 2222, DNS
    over UDP on 8053.  Wireshark 4.0 finds HTTP and DNS by its heuristics
    (http_tcp, dns_udp) but not SSH (no SSH heuristic)."""
    cap = Capture("nonstandard-ports.pcap")

    http = TcpFlow(cap, *client_server(50130, 4444), a_isn=1000, b_isn=5000)
    http.handshake()
    http.initiator(HTTP_GET_SHORT)
    http.responder(HTTP_200_OK)

    ssh = TcpFlow(cap, *client_server(50132, 2222), a_isn=2000, b_isn=6000)
    ssh.handshake()
    ssh.responder(SSH_SERVER_BANNER)
    ssh.initiator(SSH_CLIENT_BANNER)

    udp_exchange(cap, CLIENT4, 50133, SERVER4, 8053,
                 dns_query(0x7003, "example.com", "A"),
                 dns_response(0x7003, "example.com", "A", "198.51.100.80"))
    return cap


def cleartext_logins():
    """User name and password in clear text: Telnet, FTP, POP3 and HTTP
    basic authentication, all as alice / secret."""
    cap = Capture("cleartext-logins.pcap")

    telnet = TcpFlow(cap, *client_server(50140, 23), a_isn=1000, b_isn=5000)
    telnet.handshake()
    telnet.responder(b"login: ")
    telnet.initiator(b"alice\r\n")
    telnet.responder(b"Password: ")
    telnet.initiator(b"secret\r\n")
    telnet.responder(b"Welcome\r\n$ ")

    ftp = TcpFlow(cap, *client_server(50141, 21), a_isn=2000, b_isn=6000)
    ftp.handshake()
    ftp_login(ftp)

    pop3 = TcpFlow(cap, *client_server(50142, 110), a_isn=3000, b_isn=7000)
    pop3.handshake()
    pop3.responder(b"+OK POP3 ready\r\n")
    pop3.initiator(b"USER alice\r\n")
    pop3.responder(b"+OK\r\n")
    pop3.initiator(b"PASS secret\r\n")
    pop3.responder(b"+OK Logged in.\r\n")

    http = TcpFlow(cap, *client_server(50143, 80), a_isn=4000, b_isn=8000)
    http.handshake()
    http.initiator(HTTP_GET_BASIC_AUTH)
    return cap


def linux_ephemeral():
    """Linux-style ephemeral client ports (range 32768-60999): 40000, which
    IANA registers as safetynetp, to HTTPS, and 33000 (IANA: wg-endpt-comms) to HTTP."""
    cap = Capture("linux-ephemeral.pcap")

    https = TcpFlow(cap, *client_server(40000, 443), a_isn=1000, b_isn=5000)
    https.handshake()
    https.initiator(tls_client_hello("www.example.com"))

    http = TcpFlow(cap, *client_server(33000, 80), a_isn=2000, b_isn=6000)
    http.handshake()
    http.initiator(HTTP_GET)
    return cap


def port_zero():
    """Port 0 on the wire: a UDP datagram to port 0, a TCP SYN from port 0."""
    cap = Capture("port-zero.pcap")
    cap.add(plain_link(MAC_CLIENT, MAC_SERVER, udp_packet(
        cap, CLIENT4, 50150, SERVER4, 0, b"x")))
    TcpFlow(cap, *client_server(0, 80), a_isn=1000, b_isn=5000).syn()
    return cap


def starttls_flow(cap, cport, sport, isn, server_name, dialogue):
    """Handshake, the clear-text dialogue that asks for TLS ((sender,
    payload) pairs, "a" the client, "b" the server), then the client's TLS
    ClientHello with SNI server_name on the same connection."""
    flow = TcpFlow(cap, *client_server(cport, sport), a_isn=isn,
                   b_isn=isn + 50000)
    flow.handshake()
    for sender, payload in dialogue:
        flow.send(sender, payload)
    flow.initiator(tls_client_hello(server_name))


def starttls():
    """Protocols that switch to TLS in place, on their own port: SMTP,
    submission, POP3, IMAP, FTP, NNTP, LDAP, XMPP, PostgreSQL, MySQL and
    ManageSieve; then, for contrast, TLS from the start on 4433.

    RDP (TLS on 3389 after the X.224 negotiation) is left out: Wireshark
    4.0 lists different layers for its first packet in one pass and in
    two."""
    cap = Capture("starttls.pcap")
    mail, ftp, news = "mail.example.com", "ftp.example.com", "news.example.com"
    smtp = [("b", SMTP_BANNER),
            ("a", b"EHLO client.example.org\r\n"),
            ("b", b"250-mail.example.com\r\n250 STARTTLS\r\n"),
            ("a", b"STARTTLS\r\n"),
            ("b", b"220 2.0.0 Ready to start TLS\r\n")]
    starttls_flow(cap, 50300, 25, 1000, mail, smtp)
    starttls_flow(cap, 50301, 587, 2000, mail, smtp)
    starttls_flow(cap, 50302, 110, 3000, mail, [
        ("b", b"+OK POP3 ready\r\n"),
        ("a", b"STLS\r\n"),
        ("b", b"+OK Begin TLS negotiation\r\n")])
    starttls_flow(cap, 50303, 143, 4000, mail, [
        ("b", b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"),
        ("a", b"a001 STARTTLS\r\n"),
        ("b", b"a001 OK Begin TLS negotiation now\r\n")])
    starttls_flow(cap, 50304, 21, 5000, ftp, [
        ("b", b"220 (vsFTPd 3.0.3)\r\n"),
        ("a", b"AUTH TLS\r\n"),
        ("b", b"234 Proceed with negotiation.\r\n")])
    starttls_flow(cap, 50305, 119, 6000, news, [
        ("b", b"200 news.example.com ready\r\n"),
        ("a", b"STARTTLS\r\n"),
        ("b", b"382 Continue with TLS negotiation\r\n")])
    starttls_flow(cap, 50306, 389, 7000, "ldap.example.com", [
        ("a", ldap_starttls_request(1)),
        ("b", ldap_starttls_response(1))])
    starttls_flow(cap, 50307, 5222, 8000, "chat.example.com", [
        ("a", XMPP_CLIENT_STREAM),
        ("b", XMPP_SERVER_STREAM),
        ("a", b"<starttls xmlns='" + XMPP_TLS_NS + b"'/>"),
        ("b", b"<proceed xmlns='" + XMPP_TLS_NS + b"'/>")])
    starttls_flow(cap, 50308, 5432, 9000, "db.example.com", [
        ("a", PGSQL_SSL_REQUEST),
        ("b", b"S")])
    starttls_flow(cap, 50309, 3306, 10000, "db.example.com", [
        ("b", mysql_greeting()),
        ("a", mysql_ssl_request())])
    starttls_flow(cap, 50310, 4190, 11000, mail, [
        ("b", b'"IMPLEMENTATION" "Dovecot Pigeonhole"\r\n'
              b'"STARTTLS"\r\nOK\r\n'),
        ("a", b"STARTTLS\r\n"),
        ("b", b'OK "Begin TLS negotiation now."\r\n')])
    starttls_flow(cap, 50311, 4433, 12000, "www.example.com", [])
    return cap


def smb():
    """SMB2 NEGOTIATE over TCP: directly framed by NBSS on 445, and after
    a NetBIOS session request on 139."""
    cap = Capture("smb.pcap")
    direct = TcpFlow(cap, *client_server(50400, 445), a_isn=1000,
                     b_isn=5000)
    direct.handshake()
    direct.initiator(nbss(NBSS_MESSAGE, smb2_negotiate_request()))
    direct.responder(nbss(NBSS_MESSAGE, smb2_negotiate_response()))

    netbios = TcpFlow(cap, *client_server(50401, 139), a_isn=2000,
                      b_isn=6000)
    netbios.handshake()
    netbios.initiator(nbss(NBSS_SESSION_REQUEST,
                           netbios_name("FILESERVER", 0x20)
                           + netbios_name("CLIENT", 0x00)))
    netbios.responder(nbss(NBSS_POSITIVE_RESPONSE, b""))
    netbios.initiator(nbss(NBSS_MESSAGE, smb2_negotiate_request()))
    netbios.responder(nbss(NBSS_MESSAGE, smb2_negotiate_response()))
    return cap


ICE_PASSWORD = b"0123456789abcdefghijkl"     # the answering peer's ice-pwd


def stun_binding(cap, cport, sport, transaction, check=(), password=None):
    """A STUN Binding request from CLIENT4:cport to SERVER4:sport and its
    success response with the client's address as XOR-MAPPED-ADDRESS."""
    udp_exchange(cap, CLIENT4, cport, SERVER4, sport,
                 stun_message(STUN_BINDING_REQUEST, transaction, list(check),
                              password),
                 stun_message(STUN_BINDING_SUCCESS, transaction,
                              [stun_xor_mapped_address(CLIENT4, cport)],
                              password))


def stun():
    """STUN binding requests and answers over UDP: to a STUN server on its
    own port 3478, to one on 19302, and an ICE connectivity check between
    two peers' dynamic ports."""
    cap = Capture("stun.pcap")
    stun_binding(cap, 50500, 3478, bytes(range(1, 13)))
    stun_binding(cap, 50501, 19302, bytes(range(13, 25)))
    check = [
        stun_attribute(0x0006, b"peerB:peerA"),                 # USERNAME
        stun_attribute(0x0024, struct.pack("!I", 1853817087)),  # PRIORITY
        stun_attribute(0x802A, bytes(range(0x70, 0x78))),   # ICE-CONTROLLING
    ]
    stun_binding(cap, 50502, 54400, bytes(range(25, 37)), check,
                 ICE_PASSWORD)
    return cap


# --------------------------------------------------------------------------
# The classroom captures: hosts with their own MAC addresses
# --------------------------------------------------------------------------

LAN_PREFIX = "192.0.2."           # the local network of the two captures
ROUTER_MAC = "02:00:00:00:00:fe"  # every packet from or to another network


def lan_mac(address):
    """A host of the local network has its own MAC, 02:00:00:00:01:NN with
    NN its last address byte (hex); other hosts are behind the router."""
    if address.startswith(LAN_PREFIX):
        return "02:00:00:00:01:%02x" % int(address[len(LAN_PREFIX):])
    return ROUTER_MAC


def host(address, port):
    """A TcpFlow endpoint tuple with the host's MAC."""
    return (address, port, lan_mac(address))


def lan_frame(l3):
    """Plain Ethernet framing of an IPv4 packet between the hosts' MACs."""
    return plain_link(lan_mac(l3.src), lan_mac(l3.dst), l3)


def lan_udp(cap, src, sport, dst, dport, payload):
    """Adds one UDP datagram; returns its frame number."""
    return cap.add(lan_frame(udp_packet(cap, src, sport, dst, dport,
                                        payload)))


def lan_port_unreachable(cap, frame):
    """Adds the ICMP port unreachable that the receiver of an earlier UDP
    frame sends back, quoting the whole IP packet."""
    quoted = IP(ip_packet_of(cap, frame))
    return cap.add(lan_frame(cap.ip(quoted.dst, quoted.src)
                             / ICMP(type=3, code=3)
                             / Raw(ip_packet_of(cap, frame))))


class Timeline:
    """Actions at given times (microseconds after the first packet), run in
    the order of their times (ties: in the order they were planned), so
    that the frames they add are in time order in the file."""

    def __init__(self, cap):
        self.cap = cap
        self.actions = []

    def at(self, t_us, action, *args):
        self.actions.append((t_us, len(self.actions), action, args))

    def run(self):
        for t_us, _, action, args in sorted(self.actions,
                                            key=lambda a: a[:2]):
            self.cap.clock_us = t_us
            action(*args)
        self.cap.clock_us = None


# --------------------------------------------------------------------------
# classroom-minute.pcap
# --------------------------------------------------------------------------

SECOND_US = 1000000
MINUTE_CLIENTS = ["192.0.2.101", "192.0.2.102", "192.0.2.103", "192.0.2.104"]
MINUTE_WEB = "198.51.100.20"        # www.example.com: HTTPS and HTTP
MINUTE_CDN = "198.51.100.30"        # cdn.example.net: HTTPS
MINUTE_MAIL = "198.51.100.25"       # mail.example.com: submission (587)
MINUTE_DNS = "198.51.100.53"        # the resolver
MINUTE_DOWNLOAD = "198.51.100.80"   # files.example.com: HTTP on 8080
MINUTE_PEER = "198.51.100.70"       # the other end of a video call
MINUTE_SCANNER = "203.0.113.66"
MINUTE_SCANNED = "192.0.2.10"
MINUTE_SCAN_OPEN = (22, 80, 139)
DOWNLOAD_SEGMENTS = 750             # 50 a second for 15 seconds
DOWNLOAD_SEGMENT = 600              # bytes of each
DOWNLOAD_PATH = b"/downloads/update-2024.bin"
MINUTE_NAMES = [("www.example.com", MINUTE_WEB),
                ("cdn.example.net", MINUTE_CDN),
                ("mail.example.com", MINUTE_MAIL),
                ("files.example.com", MINUTE_DOWNLOAD),
                ("news.example.org", "198.51.100.90"),
                ("time.example.net", "198.51.100.123")]


def minute_tls_connection(tl, cap, client, cport, server, isn, start_us,
                          server_name):
    """An HTTPS connection opened at start_us: handshake, ClientHello, the
    server's first flight, the client's ACK; returns the flow."""
    flow = TcpFlow(cap, host(client, cport), host(server, 443), a_isn=isn,
                   b_isn=isn + 500000)
    tl.at(start_us, flow.syn)
    tl.at(start_us + 9000, flow.syn_ack)
    tl.at(start_us + 18000, flow.ack, "a")
    tl.at(start_us + 18200, flow.initiator, tls_client_hello(server_name))
    tl.at(start_us + 28000, flow.responder,
          tls_server_hello(b"minute/%d" % cport))
    tl.at(start_us + 28400, flow.ack, "a")
    return flow


def classroom_minute():
    """One minute of a small office's traffic for the I/O graph: steady
    HTTPS and DNS, HTTP every ten seconds, one mail submission, a video
    call's STUN checks every second to a dynamic port; a download on 8080
    from second 20 to 35 and a SYN scan from second 42 to 44."""
    cap = Capture("classroom-minute.pcap")
    tl = Timeline(cap)

    # Four HTTPS connections opened in the first second, then two to four
    # request/answer exchanges a second, round the four clients.
    https = []
    for i, client in enumerate(MINUTE_CLIENTS):
        server, name = ((MINUTE_WEB, "www.example.com") if i % 2 == 0
                        else (MINUTE_CDN, "cdn.example.net"))
        https.append(minute_tls_connection(tl, cap, client, 50443 + i, server,
                                           100000 * (i + 1), 200000 * i,
                                           name))
    for second in range(1, 60):
        for k in range(2 + second * 5 % 3):
            flow = https[(second + k) % 4]
            t = second * SECOND_US + 150000 + 200000 * k
            seed = b"minute/%d/%d" % (second, k)
            tl.at(t, flow.initiator, tls_application_data(120, seed + b"/q"))
            tl.at(t + 11000, flow.responder,
                  tls_application_data(380, seed + b"/a1"))
            tl.at(t + 11300, flow.responder,
                  tls_application_data(380, seed + b"/a2"))
            tl.at(t + 11800, flow.ack, "a")

    # Two DNS lookups a second.
    for second in range(60):
        for k in range(2):
            n = 2 * second + k
            client = MINUTE_CLIENTS[n % 4]
            name, address = MINUTE_NAMES[n % len(MINUTE_NAMES)]
            t = second * SECOND_US + 60000 + 500000 * k
            tl.at(t, lan_udp, cap, client, 51000 + n, MINUTE_DNS, 53,
                  dns_query(0x8000 + n, name, "A"))
            tl.at(t + 7000, lan_udp, cap, MINUTE_DNS, 53, client, 51000 + n,
                  dns_response(0x8000 + n, name, "A", address))

    # HTTP every ten seconds, on a new connection each time.
    for second in range(5, 60, 10):
        n = second // 10
        flow = TcpFlow(cap, host(MINUTE_CLIENTS[n % 4], 50800 + n),
                       host(MINUTE_WEB, 80), a_isn=1000000 + 1000 * n,
                       b_isn=2000000 + 1000 * n)
        t = second * SECOND_US + 400000
        tl.at(t, flow.syn)
        tl.at(t + 9000, flow.syn_ack)
        tl.at(t + 18000, flow.ack, "a")
        tl.at(t + 18200, flow.initiator, HTTP_GET)
        tl.at(t + 29000, flow.responder, HTTP_200)
        tl.at(t + 29400, flow.ack, "a")

    # One mail submitted on 587, with STARTTLS, in second 50.
    mail = TcpFlow(cap, host(MINUTE_CLIENTS[1], 50587), host(MINUTE_MAIL, 587),
                   a_isn=3000000, b_isn=3500000)
    t = 50 * SECOND_US + 700000
    dialogue = [(mail.syn,), (mail.syn_ack,), (mail.ack, "a"),
                (mail.responder, SMTP_BANNER),
                (mail.initiator, b"EHLO client.example.org\r\n"),
                (mail.responder, b"250-mail.example.com\r\n250 STARTTLS\r\n"),
                (mail.initiator, b"STARTTLS\r\n"),
                (mail.responder, b"220 2.0.0 Ready to start TLS\r\n"),
                (mail.initiator, tls_client_hello("mail.example.com")),
                (mail.responder, tls_server_hello(b"minute/mail"))]
    for i, step in enumerate(dialogue):
        tl.at(t + 10000 * i, *step)

    # A video call: an ICE consent check (STUN) every second to the peer's
    # dynamic port, and its answer.
    for second in range(60):
        transaction = hashlib.sha256(b"minute/stun/%d" % second).digest()[:12]
        t = second * SECOND_US + 300000
        tl.at(t, lan_udp, cap, MINUTE_CLIENTS[3], 50502, MINUTE_PEER, 54400,
              stun_message(STUN_BINDING_REQUEST, transaction,
                           [stun_attribute(0x0006, b"peerB:peerA")],
                           ICE_PASSWORD))
        tl.at(t + 24000, lan_udp, cap, MINUTE_PEER, 54400, MINUTE_CLIENTS[3],
              50502,
              stun_message(STUN_BINDING_SUCCESS, transaction,
                           [stun_xor_mapped_address(MINUTE_CLIENTS[3],
                                                    50502)],
                           ICE_PASSWORD))

    # The download: 192.0.2.103 gets a large file from 8080, 50 segments
    # of 600 bytes a second, ACKed every second segment.
    download = TcpFlow(cap, host(MINUTE_CLIENTS[2], 50880),
                       host(MINUTE_DOWNLOAD, 8080), a_isn=4000000,
                       b_isn=4500000)
    t = 20 * SECOND_US
    tl.at(t, download.syn)
    tl.at(t + 20000, download.syn_ack)
    tl.at(t + 40000, download.ack, "a")
    tl.at(t + 40200, download.initiator,
          b"GET " + DOWNLOAD_PATH + b" HTTP/1.1\r\n"
          b"Host: files.example.com:8080\r\n"
          b"User-Agent: curl/7.88.1\r\n"
          b"Accept: */*\r\n"
          b"\r\n")
    total = DOWNLOAD_SEGMENTS * DOWNLOAD_SEGMENT
    header = (b"HTTP/1.1 200 OK\r\n"
              b"Content-Type: application/octet-stream\r\n"
              b"Content-Length: %d\r\n"
              b"\r\n")
    length = total - len(header % 0) - 5      # a length of six digits
    header %= length
    assert len(header) + length == total
    body = opaque_bytes(length, b"minute/download")
    response = header + body
    for i in range(DOWNLOAD_SEGMENTS):
        t_segment = t + 60000 + 20000 * i
        tl.at(t_segment, download.responder,
              response[i * DOWNLOAD_SEGMENT:(i + 1) * DOWNLOAD_SEGMENT])
        if i % 2 == 1 or i == DOWNLOAD_SEGMENTS - 1:
            tl.at(t_segment + 1000, download.ack, "a")

    # The SYN scan: 300 ports of 192.0.2.10 in a scrambled order, one probe
    # every 6.5 ms from one source port; closed ports answer RST/ACK, the
    # open ones SYN-ACK, which the scanner resets.
    scanner = host(MINUTE_SCANNER, 58100)
    t = 42 * SECOND_US
    for k in range(300):
        port = (k * 97) % 300 + 1
        is_open = port in MINUTE_SCAN_OPEN
        probe = TcpFlow(cap, scanner, host(MINUTE_SCANNED, port),
                        a_isn=6000000 + 1000 * k,
                        b_isn=7000000 + 1000 * k if is_open else 0)
        t_probe = t + 6500 * k
        tl.at(t_probe, probe.syn, SCAN_WINDOW)
        if is_open:
            tl.at(t_probe + 400, probe.syn_ack)
            tl.at(t_probe + 700, probe.rst, "a")
        else:
            tl.at(t_probe + 400, probe.rst_ack, "b")

    tl.run()
    return cap


# --------------------------------------------------------------------------
# open-doors.pcap
# --------------------------------------------------------------------------

DOORS_WEB = "192.0.2.10"
DOORS_MAIL = "192.0.2.25"
DOORS_DNS = "192.0.2.53"
DOORS_WORKSTATIONS = ["192.0.2.101", "192.0.2.102"]
DOORS_ADMIN = "203.0.113.7"
DOORS_CHECKED_PORTS = [22, 23, 80, 443, 445, 3389]
# The TCP ports each host has open (and so answers with SYN-ACK).
DOORS_OPEN = {DOORS_WEB: (80, 443), DOORS_MAIL: (25,), DOORS_DNS: (),
              "192.0.2.101": (), "192.0.2.102": (23,)}


def open_doors():
    """Whose door is open? The workstations use the web, mail and DNS
    servers; then an administrator checks six TCP ports and DNS on each of
    the five hosts, and tries to log in on the Telnet service that one
    workstation left open."""
    cap = Capture("open-doors.pcap")
    ws1, ws2 = DOORS_WORKSTATIONS

    lan_udp(cap, ws1, 50101, DOORS_DNS, 53,
            dns_query(0xA001, "www.example.com", "A"))
    lan_udp(cap, DOORS_DNS, 53, ws1, 50101,
            dns_response(0xA001, "www.example.com", "A", DOORS_WEB))
    http = TcpFlow(cap, host(ws1, 50102), host(DOORS_WEB, 80), a_isn=1000,
                   b_isn=5000)
    http.handshake()
    http.initiator(HTTP_GET)
    http.responder(HTTP_200)

    lan_udp(cap, ws2, 50201, DOORS_DNS, 53,
            dns_query(0xA002, "www.example.com", "A"))
    lan_udp(cap, DOORS_DNS, 53, ws2, 50201,
            dns_response(0xA002, "www.example.com", "A", DOORS_WEB))
    https = TcpFlow(cap, host(ws2, 50202), host(DOORS_WEB, 443), a_isn=2000,
                    b_isn=6000)
    https.handshake()
    https.initiator(tls_client_hello("www.example.com"))
    https.responder(tls_server_hello(b"doors/https"))

    smtp = TcpFlow(cap, host(ws1, 50103), host(DOORS_MAIL, 25), a_isn=3000,
                   b_isn=7000)
    smtp.handshake()
    smtp.responder(SMTP_BANNER)
    smtp.initiator(b"EHLO client.example.org\r\n")
    smtp.responder(b"250 mail.example.com\r\n")

    # The check: SYNs from one source port, then a DNS query, host by host.
    for h, address in enumerate(DOORS_OPEN):
        for p, port in enumerate(DOORS_CHECKED_PORTS):
            is_open = port in DOORS_OPEN[address]
            isn = 10000 + 1000 * (len(DOORS_CHECKED_PORTS) * h + p)
            probe = TcpFlow(cap, host(DOORS_ADMIN, 61000), host(address, port),
                            a_isn=isn, b_isn=isn + 500000 if is_open else 0)
            probe.syn(window=SCAN_WINDOW)
            if is_open:
                probe.syn_ack()
                probe.rst("a")
            else:
                probe.rst_ack("b")
        query = lan_udp(cap, DOORS_ADMIN, 61001 + h, address, 53,
                        dns_query(0xB001 + h, "www.example.com", "A"))
        if address == DOORS_DNS:
            lan_udp(cap, address, 53, DOORS_ADMIN, 61001 + h,
                    dns_response(0xB001 + h, "www.example.com", "A",
                                 DOORS_WEB))
        else:
            lan_port_unreachable(cap, query)

    telnet = TcpFlow(cap, host(DOORS_ADMIN, 61010), host(ws2, 23),
                     a_isn=90000, b_isn=95000)
    telnet.handshake()
    telnet.responder(b"login: ")
    telnet.initiator(b"admin\r\n")
    telnet.responder(b"Password: ")
    telnet.initiator(b"admin\r\n")
    telnet.responder(b"\r\nLogin incorrect\r\nlogin: ")
    return cap


CAPTURES = [seed_services, ftp_active, ftp_passive, port_classes, ipv6, vlan,
            tunnels, icmp_unreachable, truncated, roles_tcp, roles_udp,
            syn_scan, icmp_unreachable_tcp, nonstandard_ports,
            cleartext_logins, linux_ephemeral, port_zero, starttls, smb, stun,
            classroom_minute, open_doors]


def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    for build in CAPTURES:
        cap = build()
        path = cap.write(outdir)
        print("%-24s %3d frames" % (os.path.basename(path), len(cap.frames)))


if __name__ == "__main__":
    main(sys.argv)
