/* test-roles.c - unit tests of the role decision and the application
 * protocol table (include/portclass/roles.h).
 *
 * The table itself (app_protocols) is static in core/roles.c, which is
 * compiled into this test so that its properties can be checked over every
 * row, whatever rows it holds: the test keeps no copy of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "core/roles.c" /* NOLINT(bugprone-suspicious-include) */
#include "portclass/roles.h"

static void test_ephemeral_ranges(void)
{
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(32767)), ==, "none");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(32768)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(40000)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(49151)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(49152)), ==, "iana,linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(60999)), ==, "iana,linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(61000)), ==, "iana");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(65535)), ==, "iana");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(0)), ==, "none");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(443)), ==, "none");
}

/* The server by the ports alone, as portclass_choose_server() finds it
 * when the first packet's flags say nothing: 0 (the first packet's source)
 * or 1 when the ports tell, -1 when they do not. */
static int port_decision(guint16 a, gboolean a_known, guint16 b, gboolean b_known)
{
    portclass_first_packet_t first = {
        .transport = PORTCLASS_UDP, .ports = {a, b}, .has_service = {a_known, b_known}};
    portclass_server_choice_t choice = portclass_choose_server(&first);

    if (choice.evidence != PORTCLASS_EVIDENCE_PORT)
        return -1;
    return choice.server == PORTCLASS_SOURCE ? 0 : 1;
}

static void test_server_by_port(void)
{
    /* A known service beats none, whatever the classes. */
    g_assert_cmpint(port_decision(50000, FALSE, 3306, TRUE), ==, 1);
    g_assert_cmpint(port_decision(40000, TRUE, 1000, FALSE), ==, 0);
    /* Else the lower class. */
    g_assert_cmpint(port_decision(1000, FALSE, 50000, FALSE), ==, 0);
    g_assert_cmpint(port_decision(50000, FALSE, 0, FALSE), ==, 1);
    /* Two services in one class: the lower port. */
    g_assert_cmpint(port_decision(40000, TRUE, 8080, TRUE), ==, 1);
    g_assert_cmpint(port_decision(22, TRUE, 80, TRUE), ==, 0);
    /* Nothing to go on. */
    g_assert_cmpint(port_decision(50103, FALSE, 50104, FALSE), ==, -1);
    g_assert_cmpint(port_decision(123, TRUE, 123, TRUE), ==, -1);
}

/* One first packet and the decision it must give. */
typedef struct {
    const char *why;
    portclass_first_packet_t packet;
    guint server_side;
    portclass_evidence_t evidence;
} roles_case_t;

static void test_decide_roles(void)
{
    static const roles_case_t cases[] = {
        {"the SYN's sender is the client, even from a well-known port (active FTP data)",
         {PORTCLASS_TCP, TRUE, TRUE, FALSE, {20, 50005}, {TRUE, FALSE}},
         1,
         PORTCLASS_EVIDENCE_SYN},
        {"the SYN-ACK's sender is the server",
         {PORTCLASS_TCP, TRUE, TRUE, TRUE, {25, 50102}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_SYN_ACK},
        {"mid-stream: the ports decide",
         {PORTCLASS_TCP, TRUE, FALSE, TRUE, {22, 50101}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_PORT},
        {"flags not captured: no SYN can be seen",
         {PORTCLASS_TCP, FALSE, TRUE, FALSE, {50000, 8080}, {FALSE, TRUE}},
         1,
         PORTCLASS_EVIDENCE_PORT},
        {"UDP has no flags",
         {PORTCLASS_UDP, TRUE, TRUE, FALSE, {53, 50110}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_PORT},
        {"nothing else: the first packet's sender is the client",
         {PORTCLASS_UDP, FALSE, FALSE, FALSE, {50112, 50113}, {FALSE, FALSE}},
         1,
         PORTCLASS_EVIDENCE_FIRST_PACKET},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        portclass_server_choice_t roles = portclass_choose_server(&cases[i].packet);
        g_test_message("%s", cases[i].why);
        g_assert_cmpuint(roles.server, ==, cases[i].server_side);
        g_assert_cmpint(roles.evidence, ==, cases[i].evidence);
    }

    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_SYN), ==, "syn");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_SYN_ACK), ==, "syn-ack");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_PORT), ==, "port");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_FIRST_PACKET), ==, "first-packet");
}

/* Checks that a (low, high) list is well formed: pairs of ports 1-65535
 * with low <= high, ended by a (0, 0) pair; returns the number of pairs. */
static gsize assert_port_list(const char *protocol, const guint16 (*list)[2])
{
    gsize pairs = 0;
    for (const guint16(*range)[2] = list; (*range)[1] != 0; range++) {
        g_test_message("%s: ports %u-%u", protocol, (*range)[0], (*range)[1]);
        g_assert_cmpuint((*range)[0], >=, 1);
        g_assert_cmpuint((*range)[0], <=, (*range)[1]);
        pairs++;
    }
    return pairs;
}

static void test_app_protocol_table(void)
{
    g_assert_cmpuint(G_N_ELEMENTS(app_protocols), >, 0);
    for (gsize i = 0; i < G_N_ELEMENTS(app_protocols); i++) {
        const portclass_app_protocol_t *row = &app_protocols[i];
        g_test_message("row %" G_GSIZE_FORMAT ": %s", i, row->protocol);
        /* Sorted, without repeats: bsearch() finds every row, itself. */
        if (i > 0)
            g_assert_cmpint(strcmp(app_protocols[i - 1].protocol, row->protocol), <, 0);
        g_assert_true(portclass_app_protocol_lookup(row->protocol) == row);
        /* A Wireshark filter name, and a name for people. */
        g_assert_cmpuint(strlen(row->protocol), >, 0);
        for (const char *c = row->protocol; *c; c++)
            g_assert_true(g_ascii_islower(*c) || g_ascii_isdigit(*c) || *c == '-' || *c == '_' ||
                          *c == '.');
        g_assert_nonnull(row->name);
        g_assert_cmpuint(strlen(row->name), >, 0);
        /* Its ports: a well-formed list of some port on TCP or UDP; no
         * list at all only for a protocol that uses any port, which is
         * then standard on every port. */
        if (row->ports) {
            g_assert_cmpuint(assert_port_list(row->protocol, row->ports), >, 0);
            g_assert_cmpuint(row->transports, !=, 0);
            g_assert_cmpuint(row->transports & ~(PORTCLASS_MASK_TCP | PORTCLASS_MASK_UDP), ==, 0);
        } else {
            g_assert_true(portclass_app_protocol_any_port(row));
            g_assert_cmpuint(row->transports, ==, 0);
            g_assert_null(row->upgrade_ports);
            g_assert_false(portclass_app_protocol_nonstandard(row, PORTCLASS_TCP, 54400));
            g_assert_false(portclass_app_protocol_nonstandard(row, PORTCLASS_UDP, 1));
        }
        /* Upgrades happen on a TCP connection to another service. */
        if (row->upgrade_ports) {
            g_assert_true(row->transports & PORTCLASS_MASK_TCP);
            g_assert_cmpuint(assert_port_list(row->protocol, row->upgrade_ports), >, 0);
        }
    }
    /* No protocol decoded: nothing to call non-standard. */
    g_assert_false(portclass_app_protocol_nonstandard(NULL, PORTCLASS_TCP, 1));
}

static void test_app_protocols(void)
{
    g_assert_null(portclass_app_protocol_lookup("data"));
    g_assert_null(portclass_app_protocol_lookup(NULL));

    const portclass_app_protocol_t *ssh = portclass_app_protocol_lookup("ssh");
    g_assert_cmpstr(ssh->name, ==, "SSH");
    g_assert_false(portclass_app_protocol_nonstandard(ssh, PORTCLASS_TCP, 22));
    g_assert_true(portclass_app_protocol_nonstandard(ssh, PORTCLASS_TCP, 2222));
    g_assert_true(portclass_app_protocol_nonstandard(ssh, PORTCLASS_UDP, 22));

    const portclass_app_protocol_t *http = portclass_app_protocol_lookup("http");
    g_assert_false(portclass_app_protocol_nonstandard(http, PORTCLASS_TCP, 8080));
    g_assert_true(portclass_app_protocol_nonstandard(http, PORTCLASS_TCP, 4444));

    const portclass_app_protocol_t *tls = portclass_app_protocol_lookup("tls");
    g_assert_false(portclass_app_protocol_nonstandard(tls, PORTCLASS_TCP, 993));
    g_assert_false(portclass_app_protocol_nonstandard(tls, PORTCLASS_TCP, 990));
    g_assert_true(portclass_app_protocol_nonstandard(tls, PORTCLASS_TCP, 4443));

    const portclass_app_protocol_t *dns = portclass_app_protocol_lookup("dns");
    g_assert_false(portclass_app_protocol_nonstandard(dns, PORTCLASS_UDP, 53));
    g_assert_true(portclass_app_protocol_nonstandard(dns, PORTCLASS_UDP, 8053));

    const portclass_app_protocol_t *ftp_data = portclass_app_protocol_lookup("ftp-data");
    g_assert_true(portclass_app_protocol_any_port(ftp_data));
    g_assert_false(portclass_app_protocol_nonstandard(ftp_data, PORTCLASS_TCP, 50000));
    g_assert_false(portclass_app_protocol_any_port(ssh));
}

/* One expected answer: whether the port is standard for the protocol. */
typedef struct {
    const char *protocol;
    portclass_transport_t transport;
    guint16 port;
    gboolean standard;
    const char *why;
} standard_port_case_t;

static void check_standard_ports(const standard_port_case_t *cases, gsize n_cases)
{
    for (gsize i = 0; i < n_cases; i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(cases[i].protocol);
        g_test_message("%s on %u/%s: %s", cases[i].protocol, cases[i].port,
                       cases[i].transport == PORTCLASS_TCP ? "tcp" : "udp", cases[i].why);
        g_assert_nonnull(app);
        g_assert_cmpint(!portclass_app_protocol_nonstandard(app, cases[i].transport, cases[i].port),
                        ==, cases[i].standard);
    }
}

static void test_tls_upgrades(void)
{
    static const standard_port_case_t cases[] = {
        {"tls", PORTCLASS_TCP, 25, TRUE, "SMTP STARTTLS"},
        {"tls", PORTCLASS_TCP, 587, TRUE, "submission STARTTLS"},
        {"tls", PORTCLASS_TCP, 21, TRUE, "FTP AUTH TLS"},
        {"tls", PORTCLASS_TCP, 23, TRUE, "Telnet START_TLS"},
        {"tls", PORTCLASS_TCP, 110, TRUE, "POP3 STLS"},
        {"tls", PORTCLASS_TCP, 119, TRUE, "NNTP STARTTLS"},
        {"tls", PORTCLASS_TCP, 143, TRUE, "IMAP STARTTLS"},
        {"tls", PORTCLASS_TCP, 389, TRUE, "LDAP StartTLS"},
        {"tls", PORTCLASS_TCP, 3268, TRUE, "LDAP StartTLS, global catalog"},
        {"tls", PORTCLASS_TCP, 3306, TRUE, "MySQL SSL request"},
        {"tls", PORTCLASS_TCP, 3389, TRUE, "RDP after the X.224 negotiation"},
        {"tls", PORTCLASS_TCP, 4190, TRUE, "ManageSieve STARTTLS"},
        {"tls", PORTCLASS_TCP, 4556, TRUE, "DTN TCPCL"},
        {"tls", PORTCLASS_TCP, 5222, TRUE, "XMPP client STARTTLS"},
        {"tls", PORTCLASS_TCP, 5269, TRUE, "XMPP server STARTTLS"},
        {"tls", PORTCLASS_TCP, 5432, TRUE, "PostgreSQL SSLRequest"},
        {"tls", PORTCLASS_TCP, 44321, TRUE, "PCP secure sockets"},
        {"tls", PORTCLASS_UDP, 25, FALSE, "an upgrade happens on a TCP connection"},
        {"tls", PORTCLASS_TCP, 80, FALSE, "HTTP's Upgrade to TLS is not deployed"},
        {"tls", PORTCLASS_TCP, 2525, FALSE, "an SMTP alternate, not SMTP's port"},
        {"tls", PORTCLASS_TCP, 4433, FALSE, "a test server's port"},
        {"tls", PORTCLASS_TCP, 9131, FALSE, "an application's own port"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));

    /* Every clear-text protocol in the table that Wireshark follows into
     * TLS on the same connection: TLS is standard on all its TCP ports. */
    static const char *const upgrading[] = {"ftp",   "imap", "ldap", "mysql",  "nntp",
                                            "pgsql", "pop",  "smtp", "telnet", "xmpp"};
    const portclass_app_protocol_t *tls = portclass_app_protocol_lookup("tls");
    for (gsize i = 0; i < G_N_ELEMENTS(upgrading); i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(upgrading[i]);
        g_assert_nonnull(app);
        g_assert_null(app->upgrade_ports);
        g_assert_true(app->transports & PORTCLASS_MASK_TCP);
        for (const guint16(*range)[2] = app->ports; (*range)[1] != 0; range++) {
            g_test_message("%s: TLS on %u-%u", upgrading[i], (*range)[0], (*range)[1]);
            g_assert_false(portclass_app_protocol_nonstandard(tls, PORTCLASS_TCP, (*range)[0]));
            g_assert_false(portclass_app_protocol_nonstandard(tls, PORTCLASS_TCP, (*range)[1]));
        }
    }
}

static void test_framing_layers(void)
{
    static const standard_port_case_t cases[] = {
        {"nbss", PORTCLASS_TCP, 139, TRUE, "after a NetBIOS session request"},
        {"nbss", PORTCLASS_TCP, 445, TRUE, "SMB directly over TCP is framed by NBSS"},
        {"nbss", PORTCLASS_TCP, 4450, FALSE, "not an SMB port"},
        {"nbss", PORTCLASS_UDP, 445, FALSE, "NBSS is a TCP framing"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));
    /* Never right above TCP or UDP in Wireshark, so never looked up. */
    g_assert_null(portclass_app_protocol_lookup("smb"));
    g_assert_null(portclass_app_protocol_lookup("smb2"));
    g_assert_null(portclass_app_protocol_lookup("rdp"));
    g_assert_null(portclass_app_protocol_lookup("srtp"));
}

static void test_negotiated_ports(void)
{
    static const char *const any_port[] = {"ftp-data", "rtcp", "rtp",    "stun",
                                           "t38",      "tds",  "teredo", "tftp"};
    for (gsize i = 0; i < G_N_ELEMENTS(any_port); i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(any_port[i]);
        g_test_message("%s uses any port", any_port[i]);
        g_assert_nonnull(app);
        g_assert_true(portclass_app_protocol_any_port(app));
        g_assert_false(portclass_app_protocol_nonstandard(app, PORTCLASS_UDP, 54400));
        g_assert_false(portclass_app_protocol_nonstandard(app, PORTCLASS_TCP, 19302));
    }
    g_assert_false(portclass_app_protocol_any_port(portclass_app_protocol_lookup("quic")));
    g_assert_false(portclass_app_protocol_any_port(portclass_app_protocol_lookup("tls")));
}

static void test_deployed_ports(void)
{
    static const standard_port_case_t cases[] = {
        {"http", PORTCLASS_TCP, 631, TRUE, "IPP is HTTP"},
        {"http", PORTCLASS_TCP, 5985, TRUE, "WinRM is HTTP"},
        {"http", PORTCLASS_TCP, 9200, TRUE, "Elasticsearch's REST API"},
        {"http", PORTCLASS_TCP, 11371, TRUE, "HKP key servers"},
        {"http", PORTCLASS_TCP, 57226, FALSE, "a development server's random port"},
        {"tls", PORTCLASS_TCP, 443, TRUE, "HTTPS"},
        {"tls", PORTCLASS_TCP, 5349, TRUE, "STUN/TURN over TLS"},
        {"tls", PORTCLASS_TCP, 6443, TRUE, "Kubernetes API"},
        {"tls", PORTCLASS_TCP, 6514, TRUE, "syslog over TLS"},
        {"tls", PORTCLASS_TCP, 10162, TRUE, "SNMP traps over TLS"},
        {"quic", PORTCLASS_UDP, 443, TRUE, "HTTP/3"},
        {"quic", PORTCLASS_UDP, 853, TRUE, "DNS over QUIC"},
        {"quic", PORTCLASS_UDP, 4443, FALSE, "an alternate HTTP/3 port"},
        {"ssh", PORTCLASS_TCP, 830, TRUE, "NETCONF over SSH"},
        {"ssh", PORTCLASS_TCP, 29418, TRUE, "Gerrit"},
        {"vnc", PORTCLASS_TCP, 5999, TRUE, "display 99"},
        {"vnc", PORTCLASS_TCP, 5500, TRUE, "a listening viewer"},
        {"vnc", PORTCLASS_TCP, 6000, FALSE, "X11 display 0, not VNC"},
        {"dhcp", PORTCLASS_UDP, 4011, TRUE, "PXE boot server"},
        {"vxlan", PORTCLASS_UDP, 8472, TRUE, "Linux's default VXLAN port"},
        {"gtp", PORTCLASS_UDP, 3386, TRUE, "GTP version 0"},
        {"xmpp", PORTCLASS_TCP, 5269, TRUE, "server to server"},
        {"nntp", PORTCLASS_TCP, 119, TRUE, "NNTP"},
        {"dns", PORTCLASS_UDP, 65333, FALSE, "a resolver on a random port"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/roles/ephemeral-ranges", test_ephemeral_ranges);
    g_test_add_func("/roles/server-by-port", test_server_by_port);
    g_test_add_func("/roles/decide", test_decide_roles);
    g_test_add_func("/roles/app-protocol-table", test_app_protocol_table);
    g_test_add_func("/roles/app-protocols", test_app_protocols);
    g_test_add_func("/roles/tls-upgrades", test_tls_upgrades);
    g_test_add_func("/roles/framing-layers", test_framing_layers);
    g_test_add_func("/roles/negotiated-ports", test_negotiated_ports);
    g_test_add_func("/roles/deployed-ports", test_deployed_ports);

    return g_test_run();
}
