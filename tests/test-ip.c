/* test-ip.c - unit tests of the IP, ICMP and TCP/UDP header reader
 * (include/portclass/ip.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "portclass/ip.h"

/* A 20-byte IPv4 header carrying protocol, from 192.0.2.1 to 198.51.100.2. */
static void ipv4_header(guint8 *bytes, guint8 protocol)
{
    static const guint8 header[20] = {0x45, 0, 0,   40, 0, 1, 0x40, 0,  64,  6,
                                      0,    0, 192, 0,  2, 1, 198,  51, 100, 2};
    memcpy(bytes, header, sizeof header);
    bytes[9] = protocol;
}

/* A 40-byte IPv6 header with next header next, from 2001:db8::1 to
 * 2001:db8::2. */
static void ipv6_header(guint8 *bytes, guint8 next)
{
    memset(bytes, 0, 40);
    bytes[0] = 0x60;
    bytes[6] = next;
    bytes[7] = 64;
    bytes[8] = 0x20, bytes[9] = 0x01, bytes[10] = 0x0d, bytes[11] = 0xb8, bytes[23] = 1;
    bytes[24] = 0x20, bytes[25] = 0x01, bytes[26] = 0x0d, bytes[27] = 0xb8, bytes[39] = 2;
}

static void test_ipv4(void)
{
    guint8 bytes[60];
    portclass_ip_header_t ip;

    ipv4_header(bytes, PORTCLASS_IPPROTO_TCP);
    g_assert_true(portclass_ip_header_parse(bytes, 20, &ip));
    g_assert_cmpuint(ip.version, ==, 4);
    g_assert_cmpuint(ip.protocol, ==, PORTCLASS_IPPROTO_TCP);
    g_assert_true(ip.has_transport);
    g_assert_cmpuint(ip.transport_offset, ==, 20);
    g_assert_cmpuint(ip.address_offset, ==, 12);
    g_assert_cmpuint(ip.address_length, ==, 4);

    /* Options: the transport starts after them. */
    bytes[0] = 0x46;
    g_assert_true(portclass_ip_header_parse(bytes, 24, &ip));
    g_assert_cmpuint(ip.transport_offset, ==, 24);
}

static void test_ipv4_bad_and_short(void)
{
    guint8 bytes[20];
    portclass_ip_header_t ip;

    ipv4_header(bytes, PORTCLASS_IPPROTO_UDP);
    g_assert_false(portclass_ip_header_parse(bytes, 19, &ip));
    g_assert_false(portclass_ip_header_parse(NULL, 20, &ip));
    g_assert_false(portclass_ip_header_parse(bytes, 0, &ip));
    bytes[0] = 0x44; /* a header length under 20 bytes */
    g_assert_false(portclass_ip_header_parse(bytes, 20, &ip));
    bytes[0] = 0x55; /* version 5 */
    g_assert_false(portclass_ip_header_parse(bytes, 20, &ip));
}

static void test_ipv4_fragments(void)
{
    guint8 bytes[20];
    portclass_ip_header_t ip;

    ipv4_header(bytes, PORTCLASS_IPPROTO_UDP);
    bytes[6] = 0x20; /* more fragments, offset 0: the first fragment */
    g_assert_true(portclass_ip_header_parse(bytes, 20, &ip));
    g_assert_true(ip.has_transport);
    bytes[7] = 0xb9; /* offset 185 (1480 bytes): a later fragment */
    g_assert_true(portclass_ip_header_parse(bytes, 20, &ip));
    g_assert_false(ip.has_transport);
}

static void test_ipv6(void)
{
    guint8 bytes[80];
    portclass_ip_header_t ip;

    ipv6_header(bytes, PORTCLASS_IPPROTO_UDP);
    g_assert_false(portclass_ip_header_parse(bytes, 39, &ip));
    g_assert_true(portclass_ip_header_parse(bytes, 40, &ip));
    g_assert_cmpuint(ip.version, ==, 6);
    g_assert_cmpuint(ip.protocol, ==, PORTCLASS_IPPROTO_UDP);
    g_assert_true(ip.has_transport);
    g_assert_cmpuint(ip.transport_offset, ==, 40);
    g_assert_cmpuint(ip.address_offset, ==, 8);
    g_assert_cmpuint(ip.address_length, ==, 16);
}

static void test_ipv6_extension_headers(void)
{
    guint8 bytes[96];
    portclass_ip_header_t ip;

    /* Hop-by-hop (8 bytes), then a destination options header of 16 bytes,
     * then TCP. */
    ipv6_header(bytes, 0);
    memset(bytes + 40, 0, sizeof bytes - 40);
    bytes[40] = 60, bytes[41] = 0;
    bytes[48] = PORTCLASS_IPPROTO_TCP, bytes[49] = 1;
    g_assert_true(portclass_ip_header_parse(bytes, sizeof bytes, &ip));
    g_assert_cmpuint(ip.protocol, ==, PORTCLASS_IPPROTO_TCP);
    g_assert_true(ip.has_transport);
    g_assert_cmpuint(ip.transport_offset, ==, 64);

    /* Cut off inside the extension headers: the addresses are there, what
     * follows is not known. */
    g_assert_true(portclass_ip_header_parse(bytes, 50, &ip));
    g_assert_false(ip.has_transport);

    /* A fragment header: the first fragment carries the transport, a later
     * one does not. */
    ipv6_header(bytes, 44);
    memset(bytes + 40, 0, 8);
    bytes[40] = PORTCLASS_IPPROTO_UDP;
    g_assert_true(portclass_ip_header_parse(bytes, 48, &ip));
    g_assert_true(ip.has_transport);
    g_assert_cmpuint(ip.transport_offset, ==, 48);
    bytes[42] = 0x05, bytes[43] = 0xa8; /* offset 181 (1448 bytes) */
    g_assert_true(portclass_ip_header_parse(bytes, 48, &ip));
    g_assert_false(ip.has_transport);

    /* An authentication header's length counts 4-byte words, plus 2. */
    ipv6_header(bytes, 51);
    memset(bytes + 40, 0, 24);
    bytes[40] = PORTCLASS_IPPROTO_TCP, bytes[41] = 4;
    g_assert_true(portclass_ip_header_parse(bytes, 64, &ip));
    g_assert_cmpuint(ip.transport_offset, ==, 64);
}

static void test_transport_of_protocol(void)
{
    portclass_transport_t transport = PORTCLASS_N_TRANSPORTS;

    g_assert_true(portclass_ip_protocol_transport(6, &transport));
    g_assert_cmpint(transport, ==, PORTCLASS_TCP);
    g_assert_true(portclass_ip_protocol_transport(17, &transport));
    g_assert_cmpint(transport, ==, PORTCLASS_UDP);
    g_assert_false(portclass_ip_protocol_transport(1, &transport));
    g_assert_false(portclass_ip_protocol_transport(132, &transport)); /* SCTP */
    g_assert_cmpuint(portclass_transport_ip_protocol(PORTCLASS_TCP), ==, 6);
    g_assert_cmpuint(portclass_transport_ip_protocol(PORTCLASS_UDP), ==, 17);
}

static void test_icmp(void)
{
    const guint8 port_unreachable[] = {3, 3}, host_unreachable[] = {3, 1}, echo[] = {8, 0},
                 time_exceeded[] = {11, 0}, v6_port_unreachable[] = {1, 4}, v6_echo[] = {128, 0};
    portclass_icmp_t icmp;

    g_assert_true(portclass_icmp_parse(4, port_unreachable, 2, &icmp));
    g_assert_true(icmp.quotes);
    g_assert_true(icmp.port_unreachable);
    g_assert_true(portclass_icmp_parse(4, host_unreachable, 2, &icmp));
    g_assert_true(icmp.quotes);
    g_assert_false(icmp.port_unreachable);
    g_assert_true(portclass_icmp_parse(4, time_exceeded, 2, &icmp));
    g_assert_true(icmp.quotes);
    g_assert_true(portclass_icmp_parse(4, echo, 2, &icmp));
    g_assert_false(icmp.quotes);
    g_assert_true(portclass_icmp_parse(6, v6_port_unreachable, 2, &icmp));
    g_assert_true(icmp.quotes);
    g_assert_true(icmp.port_unreachable);
    /* ICMPv4's port unreachable is not ICMPv6's. */
    g_assert_true(portclass_icmp_parse(6, port_unreachable, 2, &icmp));
    g_assert_false(icmp.port_unreachable);
    g_assert_true(portclass_icmp_parse(6, v6_echo, 2, &icmp));
    g_assert_false(icmp.quotes);
    g_assert_false(portclass_icmp_parse(4, port_unreachable, 1, &icmp));
    g_assert_false(portclass_icmp_parse(5, port_unreachable, 2, &icmp));
}

static void test_transport_header(void)
{
    /* 52144 -> 443, flags SYN. */
    const guint8 tcp[20] = {0xcb, 0xb0, 0x01, 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02};
    portclass_transport_header_t header;

    portclass_transport_header_read(PORTCLASS_TCP, tcp, sizeof tcp, &header);
    g_assert_cmpuint(header.n_ports, ==, 2);
    g_assert_cmpuint(header.ports[0], ==, 52144);
    g_assert_cmpuint(header.ports[1], ==, 443);
    g_assert_true(header.flags_known);
    g_assert_cmpuint(header.tcp_flags, ==, PORTCLASS_TCP_SYN);

    /* Cut short: what was captured, and no flags before byte 14. */
    portclass_transport_header_read(PORTCLASS_TCP, tcp, 13, &header);
    g_assert_cmpuint(header.n_ports, ==, 2);
    g_assert_false(header.flags_known);
    portclass_transport_header_read(PORTCLASS_TCP, tcp, 3, &header);
    g_assert_cmpuint(header.n_ports, ==, 1);
    g_assert_cmpuint(header.ports[0], ==, 52144);
    portclass_transport_header_read(PORTCLASS_UDP, tcp, 1, &header);
    g_assert_cmpuint(header.n_ports, ==, 0);

    /* UDP has no flags. */
    portclass_transport_header_read(PORTCLASS_UDP, tcp, sizeof tcp, &header);
    g_assert_cmpuint(header.n_ports, ==, 2);
    g_assert_false(header.flags_known);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ip/ipv4", test_ipv4);
    g_test_add_func("/ip/ipv4-bad-and-short", test_ipv4_bad_and_short);
    g_test_add_func("/ip/ipv4-fragments", test_ipv4_fragments);
    g_test_add_func("/ip/ipv6", test_ipv6);
    g_test_add_func("/ip/ipv6-extension-headers", test_ipv6_extension_headers);
    g_test_add_func("/ip/transport-of-protocol", test_transport_of_protocol);
    g_test_add_func("/ip/icmp", test_icmp);
    g_test_add_func("/ip/transport-header", test_transport_header);
    return g_test_run();
}
