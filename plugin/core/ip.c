/* ip.c - reading IP, ICMP and TCP/UDP headers from raw bytes. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/ip.h"

#define IPV4_MIN_HEADER     20
#define IPV6_HEADER         40
#define IPV6_MAX_EXTENSIONS 8 /* extension headers followed at most */

/* IPv6 extension headers (RFC 8200) that can come before the transport. */
enum { IPV6_HOPOPTS = 0, IPV6_ROUTING = 43, IPV6_FRAGMENT = 44, IPV6_AH = 51, IPV6_DSTOPTS = 60 };

static guint16 read_u16(const guint8 *bytes)
{
    return (guint16)(bytes[0] << 8 | bytes[1]);
}

static gboolean parse_ipv4(const guint8 *bytes, gsize length, portclass_ip_header_t *ip)
{
    gsize header_length = (gsize)4 * (bytes[0] & 0x0fu);

    if (length < IPV4_MIN_HEADER || header_length < IPV4_MIN_HEADER)
        return FALSE;
    *ip = (portclass_ip_header_t){
        .version = 4,
        .protocol = bytes[9],
        /* Only the first fragment starts with the transport header. */
        .has_transport = (read_u16(bytes + 6) & 0x1fffu) == 0,
        .transport_offset = header_length,
        .address_offset = 12,
        .address_length = 4,
    };
    return TRUE;
}

static gboolean is_ipv6_extension(guint8 type)
{
    return type == IPV6_HOPOPTS || type == IPV6_ROUTING || type == IPV6_FRAGMENT ||
           type == IPV6_AH || type == IPV6_DSTOPTS;
}

/* The length of the IPv6 extension header at bytes, which must hold its
 * first two bytes. */
static gsize ipv6_extension_length(guint8 type, const guint8 *bytes)
{
    if (type == IPV6_FRAGMENT)
        return 8;
    if (type == IPV6_AH)
        return (gsize)4 * (bytes[1] + 2u);
    return (gsize)8 * (bytes[1] + 1u);
}

static gboolean parse_ipv6(const guint8 *bytes, gsize length, portclass_ip_header_t *ip)
{
    if (length < IPV6_HEADER)
        return FALSE;
    *ip = (portclass_ip_header_t){
        .version = 6,
        .protocol = bytes[6],
        .has_transport = TRUE,
        .transport_offset = IPV6_HEADER,
        .address_offset = 8,
        .address_length = 16,
    };
    for (guint i = 0; is_ipv6_extension(ip->protocol); i++) {
        gsize at = ip->transport_offset;
        if (i == IPV6_MAX_EXTENSIONS || at + 8 > length) {
            /* Too many, or cut off inside them: what follows is unknown. */
            ip->has_transport = FALSE;
            break;
        }
        if (ip->protocol == IPV6_FRAGMENT && (read_u16(bytes + at + 2) >> 3) != 0)
            ip->has_transport = FALSE; /* not the first fragment */
        ip->transport_offset = at + ipv6_extension_length(ip->protocol, bytes + at);
        ip->protocol = bytes[at];
    }
    return TRUE;
}

gboolean portclass_ip_header_parse(const guint8 *bytes, gsize length, portclass_ip_header_t *ip)
{
    if (!bytes || length < 1)
        return FALSE;
    if (bytes[0] >> 4 == 4)
        return parse_ipv4(bytes, length, ip);
    return bytes[0] >> 4 == 6 && parse_ipv6(bytes, length, ip);
}

gboolean portclass_ip_protocol_transport(guint8 protocol, portclass_transport_t *transport)
{
    if (protocol != PORTCLASS_IPPROTO_TCP && protocol != PORTCLASS_IPPROTO_UDP)
        return FALSE;
    *transport = protocol == PORTCLASS_IPPROTO_TCP ? PORTCLASS_TCP : PORTCLASS_UDP;
    return TRUE;
}

guint8 portclass_transport_ip_protocol(portclass_transport_t transport)
{
    return transport == PORTCLASS_TCP ? PORTCLASS_IPPROTO_TCP : PORTCLASS_IPPROTO_UDP;
}

gboolean portclass_icmp_parse(guint ip_version, const guint8 *bytes, gsize length,
                              portclass_icmp_t *icmp)
{
    if (!bytes || length < 2 || (ip_version != 4 && ip_version != 6))
        return FALSE;
    guint8 type = bytes[0], code = bytes[1];
    *icmp = (portclass_icmp_t){
        .type = type,
        .code = code,
        /* Destination unreachable, source quench, redirect, time exceeded,
         * parameter problem (RFC 792); ICMPv6's errors (RFC 4443). */
        .quotes = ip_version == 4 ? type == 3 || type == 4 || type == 5 || type == 11 || type == 12
                                  : type >= 1 && type <= 4,
        .port_unreachable = ip_version == 4 ? type == 3 && code == 3 : type == 1 && code == 4,
    };
    return TRUE;
}

void portclass_transport_header_read(portclass_transport_t transport, const guint8 *bytes,
                                     gsize length, portclass_transport_header_t *header)
{
    *header = (portclass_transport_header_t){0};
    if (!bytes)
        return;
    header->n_ports = length >= 4 ? 2 : length >= 2 ? 1 : 0;
    for (guint i = 0; i < header->n_ports; i++)
        header->ports[i] = read_u16(bytes + (gsize)2 * i);
    header->flags_known = transport == PORTCLASS_TCP && length >= 14;
    if (header->flags_known)
        header->tcp_flags = bytes[13];
}
