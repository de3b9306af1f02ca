/* test-conversation.c - unit tests of the conversation records
 * (include/portclass/conversation.h): what the first pass keeps, and the
 * answers read from it in any order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "portclass/conversation.h"

/* A client 192.0.2.1 and a server 198.51.100.2 (IPv4), as one packet's
 * source and destination. */
static const guint8 client_then_server[8] = {192, 0, 2, 1, 198, 51, 100, 2};
static const guint8 server_then_client[8] = {198, 51, 100, 2, 192, 0, 2, 1};

static portclass_endpoints_t from_client(portclass_transport_t transport, guint16 client_port,
                                         guint16 server_port)
{
    return (portclass_endpoints_t){transport, 4, client_then_server, {client_port, server_port}};
}

static portclass_endpoints_t from_server(portclass_transport_t transport, guint16 client_port,
                                         guint16 server_port)
{
    return (portclass_endpoints_t){transport, 4, server_then_client, {server_port, client_port}};
}

static portclass_observation_t tcp_packet(guint32 frame, guint8 flags)
{
    return (portclass_observation_t){.frame = frame, .flags_known = TRUE, .tcp_flags = flags};
}

/* Adds a packet in the first pass, as the glue does. */
static void add(portclass_conversations_t *table, const portclass_endpoints_t *endpoints,
                const portclass_observation_t *packet)
{
    portclass_conversations_begin_packet(table, packet->frame);
    portclass_conversations_add(table, endpoints, packet, NULL, NULL);
}

/* The roles decided as the glue does, with services on the given ports. */
static portclass_header_answer_t roles_of(portclass_conversations_t *table,
                                          const portclass_endpoints_t *endpoints, guint32 frame,
                                          guint16 port_with_service)
{
    const portclass_conversation_t *record = portclass_conversations_find(table, endpoints, frame);
    g_assert_nonnull(record);
    portclass_first_packet_t first = portclass_conversation_first_packet(record);
    for (guint side = 0; side < 2; side++)
        first.has_service[side] = first.ports[side] == port_with_service;
    portclass_server_choice_t choice = portclass_choose_server(&first);
    return portclass_conversation_answer(record, &choice, endpoints, frame);
}

static void test_handshake(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50100, 443);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50100, 443);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t synack = tcp_packet(2, PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK);
    portclass_observation_t ack = tcp_packet(3, PORTCLASS_TCP_ACK);

    add(table, &c2s, &syn);
    add(table, &s2c, &synack);
    add(table, &c2s, &ack);

    /* Read in any order: the same answers. */
    guint32 order[] = {3, 1, 2, 3, 2, 1};
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
        guint32 frame = order[i];
        const portclass_endpoints_t *endpoints = frame == 2 ? &s2c : &c2s;
        portclass_header_answer_t roles = roles_of(table, endpoints, frame, 443);
        g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_SYN);
        g_assert_cmpint(roles.server, ==, frame == 2 ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION);
        g_assert_cmpint(roles.port_state, ==,
                        frame == 2 ? PORTCLASS_PORT_STATE_OPEN : PORTCLASS_PORT_STATE_NONE);
        g_assert_cmpint(roles.conversation_start, ==, frame == 1);
    }
    g_assert_true(portclass_conversations_find(table, &s2c, 3) ==
                  portclass_conversations_find(table, &c2s, 1));
    portclass_conversations_free(table);
}

static void test_closed_port(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50200, 23);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50200, 23);
    portclass_observation_t syn = tcp_packet(7, PORTCLASS_TCP_SYN);
    portclass_observation_t rst = tcp_packet(9, PORTCLASS_TCP_RST | PORTCLASS_TCP_ACK);
    portclass_observation_t rst_again = tcp_packet(11, PORTCLASS_TCP_RST);

    add(table, &c2s, &syn);
    add(table, &s2c, &rst);
    add(table, &s2c, &rst_again);
    g_assert_cmpint(roles_of(table, &s2c, 9, 23).port_state, ==, PORTCLASS_PORT_STATE_CLOSED);
    /* Only the first proof is the proof. */
    g_assert_cmpint(roles_of(table, &s2c, 11, 23).port_state, ==, PORTCLASS_PORT_STATE_NONE);
    portclass_conversations_free(table);
}

static void test_midstream_by_port(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    /* The first packet seen comes from the server: the port with a service
     * tells which side serves. */
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50101, 22);
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50101, 22);
    portclass_observation_t first = tcp_packet(6, PORTCLASS_TCP_ACK);
    portclass_observation_t second = tcp_packet(7, PORTCLASS_TCP_ACK);

    add(table, &s2c, &first);
    add(table, &c2s, &second);
    portclass_header_answer_t roles = roles_of(table, &c2s, 7, 22);
    g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_PORT);
    g_assert_cmpint(roles.server, ==, PORTCLASS_DESTINATION);
    roles = roles_of(table, &s2c, 6, 22);
    g_assert_cmpint(roles.server, ==, PORTCLASS_SOURCE);
    g_assert_true(roles.conversation_start);

    /* Two unassigned ports of one class: the first packet's sender is the
     * client. */
    portclass_endpoints_t peer = from_client(PORTCLASS_TCP, 50103, 50104);
    portclass_observation_t third = tcp_packet(11, PORTCLASS_TCP_ACK);
    add(table, &peer, &third);
    roles = roles_of(table, &peer, 11, 0);
    g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_FIRST_PACKET);
    g_assert_cmpint(roles.server, ==, PORTCLASS_DESTINATION);
    portclass_conversations_free(table);
}

static void test_udp_reply_opens(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t request = from_client(PORTCLASS_UDP, 50900, 53);
    portclass_endpoints_t reply = from_server(PORTCLASS_UDP, 50900, 53);
    portclass_observation_t frames[] = {{.frame = 1}, {.frame = 2}, {.frame = 3}, {.frame = 4}};

    add(table, &request, &frames[0]);
    add(table, &reply, &frames[1]);
    add(table, &request, &frames[2]);
    add(table, &reply, &frames[3]);
    g_assert_cmpint(roles_of(table, &reply, 2, 53).port_state, ==, PORTCLASS_PORT_STATE_OPEN);
    g_assert_cmpint(roles_of(table, &reply, 4, 53).port_state, ==, PORTCLASS_PORT_STATE_NONE);
    /* Had the first packet's destination been the client, the first reply
     * would have come from frame 1's sender. */
    g_assert_cmpint(roles_of(table, &request, 1, 50900).port_state, ==, PORTCLASS_PORT_STATE_OPEN);
    portclass_conversations_free(table);
}

static void test_keys(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    static const guint8 v6[32] = {0x20,        0x01,        0x0d,        0xb8,        [15] = 1,
                                  [16] = 0x20, [17] = 0x01, [18] = 0x0d, [19] = 0xb8, [31] = 2};
    portclass_endpoints_t tcp = from_client(PORTCLASS_TCP, 50000, 80);
    portclass_endpoints_t udp = from_client(PORTCLASS_UDP, 50000, 80);
    portclass_endpoints_t other_port = from_client(PORTCLASS_TCP, 50001, 80);
    portclass_endpoints_t ipv6 = {PORTCLASS_TCP, 16, v6, {50000, 80}};
    portclass_observation_t packet = tcp_packet(1, PORTCLASS_TCP_SYN);

    add(table, &tcp, &packet);
    g_assert_nonnull(portclass_conversations_find(table, &tcp, 1));
    g_assert_null(portclass_conversations_find(table, &udp, 1));
    g_assert_null(portclass_conversations_find(table, &other_port, 1));
    g_assert_null(portclass_conversations_find(table, &ipv6, 1));
    /* Nothing before the record's first frame. */
    g_assert_null(portclass_conversations_find(table, &tcp, 0));

    /* Many conversations: the table grows and finds each. */
    for (guint32 i = 0; i < 5000; i++) {
        portclass_endpoints_t endpoints = from_client(PORTCLASS_UDP, (guint16)(1024 + i), 53);
        portclass_observation_t query = {.frame = 10 + i};
        add(table, &endpoints, &query);
    }
    for (guint32 i = 0; i < 5000; i++) {
        portclass_endpoints_t endpoints = from_server(PORTCLASS_UDP, (guint16)(1024 + i), 53);
        g_assert_nonnull(portclass_conversations_find(table, &endpoints, 100000));
        g_assert_true(roles_of(table, &endpoints, 10 + i, 53).conversation_start);
    }
    add(table, &ipv6, &packet);
    g_assert_nonnull(portclass_conversations_find(table, &ipv6, 1));
    portclass_conversations_free(table);
}

static gboolean reused_after(guint32 first_frame, gpointer data)
{
    return first_frame < GPOINTER_TO_UINT(data);
}

static void test_ports_reused(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 40000, 80);
    portclass_observation_t syn1 = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t data = tcp_packet(2, PORTCLASS_TCP_ACK);
    portclass_observation_t syn_again = tcp_packet(3, PORTCLASS_TCP_SYN);
    portclass_observation_t syn2 = tcp_packet(10, PORTCLASS_TCP_SYN);

    add(table, &c2s, &syn1);
    add(table, &c2s, &data);
    /* A SYN the TCP dissector takes for a retransmission: same record. */
    portclass_conversations_begin_packet(table, 3);
    portclass_conversations_add(table, &c2s, &syn_again, reused_after, GUINT_TO_POINTER(0));
    /* A SYN that starts a new connection on the same ports. */
    portclass_conversations_begin_packet(table, 10);
    portclass_conversations_add(table, &c2s, &syn2, reused_after, GUINT_TO_POINTER(10));

    const portclass_conversation_t *first = portclass_conversations_find(table, &c2s, 1);
    g_assert_true(portclass_conversations_find(table, &c2s, 3) == first);
    g_assert_true(portclass_conversations_find(table, &c2s, 9) == first);
    g_assert_false(portclass_conversations_find(table, &c2s, 10) == first);
    g_assert_true(roles_of(table, &c2s, 10, 80).conversation_start);
    portclass_conversations_free(table);
}

static void test_take_back(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50300, 25);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50300, 25);
    portclass_endpoints_t other = from_client(PORTCLASS_TCP, 50301, 25);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t dropped_synack = tcp_packet(2, PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK);
    portclass_observation_t kept = tcp_packet(2, PORTCLASS_TCP_ACK);

    add(table, &c2s, &syn);
    /* Frame 2 is dropped (tshark -2 -R) and the next packet is frame 2
     * again: the dropped one's proof of an open port and the record it
     * started are taken back. */
    portclass_conversations_begin_packet(table, 2);
    portclass_conversations_add(table, &s2c, &dropped_synack, NULL, NULL);
    portclass_conversations_add(table, &other, &dropped_synack, NULL, NULL);
    add(table, &c2s, &kept);
    g_assert_cmpint(roles_of(table, &c2s, 2, 25).port_state, ==, PORTCLASS_PORT_STATE_NONE);
    g_assert_null(portclass_conversations_find(table, &other, 2));
    /* A record whose endpoints come again later starts anew. */
    portclass_observation_t later = tcp_packet(5, PORTCLASS_TCP_SYN);
    add(table, &other, &later);
    g_assert_null(portclass_conversations_find(table, &other, 4));
    g_assert_true(roles_of(table, &other, 5, 25).conversation_start);
    portclass_conversations_free(table);
}

static const guint16 http_ports[][2] = {{80, 80}, {0, 0}};
static const guint16 none[][2] = {{0, 0}};
static const portclass_app_protocol_t http = {
    .protocol = "http", .name = "HTTP", .ports = {http_ports, none}};

static void test_first_nonstandard(void)
{
    portclass_conversations_t *table = portclass_conversations_new();
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50400, 4444);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50400, 4444);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t get = {2, TRUE, PORTCLASS_TCP_ACK, &http};
    portclass_observation_t reply = {3, TRUE, PORTCLASS_TCP_ACK, &http};

    add(table, &c2s, &syn);
    add(table, &c2s, &get);
    add(table, &s2c, &reply);
    portclass_header_answer_t roles = roles_of(table, &c2s, 2, 0);
    g_assert_true(roles.first_nonstandard);
    g_assert_true(roles.nonstandard_app == &http);
    g_assert_false(roles_of(table, &s2c, 3, 0).first_nonstandard);

    /* HTTP on its own port is never non-standard. */
    portclass_endpoints_t web = from_client(PORTCLASS_TCP, 50401, 80);
    portclass_observation_t web_get = {5, TRUE, PORTCLASS_TCP_ACK, &http};
    add(table, &web, &web_get);
    g_assert_false(roles_of(table, &web, 5, 80).first_nonstandard);
    portclass_conversations_free(table);
}

static void test_port_state_names(void)
{
    g_assert_cmpstr(portclass_port_state_name(PORTCLASS_PORT_STATE_OPEN), ==, "open");
    g_assert_cmpstr(portclass_port_state_name(PORTCLASS_PORT_STATE_CLOSED), ==, "closed");
    g_assert_null(portclass_port_state_name(PORTCLASS_PORT_STATE_NONE));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/conversation/handshake", test_handshake);
    g_test_add_func("/conversation/closed-port", test_closed_port);
    g_test_add_func("/conversation/midstream-by-port", test_midstream_by_port);
    g_test_add_func("/conversation/udp-reply-opens", test_udp_reply_opens);
    g_test_add_func("/conversation/keys", test_keys);
    g_test_add_func("/conversation/ports-reused", test_ports_reused);
    g_test_add_func("/conversation/take-back", test_take_back);
    g_test_add_func("/conversation/first-nonstandard", test_first_nonstandard);
    g_test_add_func("/conversation/port-state-names", test_port_state_names);
    return g_test_run();
}
