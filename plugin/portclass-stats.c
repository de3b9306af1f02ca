/* portclass-stats.c - the statistics tree: packets and bytes by the class
 * and service of the server port, by direction, the services, servers on
 * non-standard ports and the ports seen open or closed.
 *
 * Every count is per TCP/UDP header with known roles, as the per-packet
 * fields are: a tunnelled packet counts in each layer, an ICMP error in the
 * conversation it quotes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

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

static int portclass_tap = -1;

/* The first frame that showed each (stats tree, host, port, state): the
 * node of a port state names it, and later packets tick the same node. */
static GHashTable *first_frames;

gboolean stats_listening(void)
{
    return portclass_tap >= 0 && have_tap_listener(portclass_tap);
}

void stats_queue(packet_info *pinfo, const header_analysis_t *analysis)
{
    const portclass_header_answer_t *answer = &analysis->answer;
    const port_facts_t *server = analysis_server(analysis);
    stats_header_t *info = wmem_new(pinfo->pool, stats_header_t);

    *info = (stats_header_t){
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
        .frame = pinfo->num,
        .frame_length = pinfo->fd->pkt_len,
    };
    tap_queue_packet(portclass_tap, pinfo, info);
}

static int node_class_packets, node_class_bytes, node_direction, node_services, node_nonstandard,
    node_port_states;

static void stats_init(stats_tree *st)
{
    node_class_packets = stats_tree_create_node(st, NODE_CLASS_PACKETS, 0, STAT_DT_INT, TRUE);
    node_class_bytes = stats_tree_create_node(st, NODE_CLASS_BYTES, 0, STAT_DT_INT, TRUE);
    node_direction = stats_tree_create_node(st, NODE_DIRECTION, 0, STAT_DT_INT, TRUE);
    node_services = stats_tree_create_node(st, NODE_SERVICES, 0, STAT_DT_INT, TRUE);
    node_nonstandard = stats_tree_create_node(st, NODE_NONSTANDARD, 0, STAT_DT_INT, TRUE);
    node_port_states = stats_tree_create_node(st, NODE_PORT_STATES, 0, STAT_DT_INT, TRUE);
    if (!first_frames)
        first_frames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

/* Forgets the first frames of this tree (a new tap pass starts over). */
static void stats_cleanup(stats_tree *st)
{
    char *prefix = g_strdup_printf("%p|", (void *)st);
    GHashTableIter iter;
    gpointer key;

    if (first_frames) {
        g_hash_table_iter_init(&iter, first_frames);
        while (g_hash_table_iter_next(&iter, &key, NULL)) {
            if (g_str_has_prefix(key, prefix))
                g_hash_table_iter_remove(&iter);
        }
    }
    g_free(prefix);
}

/* "192.0.2.1 port 23/tcp (Telnet): closed, first in frame 7". */
static void tick_port_state(stats_tree *st, const stats_header_t *info)
{
    const char *host = info->server_host ? info->server_host : "unknown host";
    char *key = g_strdup_printf("%p|%s|%u|%s|%s", (void *)st, host, info->server_port,
                                portclass_transport_filter_name(info->transport),
                                portclass_port_state_name(info->port_state));
    gpointer first = g_hash_table_lookup(first_frames, key);

    if (!first) {
        first = GUINT_TO_POINTER(info->frame);
        g_hash_table_insert(first_frames, key, first);
    } else {
        g_free(key);
    }
    char *name = g_strdup_printf(
        "%s port %u/%s%s%s%s: %s, first in frame %u", host, info->server_port,
        portclass_transport_filter_name(info->transport), info->server_service ? " (" : "",
        info->server_service ? info->server_service : "", info->server_service ? ")" : "",
        portclass_port_state_name(info->port_state), GPOINTER_TO_UINT(first));
    tick_stat_node(st, name, node_port_states, FALSE);
    g_free(name);
}

/* "SSH on port 2222/tcp of 192.0.2.1", once per conversation. */
static void tick_nonstandard(stats_tree *st, const stats_header_t *info)
{
    char *name =
        g_strdup_printf("%s on port %u/%s of %s", info->nonstandard_protocol, info->server_port,
                        portclass_transport_filter_name(info->transport),
                        info->server_host ? info->server_host : "unknown host");
    tick_stat_node(st, name, node_nonstandard, FALSE);
    g_free(name);
}

/* PORTCLASS_TAP_FLAGS: the flags parameter where the version has one. */
static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                      epan_dissect_t *edt _U_, const void *data PORTCLASS_TAP_FLAGS)
{
    const stats_header_t *info = data;
    const char *class_name = portclass_class_name(info->server_class);
    const char *service = info->server_service ? info->server_service : NO_SERVICE;

    tick_stat_node(st, NODE_CLASS_PACKETS, 0, TRUE);
    int class_node = tick_stat_node(st, class_name, node_class_packets, TRUE);
    tick_stat_node(st, service, class_node, FALSE);

    increase_stat_node(st, NODE_CLASS_BYTES, 0, TRUE, (gint)info->frame_length);
    class_node =
        increase_stat_node(st, class_name, node_class_bytes, TRUE, (gint)info->frame_length);
    increase_stat_node(st, service, class_node, FALSE, (gint)info->frame_length);

    tick_stat_node(st, NODE_DIRECTION, 0, TRUE);
    tick_stat_node(st, info->client_to_server ? "client-to-server" : "server-to-client",
                   node_direction, FALSE);

    tick_stat_node(st, NODE_SERVICES, 0, TRUE);
    tick_stat_node(st, service, node_services, FALSE);

    if (info->nonstandard_protocol) {
        tick_stat_node(st, NODE_NONSTANDARD, 0, TRUE);
        tick_nonstandard(st, info);
    }
    if (info->port_state != PORTCLASS_PORT_STATE_NONE) {
        tick_stat_node(st, NODE_PORT_STATES, 0, TRUE);
        tick_port_state(st, info);
    }
    return TAP_PACKET_REDRAW;
}

static void stats_shutdown(void)
{
    if (first_frames)
        g_hash_table_destroy(first_frames);
    first_frames = NULL;
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
