/* portclass-stats.c - the statistics tree: packets and bytes by the class
 * and service of the server port, by direction, the services, servers on
 * non-standard ports and the ports seen open or closed.
 *
 * The tap gets one item per packet, holding each of its TCP/UDP headers
 * whose roles are known (a tunnelled packet has several; an ICMP error
 * brings the header it quotes). As in Wireshark's protocol hierarchy
 * statistics, a node counts a packet at most once: the packet counts, with
 * its frame's length in the bytes branch, in every node that one or more of
 * its headers falls in, and once in each top node. A tunnelled packet thus
 * counts once under each class and service its layers show, and once in
 * the branch's total. The non-standard branch counts conversations instead:
 * one per conversation's first non-standard packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <string.h>

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "portclass-stats.h"

#define NODE_CLASS_PACKETS "Packets by server port class"
#define NODE_CLASS_BYTES   "Bytes by server port class"
#define NODE_DIRECTION     "Packets by direction"
#define NODE_SERVICES      "Packets by server service"
#define NODE_NONSTANDARD   "Conversations with a server on a non-standard port"
#define NODE_PORT_STATES   "Ports seen open or closed"
#define NO_SERVICE         "(no assigned service)"

/* The nodes that count a packet: at most this many per header (class and
 * service in the packets and the bytes branches, direction, service, port
 * state), and the five top nodes. */
#define NODES_PER_HEADER 7
#define TOP_NODES        5

static int portclass_tap = -1;

/* ---- The tap -------------------------------------------------------------- */

gboolean stats_listening(void)
{
    return portclass_tap >= 0 && have_tap_listener(portclass_tap);
}

stats_packet_t *stats_packet_new(packet_info *pinfo)
{
    stats_packet_t *packet = wmem_new0(pinfo->pool, stats_packet_t);

    packet->frame = pinfo->num;
    packet->frame_length = pinfo->fd->pkt_len;
    return packet;
}

void stats_add_header(stats_packet_t *packet, packet_info *pinfo, const header_analysis_t *analysis)
{
    const portclass_header_answer_t *answer = &analysis->answer;
    const port_facts_t *server = analysis_server(analysis);

    if (packet->n_headers >= G_N_ELEMENTS(packet->headers))
        return;
    packet->headers[packet->n_headers++] = (stats_header_t){
        .transport = analysis->header->transport,
        .server_port = server->port,
        .server_class = server->cls,
        .server_service = portclass_service_name(&server->service),
        .client_to_server = answer->server == PORTCLASS_DESTINATION,
        .port_state = answer->port_state,
        .server_host = analysis_address_text(pinfo, analysis, answer->server),
        .nonstandard_protocol = answer->first_nonstandard && answer->nonstandard_app
                                    ? answer->nonstandard_app->name
                                    : NULL,
    };
}

void stats_queue_packet(packet_info *pinfo, stats_packet_t *packet)
{
    if (packet->n_headers > 0)
        tap_queue_packet(portclass_tap, pinfo, packet);
}

/* ---- Per-tree state ------------------------------------------------------- */

/* For each statistics tree (stats_tree *), the first frame that showed
 * each port state in its current pass: a hash table from "host|port|
 * transport|state" to the frame number. A port state's node names that
 * frame, and later packets tick the same node.
 *
 * A tree's table is made on first use and dropped when the tree starts a
 * new pass or goes away. Wireshark calls the tree's init callback before
 * each pass: tshark once, after making the tree; the window's dialog from
 * its tap reset, so on each retap; stats_tree_reinit() after dropping the
 * nodes. It calls the cleanup callback only from stats_tree_free(), which
 * the window's dialog calls when it closes or makes a new tree (for a new
 * filter). tshark never frees its trees; the shutdown routine drops what is
 * left. */
static GHashTable *first_frames_by_tree;

static void destroy_table(gpointer table)
{
    g_hash_table_destroy(table);
}

/* The first frames of tree st, made empty when there are none. */
static GHashTable *first_frames_of(stats_tree *st)
{
    if (!first_frames_by_tree)
        first_frames_by_tree =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, destroy_table);
    GHashTable *frames = g_hash_table_lookup(first_frames_by_tree, st);
    if (!frames) {
        frames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(first_frames_by_tree, st, frames);
    }
    return frames;
}

/* Forgets the first frames of tree st. */
static void forget_tree(stats_tree *st)
{
    if (first_frames_by_tree)
        g_hash_table_remove(first_frames_by_tree, st);
}

/* The first frame that showed the header's port state in tree st, which is
 * frame when none did before. */
static guint32 first_frame(stats_tree *st, const char *host, const stats_header_t *header,
                           guint32 frame)
{
    GHashTable *frames = first_frames_of(st);
    char *key = g_strdup_printf("%s|%u|%s|%s", host, header->server_port,
                                portclass_transport_filter_name(header->transport),
                                portclass_port_state_name(header->port_state));
    gpointer first = g_hash_table_lookup(frames, key);

    if (first) {
        g_free(key);
        return GPOINTER_TO_UINT(first);
    }
    g_hash_table_insert(frames, key, GUINT_TO_POINTER(frame));
    return frame;
}

/* ---- Counting a packet once per node -------------------------------------- */

/* A node the packet has counted in, found by its parent and name. */
typedef struct {
    int parent;
    const char *name; /* lives as long as the packet */
    int id;
} counted_node_t;

/* The nodes one packet has counted in so far. */
typedef struct {
    stats_tree *st;
    guint n_nodes;
    counted_node_t nodes[PORTCLASS_MAX_HEADERS * NODES_PER_HEADER + TOP_NODES];
} packet_counts_t;

/* Adds amount to the node name under parent (made, with_children as
 * increase_stat_node() takes it, when missing) unless this packet has
 * counted there already; returns the node's id either way. name must live
 * as long as the packet. */
static int count_once(packet_counts_t *counts, int parent, const char *name, gboolean with_children,
                      gint amount)
{
    for (guint i = 0; i < counts->n_nodes; i++) {
        const counted_node_t *node = &counts->nodes[i];
        if (node->parent == parent && strcmp(node->name, name) == 0)
            return node->id;
    }
    int id = increase_stat_node(counts->st, name, parent, with_children, amount);
    if (counts->n_nodes < G_N_ELEMENTS(counts->nodes))
        counts->nodes[counts->n_nodes++] = (counted_node_t){parent, name, id};
    return id;
}

static int node_class_packets, node_class_bytes, node_direction, node_services, node_nonstandard,
    node_port_states;

static const char *service_or_none(const stats_header_t *header)
{
    return header->server_service ? header->server_service : NO_SERVICE;
}

/* One branch by class, then service: the top node top (id top_id), its
 * class node and that node's service node each get amount once. */
static void count_class_branch(packet_counts_t *counts, const char *top, int top_id,
                               const stats_header_t *header, gint amount)
{
    count_once(counts, 0, top, TRUE, amount);
    int class_node =
        count_once(counts, top_id, portclass_class_name(header->server_class), TRUE, amount);
    count_once(counts, class_node, service_or_none(header), FALSE, amount);
}

/* "192.0.2.1 port 23/tcp (Telnet): closed, first in frame 7". */
static void count_port_state(packet_counts_t *counts, packet_info *pinfo,
                             const stats_header_t *header, guint32 frame)
{
    const char *host = header->server_host ? header->server_host : "unknown host";
    const char *service = header->server_service;
    char *name = wmem_strdup_printf(
        pinfo->pool, "%s port %u/%s%s%s%s: %s, first in frame %u", host, header->server_port,
        portclass_transport_filter_name(header->transport), service ? " (" : "",
        service ? service : "", service ? ")" : "", portclass_port_state_name(header->port_state),
        first_frame(counts->st, host, header, frame));

    count_once(counts, 0, NODE_PORT_STATES, TRUE, 1);
    count_once(counts, node_port_states, name, FALSE, 1);
}

/* "SSH on port 2222/tcp of 192.0.2.1", once per conversation. */
static void tick_nonstandard(stats_tree *st, const stats_header_t *header)
{
    char *name =
        g_strdup_printf("%s on port %u/%s of %s", header->nonstandard_protocol, header->server_port,
                        portclass_transport_filter_name(header->transport),
                        header->server_host ? header->server_host : "unknown host");
    tick_stat_node(st, NODE_NONSTANDARD, 0, TRUE);
    tick_stat_node(st, name, node_nonstandard, FALSE);
    g_free(name);
}

/* Counts one header of the packet in every branch it falls in. */
static void count_header(packet_counts_t *counts, packet_info *pinfo, const stats_packet_t *packet,
                         const stats_header_t *header)
{
    count_class_branch(counts, NODE_CLASS_PACKETS, node_class_packets, header, 1);
    count_class_branch(counts, NODE_CLASS_BYTES, node_class_bytes, header,
                       (gint)packet->frame_length);

    count_once(counts, 0, NODE_DIRECTION, TRUE, 1);
    count_once(counts, node_direction,
               header->client_to_server ? "client-to-server" : "server-to-client", FALSE, 1);

    count_once(counts, 0, NODE_SERVICES, TRUE, 1);
    count_once(counts, node_services, service_or_none(header), FALSE, 1);

    if (header->nonstandard_protocol)
        tick_nonstandard(counts->st, header);
    if (header->port_state != PORTCLASS_PORT_STATE_NONE)
        count_port_state(counts, pinfo, header, packet->frame);
}

/* ---- The statistics tree's callbacks -------------------------------------- */

/* Makes the top nodes; the tree starts a new pass (see first_frames_by_tree). */
static void stats_init(stats_tree *st)
{
    node_class_packets = stats_tree_create_node(st, NODE_CLASS_PACKETS, 0, STAT_DT_INT, TRUE);
    node_class_bytes = stats_tree_create_node(st, NODE_CLASS_BYTES, 0, STAT_DT_INT, TRUE);
    node_direction = stats_tree_create_node(st, NODE_DIRECTION, 0, STAT_DT_INT, TRUE);
    node_services = stats_tree_create_node(st, NODE_SERVICES, 0, STAT_DT_INT, TRUE);
    node_nonstandard = stats_tree_create_node(st, NODE_NONSTANDARD, 0, STAT_DT_INT, TRUE);
    node_port_states = stats_tree_create_node(st, NODE_PORT_STATES, 0, STAT_DT_INT, TRUE);
    forget_tree(st);
}

/* The tree is being freed (stats_tree_free()): drops its first frames. */
static void stats_cleanup(stats_tree *st)
{
    forget_tree(st);
}

/* Counts a packet's tap item (stats_packet_t). PORTCLASS_TAP_FLAGS: the
 * flags parameter where the version has one. */
static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data PORTCLASS_TAP_FLAGS)
{
    const stats_packet_t *packet = data;
    packet_counts_t counts = {.st = st};

    for (guint i = 0; i < packet->n_headers; i++)
        count_header(&counts, pinfo, packet, &packet->headers[i]);
    return TAP_PACKET_REDRAW;
}

static void stats_shutdown(void)
{
    if (first_frames_by_tree)
        g_hash_table_destroy(first_frames_by_tree);
    first_frames_by_tree = NULL;
}

void stats_register_tap(void)
{
    portclass_tap = register_tap("portclass");
    register_shutdown_routine(stats_shutdown);
}

void stats_register_tree(void)
{
    /* The dissector finds every header without a tree, so the statistics
     * need none. */
    stats_tree_register_plugin("portclass", "portclass", "Port Classification", TL_REQUIRES_NOTHING,
                               stats_packet, stats_init, stats_cleanup);
}
