/* roles.c - client and server roles, ephemeral-port defaults, and the
 * usual ports of application protocols. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass/class.h"
#include "portclass/roles.h"

/* ---- Ephemeral-port defaults -------------------------------------------- */

guint portclass_ephemeral_ranges(guint16 port)
{
    guint ranges = 0;

    if (port >= PORTCLASS_DYNAMIC_MIN)
        ranges |= PORTCLASS_EPHEMERAL_IANA;
    if (port >= PORTCLASS_LINUX_EPHEMERAL_MIN && port <= PORTCLASS_LINUX_EPHEMERAL_MAX)
        ranges |= PORTCLASS_EPHEMERAL_LINUX;
    return ranges;
}

const char *portclass_ephemeral_name(guint ranges)
{
    switch (ranges & (PORTCLASS_EPHEMERAL_IANA | PORTCLASS_EPHEMERAL_LINUX)) {
    case PORTCLASS_EPHEMERAL_IANA:
        return "iana";
    case PORTCLASS_EPHEMERAL_LINUX:
        return "linux";
    case PORTCLASS_EPHEMERAL_IANA | PORTCLASS_EPHEMERAL_LINUX:
        return "iana,linux";
    default:
        return "none";
    }
}

/* ---- Who is the server -------------------------------------------------- */

const char *portclass_evidence_name(portclass_evidence_t evidence)
{
    static const char *const names[PORTCLASS_N_EVIDENCES] = {"syn", "syn-ack", "port",
                                                             "first-packet"};
    return evidence < PORTCLASS_N_EVIDENCES ? names[evidence] : "unknown";
}

/* Which of two ports is the server's by the ports alone: 0 or 1, or -1
 * when they say nothing. */
static int server_by_port(const guint16 ports[2], const gboolean has_service[2])
{
    if (ports[0] == ports[1])
        return -1;
    if (has_service[0] != has_service[1])
        return has_service[0] ? 0 : 1;
    portclass_class_t cls0 = portclass_classify(ports[0]);
    portclass_class_t cls1 = portclass_classify(ports[1]);
    if (cls0 != cls1)
        return cls0 < cls1 ? 0 : 1;
    /* Two services in one class: the lower port, as Wireshark's port-based
     * dissection does. Two unassigned ports in one class say nothing. */
    if (has_service[0])
        return ports[0] < ports[1] ? 0 : 1;
    return -1;
}

portclass_server_choice_t portclass_choose_server(const portclass_first_packet_t *packet)
{
    /* Without better evidence the first packet's sender is the client. */
    portclass_server_choice_t choice = {PORTCLASS_DESTINATION, PORTCLASS_EVIDENCE_FIRST_PACKET};

    if (packet->transport == PORTCLASS_TCP && packet->flags_known && packet->syn) {
        choice.server = packet->ack ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
        choice.evidence = packet->ack ? PORTCLASS_EVIDENCE_SYN_ACK : PORTCLASS_EVIDENCE_SYN;
        return choice;
    }
    int by_port = server_by_port(packet->ports, packet->has_service);
    if (by_port >= 0) {
        choice.server = by_port == 0 ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
        choice.evidence = PORTCLASS_EVIDENCE_PORT;
    }
    return choice;
}

/* ---- Application protocols and their ports ------------------------------ */

/* Port lists, (low, high) pairs ended by (0, 0).
 *
 * A protocol is listed with the ports it is deployed on by design: its IANA
 * ports, the ports Wireshark itself registers it on, and the own ports of
 * services that are this protocol by definition (an HTTP API, a TLS-only
 * service). What Wireshark lists right above TCP or UDP is what counts: a
 * framing layer (NBSS for SMB) is listed, not the protocol it carries. */
static const guint16 ports_none[][2] = {{0, 0}};
/* 631 IPP, 1900 and 2869 UPnP over TCP, 2375 Docker API, 3000 Grafana,
 * 5601 Kibana, 5984 CouchDB, 5985 WinRM, 9090 Prometheus, 9200
 * Elasticsearch, 11371 HKP key servers: services whose protocol is HTTP. */
static const guint16 ports_http[][2] = {{80, 80},     {591, 591},     {631, 631},   {1900, 1900},
                                        {2375, 2375}, {2869, 2869},   {3000, 3000}, {3128, 3128},
                                        {5601, 5601}, {5984, 5985},   {8000, 8000}, {8008, 8008},
                                        {8080, 8080}, {8088, 8088},   {8888, 8888}, {9090, 9090},
                                        {9200, 9200}, {11371, 11371}, {0, 0}};
/* TLS from the first byte: the secure twins of clear-text services (993
 * IMAPS, ...) and services that only speak TLS: 802 Modbus/TCP Security,
 * 2083 RadSec, 2376 Docker API, 4460 NTS key exchange, 5223 Apple push and
 * legacy XMPP over TLS, 5349 STUN/TURN over TLS, 5671 AMQPS, 6443
 * Kubernetes API, 6514 syslog over TLS, 10161-10162 SNMP over TLS, 10250
 * kubelet. 4433, 4443 and 9443 stay out: test and alternate ports. */
static const guint16 ports_tls[][2] = {
    {261, 261},   {443, 443},     {448, 448},     {465, 465},   {563, 563},   {614, 614},
    {636, 636},   {802, 802},     {853, 853},     {989, 990},   {992, 995},   {2083, 2083},
    {2376, 2376}, {3269, 3269},   {4460, 4460},   {5061, 5061}, {5223, 5223}, {5349, 5349},
    {5671, 5671}, {5986, 5986},   {6443, 6443},   {6514, 6514}, {6697, 6697}, {8443, 8443},
    {8883, 8883}, {10161, 10162}, {10250, 10250}, {0, 0}};
/* Services that switch a clear-text connection to TLS on their own port;
 * Wireshark follows each of these switches and then shows tls right above
 * TCP, on the service's port. */
static const guint16 ports_tls_upgrade[][2] = {
    {21, 21},       /* FTP AUTH TLS (RFC 4217) */
    {23, 23},       /* Telnet START_TLS option */
    {25, 25},       /* SMTP STARTTLS (RFC 3207) */
    {110, 110},     /* POP3 STLS (RFC 2595) */
    {119, 119},     /* NNTP STARTTLS (RFC 4642) */
    {143, 143},     /* IMAP STARTTLS (RFC 3501) */
    {389, 389},     /* LDAP StartTLS (RFC 4511) */
    {587, 587},     /* submission STARTTLS (RFC 6409) */
    {3268, 3268},   /* LDAP StartTLS on the global catalog */
    {3306, 3306},   /* MySQL SSL request */
    {3389, 3389},   /* RDP: TLS after the X.224 negotiation */
    {4190, 4190},   /* ManageSieve STARTTLS (RFC 5804) */
    {4556, 4556},   /* DTN TCP convergence layer (RFC 9174) */
    {5222, 5222},   /* XMPP client STARTTLS (RFC 6120) */
    {5269, 5269},   /* XMPP server STARTTLS */
    {5432, 5432},   /* PostgreSQL SSLRequest */
    {44321, 44321}, /* Performance Co-Pilot secure sockets */
    {0, 0}};
/* 853: DNS over QUIC (RFC 9250). */
static const guint16 ports_quic[][2] = {{443, 443}, {853, 853}, {0, 0}};
/* 830: NETCONF over SSH (RFC 6242); 29418: Gerrit, which Wireshark
 * registers. */
static const guint16 ports_ssh[][2] = {{22, 22}, {830, 830}, {29418, 29418}, {0, 0}};
static const guint16 ports_dns[][2] = {{53, 53}, {0, 0}};
static const guint16 ports_ftp[][2] = {{21, 21}, {0, 0}};
static const guint16 ports_smtp[][2] = {{25, 25}, {587, 587}, {0, 0}};
static const guint16 ports_pop[][2] = {{110, 110}, {0, 0}};
static const guint16 ports_imap[][2] = {{143, 143}, {0, 0}};
static const guint16 ports_nntp[][2] = {{119, 119}, {0, 0}};
static const guint16 ports_telnet[][2] = {{23, 23}, {0, 0}};
static const guint16 ports_whois[][2] = {{43, 43}, {0, 0}};
static const guint16 ports_snmp[][2] = {{161, 162}, {0, 0}};
static const guint16 ports_ntp[][2] = {{123, 123}, {0, 0}};
/* 4011: PXE boot servers answer DHCP requests there. */
static const guint16 ports_dhcp[][2] = {{67, 68}, {4011, 4011}, {0, 0}};
static const guint16 ports_sip[][2] = {{5060, 5060}, {0, 0}};
static const guint16 ports_syslog[][2] = {{514, 514}, {601, 601}, {0, 0}};
static const guint16 ports_ldap[][2] = {{389, 389}, {3268, 3268}, {0, 0}};
/* SMB over TCP is framed by NBSS on both ports: after a NetBIOS session
 * request on 139, directly on 445 (RFC 1002, MS-SMB2 2.1). */
static const guint16 ports_nbss[][2] = {{139, 139}, {445, 445}, {0, 0}};
static const guint16 ports_kerberos[][2] = {{88, 88}, {0, 0}};
/* Display N listens on 5900 + N; a listening viewer on 5500. */
static const guint16 ports_vnc[][2] = {{5500, 5501}, {5900, 5999}, {0, 0}};
static const guint16 ports_mysql[][2] = {{3306, 3306}, {0, 0}};
static const guint16 ports_pgsql[][2] = {{5432, 5432}, {0, 0}};
static const guint16 ports_mqtt[][2] = {{1883, 1883}, {0, 0}};
static const guint16 ports_bgp[][2] = {{179, 179}, {0, 0}};
static const guint16 ports_irc[][2] = {{194, 194}, {6660, 6669}, {0, 0}};
static const guint16 ports_rtsp[][2] = {{554, 554}, {8554, 8554}, {0, 0}};
static const guint16 ports_ssdp[][2] = {{1900, 1900}, {0, 0}};
static const guint16 ports_mdns[][2] = {{5353, 5353}, {0, 0}};
static const guint16 ports_llmnr[][2] = {{5355, 5355}, {0, 0}};
static const guint16 ports_openvpn[][2] = {{1194, 1194}, {0, 0}};
/* 8472: the Linux kernel's default VXLAN port, older than IANA's 4789. */
static const guint16 ports_vxlan[][2] = {{4789, 4789}, {8472, 8472}, {0, 0}};
static const guint16 ports_geneve[][2] = {{6081, 6081}, {0, 0}};
/* 3386: GTP version 0, which Wireshark decodes as gtp too. */
static const guint16 ports_gtp[][2] = {{2123, 2123}, {2152, 2152}, {3386, 3386}, {0, 0}};
static const guint16 ports_xmpp[][2] = {{5222, 5222}, {5269, 5269}, {0, 0}};

#define TCP_ONLY(list)                                                                             \
    {                                                                                              \
        list, ports_none                                                                           \
    }
#define UDP_ONLY(list)                                                                             \
    {                                                                                              \
        ports_none, list                                                                           \
    }
#define BOTH(list)                                                                                 \
    {                                                                                              \
        list, list                                                                                 \
    }
#define ANY_PORT                                                                                   \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

/* Sorted by protocol for bsearch(). Not listed, because Wireshark never
 * shows them right above TCP or UDP: smb and smb2 (under nbss), rdp (under
 * tpkt or cotp), SRTP (decoded as rtp). */
static const portclass_app_protocol_t app_protocols[] = {
    {"bgp", "BGP", TCP_ONLY(ports_bgp), NULL},
    {"dhcp", "DHCP", UDP_ONLY(ports_dhcp), NULL},
    {"dns", "DNS", BOTH(ports_dns), NULL},
    {"ftp", "FTP", TCP_ONLY(ports_ftp), NULL},
    {"ftp-data", "FTP data", ANY_PORT, NULL},
    {"geneve", "Geneve", UDP_ONLY(ports_geneve), NULL},
    {"gtp", "GTP", UDP_ONLY(ports_gtp), NULL},
    {"http", "HTTP", TCP_ONLY(ports_http), NULL},
    {"imap", "IMAP", TCP_ONLY(ports_imap), NULL},
    {"irc", "IRC", TCP_ONLY(ports_irc), NULL},
    {"kerberos", "Kerberos", BOTH(ports_kerberos), NULL},
    {"ldap", "LDAP", BOTH(ports_ldap), NULL},
    {"llmnr", "LLMNR", BOTH(ports_llmnr), NULL},
    {"mdns", "mDNS", UDP_ONLY(ports_mdns), NULL},
    {"mqtt", "MQTT", TCP_ONLY(ports_mqtt), NULL},
    {"mysql", "MySQL", TCP_ONLY(ports_mysql), NULL},
    {"nbss", "NetBIOS session", TCP_ONLY(ports_nbss), NULL},
    {"nntp", "NNTP", TCP_ONLY(ports_nntp), NULL},
    {"ntp", "NTP", UDP_ONLY(ports_ntp), NULL},
    {"openvpn", "OpenVPN", BOTH(ports_openvpn), NULL},
    {"pgsql", "PostgreSQL", TCP_ONLY(ports_pgsql), NULL},
    {"pop", "POP3", TCP_ONLY(ports_pop), NULL},
    {"quic", "QUIC", UDP_ONLY(ports_quic), NULL},
    {"rtcp", "RTCP", ANY_PORT, NULL},
    {"rtp", "RTP", ANY_PORT, NULL},
    {"rtsp", "RTSP", TCP_ONLY(ports_rtsp), NULL},
    {"sip", "SIP", BOTH(ports_sip), NULL},
    {"smtp", "SMTP", TCP_ONLY(ports_smtp), NULL},
    {"snmp", "SNMP", BOTH(ports_snmp), NULL},
    {"ssdp", "SSDP", UDP_ONLY(ports_ssdp), NULL},
    {"ssh", "SSH", TCP_ONLY(ports_ssh), NULL},
    /* ICE (RFC 8445) runs STUN checks between whatever ports the peers
     * gathered, and servers listen where their operators chose (19302). */
    {"stun", "STUN", ANY_PORT, NULL},
    {"syslog", "syslog", BOTH(ports_syslog), NULL},
    {"t38", "T.38", ANY_PORT, NULL},
    /* SQL Server's named instances listen on dynamic ports by default and
     * tell clients where through the browser service (1434/udp). */
    {"tds", "TDS (SQL Server)", ANY_PORT, NULL},
    {"telnet", "Telnet", TCP_ONLY(ports_telnet), NULL},
    /* Only the qualification with the Teredo server uses 3544; data flows
     * between the NAT-mapped ports of clients, relays and peers. */
    {"teredo", "Teredo", ANY_PORT, NULL},
    {"tftp", "TFTP", ANY_PORT, NULL}, /* the server answers from a new port */
    {"tls", "TLS", TCP_ONLY(ports_tls), ports_tls_upgrade},
    {"vnc", "VNC", TCP_ONLY(ports_vnc), NULL},
    {"vxlan", "VXLAN", UDP_ONLY(ports_vxlan), NULL},
    {"whois", "WHOIS", TCP_ONLY(ports_whois), NULL},
    {"xmpp", "XMPP", TCP_ONLY(ports_xmpp), NULL},
};

static int compare_protocol(const void *key, const void *member)
{
    return strcmp((const char *)key, ((const portclass_app_protocol_t *)member)->protocol);
}

const portclass_app_protocol_t *portclass_app_protocol_lookup(const char *protocol)
{
    if (!protocol)
        return NULL;
    return bsearch(protocol, app_protocols, G_N_ELEMENTS(app_protocols), sizeof app_protocols[0],
                   compare_protocol);
}

gboolean portclass_app_protocol_any_port(const portclass_app_protocol_t *app)
{
    return app->ports[PORTCLASS_TCP] == NULL && app->ports[PORTCLASS_UDP] == NULL;
}

/* Whether port falls in one of the (low, high) pairs of list. */
static gboolean port_in_list(const guint16 (*list)[2], guint16 port)
{
    for (const guint16(*range)[2] = list; range && (*range)[1] != 0; range++) {
        if (port >= (*range)[0] && port <= (*range)[1])
            return TRUE;
    }
    return FALSE;
}

gboolean portclass_app_protocol_standard_port(const portclass_app_protocol_t *app,
                                              portclass_transport_t transport, guint16 port)
{
    if (portclass_app_protocol_any_port(app))
        return TRUE;
    if (transport >= PORTCLASS_N_TRANSPORTS)
        return FALSE;
    if (port_in_list(app->ports[transport], port))
        return TRUE;
    return transport == PORTCLASS_TCP && port_in_list(app->upgrade_ports, port);
}

gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port)
{
    return app && !portclass_app_protocol_standard_port(app, transport, server_port);
}
