/* test-conversation.c - unit tests of the conversation records
 * (include/portclass/conversation.h): what the first pass keeps of a
 * conversation, and the answers read from it in any order.
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

/* Adds a packet in the first pass, as the glue does: one record per
 * conversation (Wireshark's conversations say which). */
static void add(portclass_record_t *record, const portclass_endpoints_t *endpoints,
                const portclass_observation_t *packet)
{
    portclass_record_add(record, endpoints, packet);
}

/* The roles with a service on the given port. */
static portclass_header_answer_t roles_of(portclass_record_t *record,
                                          const portclass_endpoints_t *endpoints, guint32 frame,
                                          guint16 port_with_service)
{
    gboolean has_service[2] = {endpoints->ports[0] == port_with_service,
                               endpoints->ports[1] == port_with_service};
    portclass_header_answer_t answer;

    g_assert_true(portclass_record_answer(record, endpoints, has_service, frame, &answer));
    return answer;
}

static void test_handshake(void)
{
    portclass_record_t record = {0};
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50100, 443);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50100, 443);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t synack = tcp_packet(2, PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK);
    portclass_observation_t ack = tcp_packet(3, PORTCLASS_TCP_ACK);

    add(&record, &c2s, &syn);
    add(&record, &s2c, &synack);
    add(&record, &c2s, &ack);

    /* Read in any order: the same answers. */
    guint32 order[] = {3, 1, 2, 3, 2, 1};
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
        guint32 frame = order[i];
        const portclass_endpoints_t *endpoints = frame == 2 ? &s2c : &c2s;
        portclass_header_answer_t roles = roles_of(&record, endpoints, frame, 443);
        g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_SYN);
        g_assert_cmpint(roles.server, ==, frame == 2 ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION);
        g_assert_cmpint(roles.port_state, ==,
                        frame == 2 ? PORTCLASS_PORT_STATE_OPEN : PORTCLASS_PORT_STATE_NONE);
        g_assert_cmpint(roles.conversation_start, ==, frame == 1);
    }
}

static void test_closed_port(void)
{
    portclass_record_t record = {0};
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50200, 23);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50200, 23);
    portclass_observation_t syn = tcp_packet(7, PORTCLASS_TCP_SYN);
    portclass_observation_t rst = tcp_packet(9, PORTCLASS_TCP_RST | PORTCLASS_TCP_ACK);
    portclass_observation_t rst_again = tcp_packet(11, PORTCLASS_TCP_RST);

    add(&record, &c2s, &syn);
    add(&record, &s2c, &rst);
    add(&record, &s2c, &rst_again);
    g_assert_cmpint(roles_of(&record, &s2c, 9, 23).port_state, ==, PORTCLASS_PORT_STATE_CLOSED);
    /* Only the first proof is the proof. */
    g_assert_cmpint(roles_of(&record, &s2c, 11, 23).port_state, ==, PORTCLASS_PORT_STATE_NONE);
}

static void test_midstream_by_port(void)
{
    portclass_record_t record = {0};
    /* The first packet seen comes from the server: the port with a service
     * tells which side serves. */
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50101, 22);
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50101, 22);
    portclass_observation_t first = tcp_packet(6, PORTCLASS_TCP_ACK);
    portclass_observation_t second = tcp_packet(7, PORTCLASS_TCP_ACK);

    add(&record, &s2c, &first);
    add(&record, &c2s, &second);
    portclass_header_answer_t roles = roles_of(&record, &c2s, 7, 22);
    g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_PORT);
    g_assert_cmpint(roles.server, ==, PORTCLASS_DESTINATION);
    roles = roles_of(&record, &s2c, 6, 22);
    g_assert_cmpint(roles.server, ==, PORTCLASS_SOURCE);
    g_assert_true(roles.conversation_start);

    /* Two unassigned ports of one class: the first packet's sender is the
     * client. */
    portclass_record_t peers = {0};
    portclass_endpoints_t peer = from_client(PORTCLASS_TCP, 50103, 50104);
    portclass_observation_t third = tcp_packet(11, PORTCLASS_TCP_ACK);
    add(&peers, &peer, &third);
    roles = roles_of(&peers, &peer, 11, 0);
    g_assert_cmpint(roles.evidence, ==, PORTCLASS_EVIDENCE_FIRST_PACKET);
    g_assert_cmpint(roles.server, ==, PORTCLASS_DESTINATION);
}

static void test_udp_reply_opens(void)
{
    portclass_record_t record = {0};
    portclass_endpoints_t request = from_client(PORTCLASS_UDP, 50900, 53);
    portclass_endpoints_t reply = from_server(PORTCLASS_UDP, 50900, 53);
    portclass_observation_t frames[] = {{.frame = 1}, {.frame = 2}, {.frame = 3}, {.frame = 4}};

    add(&record, &request, &frames[0]);
    add(&record, &reply, &frames[1]);
    add(&record, &request, &frames[2]);
    add(&record, &reply, &frames[3]);
    g_assert_cmpint(roles_of(&record, &reply, 2, 53).port_state, ==, PORTCLASS_PORT_STATE_OPEN);
    g_assert_cmpint(roles_of(&record, &reply, 4, 53).port_state, ==, PORTCLASS_PORT_STATE_NONE);
    /* Had the first packet's destination been the client, the first reply
     * would have come from frame 1's sender. */
    g_assert_cmpint(roles_of(&record, &request, 1, 50900).port_state, ==,
                    PORTCLASS_PORT_STATE_OPEN);
}

/* Equal ports (53 to 53): the address tells who sent a packet. */
static void test_equal_ports(void)
{
    portclass_record_t record = {0};
    portclass_endpoints_t query = from_client(PORTCLASS_UDP, 53, 53);
    portclass_endpoints_t reply = from_server(PORTCLASS_UDP, 53, 53);
    portclass_observation_t frames[] = {{.frame = 4}, {.frame = 5}};

    add(&record, &query, &frames[0]);
    add(&record, &reply, &frames[1]);
    portclass_header_answer_t roles = roles_of(&record, &reply, 5, 53);
    g_assert_cmpint(roles.server, ==, PORTCLASS_SOURCE);
    g_assert_cmpint(roles.port_state, ==, PORTCLASS_PORT_STATE_OPEN);
    roles = roles_of(&record, &query, 4, 53);
    g_assert_cmpint(roles.server, ==, PORTCLASS_DESTINATION);
    g_assert_true(roles.conversation_start);
}

/* IPv6 endpoints are kept as IPv4 ones are. */
static void test_ipv6(void)
{
    static const guint8 v6[32] = {0x20,        0x01,        0x0d,        0xb8,        [15] = 1,
                                  [16] = 0x20, [17] = 0x01, [18] = 0x0d, [19] = 0xb8, [31] = 2};
    static const guint8 v6_back[32] = {
        0x20,        0x01,        0x0d,        0xb8,        [15] = 2,
        [16] = 0x20, [17] = 0x01, [18] = 0x0d, [19] = 0xb8, [31] = 1};
    portclass_record_t record = {0};
    portclass_endpoints_t c2s = {PORTCLASS_UDP, 16, v6, {547, 547}};
    portclass_endpoints_t s2c = {PORTCLASS_UDP, 16, v6_back, {547, 547}};
    portclass_observation_t frames[] = {{.frame = 1}, {.frame = 2}};

    add(&record, &c2s, &frames[0]);
    add(&record, &s2c, &frames[1]);
    g_assert_cmpint(roles_of(&record, &s2c, 2, 547).server, ==, PORTCLASS_SOURCE);
    g_assert_cmpint(roles_of(&record, &c2s, 1, 547).server, ==, PORTCLASS_DESTINATION);
}

/* tshark -2 -R: a packet that the read filter drops gives its frame number
 * to the next, which takes back what the dropped packet added to the
 * records of its conversations. */
static void test_take_back(void)
{
    portclass_record_t record = {0}, other = {0};
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50300, 25);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50300, 25);
    portclass_endpoints_t other_c2s = from_client(PORTCLASS_TCP, 50301, 25);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t dropped_synack = tcp_packet(2, PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK);
    portclass_observation_t kept = tcp_packet(2, PORTCLASS_TCP_ACK);

    add(&record, &c2s, &syn);
    /* One packet, two headers (a tunnel). */
    add(&record, &s2c, &dropped_synack);
    add(&other, &other_c2s, &dropped_synack);
    portclass_record_take_back(&record, 2);
    portclass_record_take_back(&other, 2);
    add(&record, &c2s, &kept);
    g_assert_cmpint(roles_of(&record, &c2s, 2, 25).port_state, ==, PORTCLASS_PORT_STATE_NONE);
    /* A record that only the dropped packet started is empty again. */
    g_assert_false(other.now.started);
    portclass_observation_t later = tcp_packet(5, PORTCLASS_TCP_SYN);
    add(&other, &other_c2s, &later);
    g_assert_true(roles_of(&other, &other_c2s, 5, 25).conversation_start);
    /* A change kept is never taken back. */
    portclass_observation_t synack = tcp_packet(6, PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK);
    portclass_endpoints_t other_s2c = from_server(PORTCLASS_TCP, 50301, 25);
    add(&other, &other_s2c, &synack);
    portclass_record_take_back(&other, 5);
    g_assert_cmpint(roles_of(&other, &other_s2c, 6, 25).port_state, ==, PORTCLASS_PORT_STATE_OPEN);
}

static const guint16 http_ports[][2] = {{80, 80}, {0, 0}};
static const portclass_app_protocol_t http = {
    .protocol = "http", .name = "HTTP", .transports = PORTCLASS_MASK_TCP, .ports = http_ports};

static void test_first_nonstandard(void)
{
    portclass_record_t record = {0};
    portclass_endpoints_t c2s = from_client(PORTCLASS_TCP, 50400, 4444);
    portclass_endpoints_t s2c = from_server(PORTCLASS_TCP, 50400, 4444);
    portclass_observation_t syn = tcp_packet(1, PORTCLASS_TCP_SYN);
    portclass_observation_t get = {2, TRUE, PORTCLASS_TCP_ACK, &http};
    portclass_observation_t reply = {3, TRUE, PORTCLASS_TCP_ACK, &http};

    add(&record, &c2s, &syn);
    add(&record, &c2s, &get);
    add(&record, &s2c, &reply);
    portclass_header_answer_t roles = roles_of(&record, &c2s, 2, 0);
    g_assert_true(roles.first_nonstandard);
    g_assert_true(roles.nonstandard_app == &http);
    g_assert_false(roles_of(&record, &s2c, 3, 0).first_nonstandard);

    /* HTTP on its own port is never non-standard. */
    portclass_record_t web_record = {0};
    portclass_endpoints_t web = from_client(PORTCLASS_TCP, 50401, 80);
    portclass_observation_t web_get = {5, TRUE, PORTCLASS_TCP_ACK, &http};
    add(&web_record, &web, &web_get);
    g_assert_false(roles_of(&web_record, &web, 5, 80).first_nonstandard);
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
    g_test_add_func("/conversation/equal-ports", test_equal_ports);
    g_test_add_func("/conversation/ipv6", test_ipv6);
    g_test_add_func("/conversation/take-back", test_take_back);
    g_test_add_func("/conversation/first-nonstandard", test_first_nonstandard);
    g_test_add_func("/conversation/port-state-names", test_port_state_names);
    return g_test_run();
}
