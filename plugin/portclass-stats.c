/* portclass-stats.c - the statistics tree: packets and bytes by the class
 * and service of the server port, by direction, the services, servers on
 * non-standard ports, the ports seen open or closed and the open ports by
 * host.
 *
 * As in Wireshark's protocol hierarchy statistics, a node counts a packet
 * at most once, whatever number of its headers (a tunnel's layers, an ICMP
 * error's quoted header) fall in it; the bytes branch counts the frame's
 * length. The non-standard branch counts conversations instead: one per
 * conversation's first non-standard packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <string.h>

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "portclass-settings.h"
#include "portclass-stats.h"

#define NODE_CLASS_PACKETS "Packets by server port class"
#define NODE_CLASS_BYTES   "Bytes by server port class"
#define NODE_DIRECTION     "Packets by direction"
#define NODE_SERVICES      "Packets by server service"
#define NODE_NONSTANDARD   "Conversations with a server on a non-standard port"
#define NODE_PORT_STATES   "Ports seen open or closed"
#define NO_SERVICE         "(no assigned service)"

/* The open ports branch follows the language setting when a packet is
 * counted: its node names, by language. */
static const struct {
    const char *top;
    const char *classes[PORTCLASS_N_CLASSES];
    const char *separator; /* between the class and "cleartext" */
    const char *cleartext;
} open_ports_words[PORTCLASS_N_LANGUAGES] = {
    [PORTCLASS_LANG_EN] = {"Open ports by host",
                           {"well-known", "registered", "dynamic"},
                           ", ",
                           "cleartext"},
    [PORTCLASS_LANG_JA] = {"ホストごとの開いているポート",
                           {"ウェルノウン", "登録", "ダイナミック"},
                           "、",
                           "平文"},
};

/* The words of the current language. */
static gsize open_ports_language(void)
{
    portclass_language_t language = settings_current()->language;

    return (gsize)language < G_N_ELEMENTS(open_ports_words) ? (gsize)language : PORTCLASS_LANG_EN;
}

static int portclass_tap = -1;

gboolean stats_listening(void)
{
    return portclass_tap >= 0 && have_tap_listener(portclass_tap);
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
        .server_cleartext =
            (portclass_service_flags(&server->service) & PORTCLASS_FLAG_CLEARTEXT) != 0,
        .client_to_server = answer->server == PORTCLASS_DESTINATION,
        .port_state = answer->port_state,
        .server_host = analysis_address_text(pinfo, analysis, answer->server),
        .nonstandard_protocol = answer->first_nonstandard && answer->nonstandard_app
                                    ? answer->nonstandard_app->name
                                    : NULL,
    };
}

void stats_queue_packet(packet_info *pinfo, const stats_packet_t *packet)
{
    if (packet->n_headers > 0)
        tap_queue_packet(portclass_tap, pinfo, wmem_memdup(pinfo->pool, packet, sizeof *packet));
}

/* The first frame that showed each port state in each statistics tree's
 * current pass, by "tree|port state": a port state's node names that
 * frame, and later packets tick the same node.
 *
 * A tree's frames are dropped when the tree starts a new pass or goes away.
 * Wireshark calls the tree's init callback before each pass: tshark once,
 * after making the tree; the window's dialog from its tap reset, so on each
 * retap; stats_tree_reinit() after dropping the nodes. It calls the cleanup
 * callback only from stats_tree_free(), which the window's dialog calls
 * when it closes or makes a new tree (for a new filter). tshark never frees
 * its trees; the shutdown routine drops what is left. */
static GHashTable *first_frames;

static gboolean is_of_tree(gpointer key, gpointer value _U_, gpointer prefix)
{
    return g_str_has_prefix(key, prefix);
}

static void forget_tree(stats_tree *st)
{
    char *prefix = g_strdup_printf("%p|", (void *)st);

    if (first_frames)
        g_hash_table_foreach_remove(first_frames, is_of_tree, prefix);
    g_free(prefix);
}

/* The first frame that showed state in tree st: frame when none did. */
static guint32 first_frame(stats_tree *st, const char *state, guint32 frame)
{
    char *key = g_strdup_printf("%p|%s", (void *)st, state);

    if (!first_frames)
        first_frames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    guint32 first = GPOINTER_TO_UINT(g_hash_table_lookup(first_frames, key));
    if (first) {
        g_free(key);
        return first;
    }
    g_hash_table_insert(first_frames, key, GUINT_TO_POINTER(frame));
    return frame;
}

/* The nodes one packet has counted in: at most 9 per header, and the top
 * nodes. */
typedef struct {
    stats_tree *st;
    guint n_nodes;
    struct {
        int parent;
        const char *name;
        int id;
    } nodes[PORTCLASS_MAX_HEADERS * 9 + 6];
} packet_counts_t;

/* Adds amount to the node name under parent (made when missing) unless this
 * packet has counted there already; returns the node's id either way. name
 * must live as long as the packet. */
static int count_once(packet_counts_t *counts, int parent, const char *name, gboolean with_children,
                      gint amount)
{
    for (guint i = 0; i < counts->n_nodes; i++) {
        if (counts->nodes[i].parent == parent && strcmp(counts->nodes[i].name, name) == 0)
            return counts->nodes[i].id;
    }
    int id = increase_stat_node(counts->st, name, parent, with_children, amount);
    if (counts->n_nodes < G_N_ELEMENTS(counts->nodes)) {
        counts->nodes[counts->n_nodes].parent = parent;
        counts->nodes[counts->n_nodes].name = name;
        counts->nodes[counts->n_nodes++].id = id;
    }
    return id;
}

/* A top node and its child name, each counted once. */
static int count_in_branch(packet_counts_t *counts, const char *top, const char *name,
                           gboolean with_children, gint amount)
{
    int top_id = count_once(counts, 0, top, TRUE, amount);
    return count_once(counts, top_id, name, with_children, amount);
}

/* "192.0.2.1 port 23/tcp (Telnet): closed, first in frame 7". */
static void count_port_state(packet_counts_t *counts, packet_info *pinfo, const char *host,
                             const stats_header_t *header)
{
    const char *service = header->server_service;
    char *state = wmem_strdup_printf(
        pinfo->pool, "%s port %u/%s%s%s%s: %s", host, header->server_port,
        portclass_transport_filter_name(header->transport), service ? " (" : "",
        service ? service : "", service ? ")" : "", portclass_port_state_name(header->port_state));
    char *name = wmem_strdup_printf(pinfo->pool, "%s, first in frame %u", state,
                                    first_frame(counts->st, state, pinfo->num));

    count_in_branch(counts, NODE_PORT_STATES, name, FALSE, 1);
}

/* A packet that proves its server port open, under the server's host:
 * "23/tcp Telnet (well-known, cleartext)", "54400/udp (dynamic)". */
static void count_open_port(packet_counts_t *counts, packet_info *pinfo, const char *host,
                            const stats_header_t *header)
{
    gsize language = open_ports_language();
    const char *service = header->server_service;
    const char *cls = header->server_class < PORTCLASS_N_CLASSES
                          ? open_ports_words[language].classes[header->server_class]
                          : portclass_class_name(header->server_class);
    char *port =
        wmem_strdup_printf(pinfo->pool, "%u/%s%s%s (%s%s%s)", header->server_port,
                           portclass_transport_filter_name(header->transport), service ? " " : "",
                           service ? service : "", cls,
                           header->server_cleartext ? open_ports_words[language].separator : "",
                           header->server_cleartext ? open_ports_words[language].cleartext : "");

    int host_node = count_in_branch(counts, open_ports_words[language].top, host, TRUE, 1);
    count_once(counts, host_node, port, FALSE, 1);
}

/* Counts one header of the packet in every branch it falls in. */
static void count_header(packet_counts_t *counts, packet_info *pinfo, const stats_header_t *header)
{
    const char *service = header->server_service ? header->server_service : NO_SERVICE;
    const char *class_name = portclass_class_name(header->server_class);
    const char *host = header->server_host ? header->server_host : "unknown host";

    int class_node = count_in_branch(counts, NODE_CLASS_PACKETS, class_name, TRUE, 1);
    count_once(counts, class_node, service, FALSE, 1);
    class_node =
        count_in_branch(counts, NODE_CLASS_BYTES, class_name, TRUE, (gint)pinfo->fd->pkt_len);
    count_once(counts, class_node, service, FALSE, (gint)pinfo->fd->pkt_len);
    count_in_branch(counts, NODE_DIRECTION,
                    header->client_to_server ? "client-to-server" : "server-to-client", FALSE, 1);
    count_in_branch(counts, NODE_SERVICES, service, FALSE, 1);
    if (header->port_state != PORTCLASS_PORT_STATE_NONE)
        count_port_state(counts, pinfo, host, header);
    if (header->port_state == PORTCLASS_PORT_STATE_OPEN)
        count_open_port(counts, pinfo, host, header);
    if (header->nonstandard_protocol) {
        /* "SSH on port 2222/tcp of 192.0.2.1": not once per packet but once
         * per conversation, which the header says. */
        char *name = wmem_strdup_printf(pinfo->pool, "%s on port %u/%s of %s",
                                        header->nonstandard_protocol, header->server_port,
                                        portclass_transport_filter_name(header->transport), host);
        tick_stat_node(counts->st, name, tick_stat_node(counts->st, NODE_NONSTANDARD, 0, TRUE),
                       FALSE);
    }
}

/* Makes the top nodes, in their order (the open ports one in the current
 * language); the tree starts a new pass. */
static void stats_init(stats_tree *st)
{
    const char *const tops[] = {NODE_CLASS_PACKETS,
                                NODE_CLASS_BYTES,
                                NODE_DIRECTION,
                                NODE_SERVICES,
                                NODE_NONSTANDARD,
                                NODE_PORT_STATES,
                                open_ports_words[open_ports_language()].top};

    for (gsize i = 0; i < G_N_ELEMENTS(tops); i++)
        stats_tree_create_node(st, tops[i], 0, STAT_DT_INT, TRUE);
    forget_tree(st);
}

/* The tree is being freed (stats_tree_free()). */
static void stats_cleanup(stats_tree *st)
{
    forget_tree(st);
}

/* PORTCLASS_TAP_FLAGS: the flags parameter where the version has one. */
static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data PORTCLASS_TAP_FLAGS)
{
    const stats_packet_t *packet = data;
    packet_counts_t counts = {.st = st};

    for (guint i = 0; i < packet->n_headers; i++)
        count_header(&counts, pinfo, &packet->headers[i]);
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
    /* The dissector finds every header without a tree. */
    stats_tree_register_plugin("portclass", "portclass", "Port Classification", TL_REQUIRES_NOTHING,
                               stats_packet, stats_init, stats_cleanup);
}
