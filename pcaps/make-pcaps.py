#!/usr/bin/python3
"""Generate the sample captures used by the portclass tests.

Usage: /usr/bin/python3 pcaps/make-pcaps.py [OUTDIR]

OUTDIR defaults to the folder holding this script.  The output is fully
deterministic: fixed timestamps (1700000000.000000 + 1 ms per packet, per
file), fixed MAC addresses, IP ids, TCP sequence numbers and DNS ids.  Running
the script twice gives byte-identical files.  Files are classic pcap
(little-endian, microsecond resolution), link type Ethernet.

Requires scapy (Debian package python3-scapy).
"""

import os
import struct
import sys

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
from scapy.utils import PcapWriter

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
        self.frames = []        # (frame bytes, original length on the wire)
        self._ip_id = 0x1000    # IPv4 identification, +1 per IPv4 packet

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
        self.frames.append((data, wirelen))
        return len(self.frames)          # frame number, 1-based

    def write(self, outdir):
        path = os.path.join(outdir, self.name)
        writer = PcapWriter(path, linktype=1, endianness="<", snaplen=65535,
                            sync=True)
        writer.write_header(None)
        for index, (data, wirelen) in enumerate(self.frames):
            t_us = START_TIME_US + index * STEP_US
            writer.write_packet(data, sec=t_us // 1000000,
                                usec=t_us % 1000000, wirelen=wirelen)
        writer.close()
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


CAPTURES = [seed_services, ftp_active, ftp_passive, port_classes, ipv6, vlan,
            tunnels, icmp_unreachable, truncated, roles_tcp, roles_udp,
            syn_scan, icmp_unreachable_tcp, nonstandard_ports,
            cleartext_logins, linux_ephemeral, port_zero]


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
