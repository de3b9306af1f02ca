/* ip.h - reading IPv4, IPv6, ICMP and TCP/UDP headers from raw bytes,
 * never past the captured length. Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_IP_H
#define PORTCLASS_IP_H

#include <glib.h>

#include "portclass/registry.h"

G_BEGIN_DECLS

/* IP protocol numbers (the values Wireshark's epan/ipproto.h gives them). */
#define PORTCLASS_IPPROTO_ICMP      1
#define PORTCLASS_IPPROTO_TCP       6
#define PORTCLASS_IPPROTO_UDP       17
#define PORTCLASS_IPPROTO_ICMPV6    58
#define PORTCLASS_ADDRESS_MAX       16 /* the longest address, IPv6's */
#define PORTCLASS_ICMP_ERROR_HEADER 8  /* an ICMP error's header, before the datagram quoted */

/* What an IPv4 or IPv6 header says about the datagram. */
typedef struct {
    guint version;          /* 4 or 6 */
    guint8 protocol;        /* of the header after IP (after IPv6 extension headers) */
    gboolean has_transport; /* that header starts in this datagram: not a later fragment */
    gsize transport_offset; /* where it starts, from the start of the IP header */
    gsize address_offset;   /* source address; the destination follows it */
    gsize address_length;   /* 4 or 16 */
} portclass_ip_header_t;

/* Parses the IPv4 or IPv6 header at the start of bytes (length bytes
 * captured), following IPv6 extension headers (hop-by-hop, routing,
 * fragment, destination options, authentication). Returns FALSE when the
 * bytes do not hold a whole, plausible header. */
gboolean portclass_ip_header_parse(const guint8 *bytes, gsize length, portclass_ip_header_t *ip);

/* The transport carried, when protocol is TCP or UDP; and back. */
gboolean portclass_ip_protocol_transport(guint8 protocol, portclass_transport_t *transport);
guint8 portclass_transport_ip_protocol(portclass_transport_t transport);

/* What an ICMP (version 4) or ICMPv6 (version 6) message is. */
typedef struct {
    guint8 type, code;
    gboolean quotes;           /* an error that quotes the datagram that caused it */
    gboolean port_unreachable; /* destination unreachable, port unreachable */
} portclass_icmp_t;

/* Reads the type and code of the ICMP message at the start of bytes.
 * Returns FALSE when fewer than 2 bytes were captured. */
gboolean portclass_icmp_parse(guint ip_version, const guint8 *bytes, gsize length,
                              portclass_icmp_t *icmp);

/* TCP flag bits. */
#define PORTCLASS_TCP_SYN 0x02
#define PORTCLASS_TCP_RST 0x04
#define PORTCLASS_TCP_ACK 0x10

/* What the captured bytes of a TCP or UDP header hold. */
typedef struct {
    guint n_ports;    /* 0, 1 (source only) or 2 */
    guint16 ports[2]; /* source, destination */
    gboolean flags_known;
    guint8 tcp_flags; /* PORTCLASS_TCP_* bits, when flags_known */
} portclass_transport_header_t;

/* Reads the ports, and for TCP the flags, of the header at the start of
 * bytes, as far as they were captured. */
void portclass_transport_header_read(portclass_transport_t transport, const guint8 *bytes,
                                     gsize length, portclass_transport_header_t *header);

G_END_DECLS

#endif /* PORTCLASS_IP_H */
