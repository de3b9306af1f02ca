/* roles.h - which endpoint of a conversation is the server, which
 * ephemeral-port defaults hold a client's port, and which ports an
 * application protocol normally uses. Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_ROLES_H
#define PORTCLASS_ROLES_H

#include <glib.h>

#include "portclass/registry.h"

G_BEGIN_DECLS

#define PORTCLASS_EPHEMERAL_IANA  (1u << 0) /* 49152-65535: IANA, Windows, macOS */
#define PORTCLASS_EPHEMERAL_LINUX (1u << 1) /* 32768-60999: Linux */

/* Which common ephemeral-port defaults contain port: PORTCLASS_EPHEMERAL_*
 * bits, 0 for none. */
guint portclass_ephemeral_ranges(guint16 port);

/* Filter value of portclass_ephemeral_ranges(): "iana", "linux",
 * "iana,linux" or "none". Static string. */
const char *portclass_ephemeral_name(guint ranges);

/* How a conversation's server was found, strongest first. */
typedef enum {
    PORTCLASS_EVIDENCE_SYN,          /* a SYN without ACK: its sender is the client */
    PORTCLASS_EVIDENCE_SYN_ACK,      /* a SYN-ACK: its sender is the server */
    PORTCLASS_EVIDENCE_PORT,         /* one port is the more likely server port */
    PORTCLASS_EVIDENCE_FIRST_PACKET, /* the first packet's sender is the client */
    PORTCLASS_N_EVIDENCES
} portclass_evidence_t;

/* Filter value: "syn", "syn-ack", "port" or "first-packet". Static string. */
const char *portclass_evidence_name(portclass_evidence_t evidence);

/* What the first packet seen of a conversation says about it. */
typedef struct {
    portclass_transport_t transport;
    gboolean flags_known; /* TCP flags were captured */
    gboolean syn, ack;
    guint16 ports[2];        /* source, destination */
    gboolean has_service[2]; /* the port has an assigned service */
} portclass_first_packet_t;

/* Which side of a conversation's first packet is the server, and why. */
typedef struct {
    portclass_side_t server; /* PORTCLASS_SOURCE: the first packet came from the server */
    portclass_evidence_t evidence;
} portclass_server_choice_t;

/* Chooses the server of a conversation from its first packet, on the
 * strongest evidence the packet offers: its TCP flags (SYN, SYN-ACK); else
 * the ports: the one with a known service when the other has none, else the
 * one in the lower class, else, when both have a service, the lower port;
 * else (equal ports, or both unassigned in one class) the first packet's
 * destination. */
portclass_server_choice_t portclass_choose_server(const portclass_first_packet_t *packet);

/* An application protocol that Wireshark decodes, by its filter name. */
typedef struct {
    const char *protocol; /* Wireshark filter name, e.g. "http" */
    const char *name;     /* how people call it, e.g. "HTTP" */
    guint transports;     /* PORTCLASS_MASK_* of the transports it has ports on */
    /* Ports it normally uses: (low, high) pairs ended by a (0, 0) pair;
     * NULL for a protocol that uses any port by design. */
    const guint16 (*ports)[2];
    /* TCP ports of other services that switch to this protocol on the same
     * connection (STARTTLS and alike), which Wireshark then decodes as this
     * protocol: pairs as above, NULL for none. */
    const guint16 (*upgrade_ports)[2];
} portclass_app_protocol_t;

/* The protocol known by a Wireshark filter name, or NULL when we keep no
 * port list for it (it is then never called non-standard). */
const portclass_app_protocol_t *portclass_app_protocol_lookup(const char *protocol);

/* Whether the protocol uses any port by design (FTP data, RTP, ...). */
gboolean portclass_app_protocol_any_port(const portclass_app_protocol_t *app);

/* Whether app (NULL: none) runs off its usual ports when server_port is the
 * server's: neither on its own ports over transport nor, over TCP, on a
 * port whose service switches to it in place. */
gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port);

G_END_DECLS

#endif /* PORTCLASS_ROLES_H */
