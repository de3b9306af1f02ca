/* portclass-stats.c - the statistics tree: packets and bytes by the class
 * and service of the server port, by direction, the services, servers on
 * non-standard ports, the ports seen open or closed and the open ports by
 * host.
 *
 * As in Wireshark's protocol hierarchy statistics, a node counts a packet
 * at most once, whatever number of its headers (a tunnel's layers, an ICMP
 * error's quoted header) fall in it; the bytes branch counts the frame's
 * length. The non-standard branch counts conversations instead: one per
 * conversation's first non-standard packet. Node names are in the language
 * of the setting when the packet is counted; the empty top nodes, when a
 * pass starts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <string.h>

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "packet-portclass.h"

/* The top nodes, in their order. */
enum {
    TOP_CLASS_PACKETS,
    TOP_CLASS_BYTES,
    TOP_DIRECTION,
    TOP_SERVICES,
    TOP_NONSTANDARD,
    TOP_PORT_STATES,
    TOP_OPEN_PORTS,
    N_TOPS
};

/* The tree's words in one language (the classes' are the core's). Patterns
 * name their pieces %1, %2, ...: the languages put them in different
 * orders. */
typedef struct {
    const char *title; /* the tree's, in the Statistics menu */
    const char *tops[N_TOPS];
    const char *to_server; /* a direction */
    const char *to_client;
    const char *no_service;
    const char *unknown_host;
    const char *open; /* port states */
    const char *closed;
    /* %1 the host, %2 "23/tcp", %3 " (Telnet)" or nothing, %4 the state, %5
     * the first frame that showed it. */
    const char *port_state;
    /* %1 the protocol, %2 "2222/tcp", %3 the host. */
    const char *nonstandard;
    const char *separator; /* between an open port's class and "cleartext" */
    const char *cleartext;
} tree_words_t;

static const tree_words_t tree_words[PORTCLASS_N_LANGUAGES] = {
    [PORTCLASS_LANG_EN] =
        {
            .title = "Port Classification",
            .tops = {"Packets by server port class", "Bytes by server port class",
                     "Packets by direction", "Packets by server service",
                     "Conversations with a server on a non-standard port",
                     "Ports seen open or closed", "Open ports by host"},
            .to_server = "client-to-server",
            .to_client = "server-to-client",
            .no_service = "(no assigned service)",
            .unknown_host = "unknown host",
            .open = "open",
            .closed = "closed",
            .port_state = "%1 port %2%3: %4, first in frame %5",
            .nonstandard = "%1 on port %2 of %3",
            .separator = ", ",
            .cleartext = "cleartext",
        },
    [PORTCLASS_LANG_JA] =
        {
            .title = "ポート分類",
            .tops = {"サーバのポートの分類ごとのパケット数", "サーバのポートの分類ごとのバイト数",
                     "通信の向きごとのパケット数", "サーバのサービスごとのパケット数",
                     "本来のポート以外で待ち受けるサーバとの対話",
                     "開いているか閉じているかがわかったポート", "ホストごとの開いているポート"},
            .to_server = "クライアント→サーバ",
            .to_client = "サーバ→クライアント",
            .no_service = "(割り当てられたサービスなし)",
            .unknown_host = "不明なホスト",
            .open = "開いている",
            .closed = "閉じている",
            .port_state = "%1 のポート %2%3: %4、最初はフレーム %5",
            .nonstandard = "%3 のポート %2 上の %1",
            .separator = "、",
            .cleartext = "平文",
        },
};

/* A node name from a pattern: %1 to %9 are pieces[0] to pieces[8]. */
static const char *fill_in(packet_info *pinfo, const char *pattern, const char *const pieces[],
                           gsize n_pieces)
{
    wmem_strbuf_t *name = wmem_strbuf_new(pinfo->pool, "");

    for (const char *c = pattern; *c; c++) {
        gsize piece = c[0] == '%' && c[1] >= '1' ? (gsize)(c[1] - '1') : n_pieces;
        if (piece < n_pieces) {
            wmem_strbuf_append(name, pieces[piece]);
            c++;
        } else {
            wmem_strbuf_append_c(name, *c);
        }
    }
    return wmem_strbuf_get_str(name);
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
 * current pass (stats_tree * -> "host|port/transport|service|state" in no
 * language -> frame), so that later packets tick the node that names that
 * frame. Wireshark calls a tree's init callback before each pass (also on
 * each retap and in stats_tree_reinit()) and its cleanup callback only from
 * stats_tree_free(); tshark never frees its trees, so the shutdown routine
 * drops what is left. */
static GHashTable *first_frames;

static void forget_tree(stats_tree *st)
{
    if (first_frames)
        g_hash_table_remove(first_frames, st);
}

static guint32 first_frame(stats_tree *st, packet_info *pinfo, const char *host,
                           const stats_header_t *header)
{
    char *key = wmem_strdup_printf(
        pinfo->pool, "%s|%u/%d|%s|%d", host, header->server_port, (int)header->transport,
        header->server_service ? header->server_service : "", (int)header->port_state);

    if (!first_frames)
        first_frames =
            g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_hash_table_destroy);
    GHashTable *frames = g_hash_table_lookup(first_frames, st);
    if (!frames) {
        frames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(first_frames, st, frames);
    }
    if (!g_hash_table_contains(frames, key))
        g_hash_table_insert(frames, g_strdup(key), GUINT_TO_POINTER(pinfo->num));
    return GPOINTER_TO_UINT(g_hash_table_lookup(frames, key));
}

/* The nodes one packet has counted in: at most 9 per header, and the top
 * nodes. */
typedef struct {
    stats_tree *st;
    portclass_language_t language; /* when the packet is counted */
    const tree_words_t *words;     /* of that language */
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
static int count_in_branch(packet_counts_t *counts, int top, const char *name,
                           gboolean with_children, gint amount)
{
    int top_id = count_once(counts, 0, counts->words->tops[top], TRUE, amount);
    return count_once(counts, top_id, name, with_children, amount);
}

/* Counts one header of the packet in every branch it falls in. */
static void count_header(packet_counts_t *counts, packet_info *pinfo, const stats_header_t *header)
{
    const tree_words_t *words = counts->words;
    const char *service = header->server_service; /* NULL when none */
    const char *service_name = service ? service : words->no_service;
    const char *class_name = portclass_text_class_word(header->server_class, counts->language);
    const char *host = header->server_host ? header->server_host : words->unknown_host;
    const char *port = wmem_strdup_printf(pinfo->pool, "%u/%s", header->server_port,
                                          portclass_transport_filter_name(header->transport));
    gint bytes = (gint)pinfo->fd->pkt_len;

    int class_node = count_in_branch(counts, TOP_CLASS_PACKETS, class_name, TRUE, 1);
    count_once(counts, class_node, service_name, FALSE, 1);
    class_node = count_in_branch(counts, TOP_CLASS_BYTES, class_name, TRUE, bytes);
    count_once(counts, class_node, service_name, FALSE, bytes);
    count_in_branch(counts, TOP_DIRECTION,
                    header->client_to_server ? words->to_server : words->to_client, FALSE, 1);
    count_in_branch(counts, TOP_SERVICES, service_name, FALSE, 1);
    if (header->port_state != PORTCLASS_PORT_STATE_NONE) {
        /* "192.0.2.1 port 23/tcp (Telnet): closed, first in frame 7". */
        const char *pieces[] = {
            host,
            port,
            service ? wmem_strdup_printf(pinfo->pool, " (%s)", service) : "",
            header->port_state == PORTCLASS_PORT_STATE_OPEN ? words->open : words->closed,
            wmem_strdup_printf(pinfo->pool, "%u", first_frame(counts->st, pinfo, host, header)),
        };
        count_in_branch(counts, TOP_PORT_STATES,
                        fill_in(pinfo, words->port_state, pieces, G_N_ELEMENTS(pieces)), FALSE, 1);
    }
    if (header->port_state == PORTCLASS_PORT_STATE_OPEN) {
        /* Under the server's host: "23/tcp Telnet (well-known, cleartext)",
         * "54400/udp (dynamic)". */
        int host_node = count_in_branch(counts, TOP_OPEN_PORTS, host, TRUE, 1);
        count_once(counts, host_node,
                   wmem_strdup_printf(pinfo->pool, "%s%s%s (%s%s%s)", port, service ? " " : "",
                                      service ? service : "", class_name,
                                      header->server_cleartext ? words->separator : "",
                                      header->server_cleartext ? words->cleartext : ""),
                   FALSE, 1);
    }
    if (header->nonstandard_protocol) {
        /* "SSH on port 2222/tcp of 192.0.2.1": not once per packet but once
         * per conversation, which the header says. */
        const char *pieces[] = {header->nonstandard_protocol, port, host};
        tick_stat_node(counts->st, fill_in(pinfo, words->nonstandard, pieces, G_N_ELEMENTS(pieces)),
                       tick_stat_node(counts->st, words->tops[TOP_NONSTANDARD], 0, TRUE), FALSE);
    }
}

static const tree_words_t *current_words(void)
{
    return &tree_words[settings_current()->language];
}

/* Makes the top nodes, in their order and the current language; the tree
 * starts a new pass. */
static void stats_init(stats_tree *st)
{
    const tree_words_t *words = current_words();

    for (gsize i = 0; i < N_TOPS; i++)
        stats_tree_create_node(st, words->tops[i], 0, STAT_DT_INT, TRUE);
    forget_tree(st);
}

static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data PORTCLASS_TAP_FLAGS)
{
    const stats_packet_t *packet = data;
    portclass_language_t language = settings_current()->language;
    packet_counts_t counts = {.st = st, .language = language, .words = &tree_words[language]};

    for (guint i = 0; i < packet->n_headers; i++)
        count_header(&counts, pinfo, &packet->headers[i]);
    return TAP_PACKET_REDRAW;
}

static void stats_shutdown(void)
{
    g_clear_pointer(&first_frames, g_hash_table_destroy);
}

void stats_register_tap(void)
{
    portclass_tap = register_tap("portclass");
    register_shutdown_routine(stats_shutdown);
}

void stats_register_tree(void)
{
    /* The dissector finds every header without a tree. The title is
     * registered once at start-up, before preferences are read: it follows
     * the language setting's default, Wireshark's own language (or the
     * system's), whatever the setting says later. */
    stats_tree_register_plugin("portclass", "portclass", current_words()->title,
                               TL_REQUIRES_NOTHING, stats_packet, stats_init, forget_tree);
}
