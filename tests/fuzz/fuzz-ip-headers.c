/* fuzz-ip-headers.c - libFuzzer harness: arbitrary bytes as an IPv4 or IPv6
 * datagram, read the way the plugin reads every packet's headers: the IP
 * header, then what it carries (a TCP/UDP header, or an ICMP error and
 * the datagram it quotes).
 *
 * Checks what ip.h promises, aborting on a broken promise:
 *  - a header is accepted only with version 4 or 6 and its addresses inside
 *    the captured bytes;
 *  - a transport header is read only as far as it was captured (ASan
 *    checks the reads; the input is copied to a buffer of exactly its
 *    size);
 *  - the ports read are the header's first bytes.
 *
 * Build and run: see README.md in this folder.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "portclass/ip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_transport(portclass_transport_t transport, const guint8 *bytes, gsize length)
{
    portclass_transport_header_t header;

    portclass_transport_header_read(transport, bytes, length, &header);
    FUZZ_CHECK(header.n_ports <= 2 && (gsize)2 * header.n_ports <= length);
    FUZZ_CHECK(header.n_ports == MIN(length / 2, 2));
    if (header.n_ports >= 1)
        FUZZ_CHECK(header.ports[0] == (bytes[0] << 8 | bytes[1]));
    FUZZ_CHECK(!header.flags_known || (transport == PORTCLASS_TCP && length >= 14));
}

/* Reads the datagram at bytes, and the datagram an ICMP error in it quotes,
 * and so on, at most depth datagrams deep. */
static void check_datagrams(const guint8 *bytes, gsize length, int depth)
{
    for (; depth > 0; depth--) {
        portclass_ip_header_t ip;
        portclass_transport_t transport;
        portclass_icmp_t icmp;

        if (!portclass_ip_header_parse(bytes, length, &ip))
            return;
        FUZZ_CHECK(ip.version == 4 || ip.version == 6);
        FUZZ_CHECK(ip.address_length == (ip.version == 4 ? 4 : 16));
        FUZZ_CHECK(ip.address_offset + 2 * ip.address_length <= length);
        if (!ip.has_transport || ip.transport_offset > length)
            return;
        FUZZ_CHECK(ip.transport_offset >= (ip.version == 4 ? 20 : 40));
        const guint8 *next = bytes + ip.transport_offset;
        gsize left = length - ip.transport_offset;
        if (portclass_ip_protocol_transport(ip.protocol, &transport)) {
            check_transport(transport, next, left);
            FUZZ_CHECK(portclass_transport_ip_protocol(transport) == ip.protocol);
            return;
        }
        if ((ip.protocol != PORTCLASS_IPPROTO_ICMP && ip.protocol != PORTCLASS_IPPROTO_ICMPV6) ||
            !portclass_icmp_parse(ip.version, next, left, &icmp))
            return;
        FUZZ_CHECK(!icmp.port_unreachable || icmp.quotes);
        if (!icmp.quotes || left <= PORTCLASS_ICMP_ERROR_HEADER)
            return;
        bytes = next + PORTCLASS_ICMP_ERROR_HEADER;
        length = left - PORTCLASS_ICMP_ERROR_HEADER;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A buffer of exactly the input's size, so that ASan sees any read past
     * the captured bytes. */
    guint8 *bytes = malloc(size ? size : 1);

    FUZZ_CHECK(bytes != NULL);
    memcpy(bytes, data, size);
    check_datagrams(bytes, size, 3);
    free(bytes);
    return 0;
}
