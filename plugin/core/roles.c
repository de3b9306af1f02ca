/* roles.c - client and server roles, ephemeral-port defaults, and the
 * usual ports of application protocols. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass/class.h"
#include "portclass/roles.h"

guint portclass_ephemeral_ranges(guint16 port)
{
    guint ranges = port >= PORTCLASS_DYNAMIC_MIN ? PORTCLASS_EPHEMERAL_IANA : 0;

    if (port >= 32768 && port <= 60999)
        ranges |= PORTCLASS_EPHEMERAL_LINUX;
    return ranges;
}

const char *portclass_ephemeral_name(guint ranges)
{
    /* Indexed by the PORTCLASS_EPHEMERAL_* bits. */
    static const char *const names[] = {"none", "iana", "linux", "iana,linux"};

    return names[ranges & (PORTCLASS_EPHEMERAL_IANA | PORTCLASS_EPHEMERAL_LINUX)];
}

const char *portclass_evidence_name(portclass_evidence_t evidence)
{
    static const char *const names[] = {"syn", "syn-ack", "port", "first-packet"};

    return evidence < G_N_ELEMENTS(names) ? names[evidence] : "unknown";
}

portclass_server_choice_t portclass_choose_server(const portclass_first_packet_t *packet)
{
    const guint16 *ports = packet->ports;
    const gboolean *known = packet->has_service;
    portclass_class_t cls0 = portclass_classify(ports[0]), cls1 = portclass_classify(ports[1]);
    portclass_server_choice_t choice = {PORTCLASS_DESTINATION, PORTCLASS_EVIDENCE_PORT};

    if (packet->transport == PORTCLASS_TCP && packet->flags_known && packet->syn) {
        choice.server = packet->ack ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
        choice.evidence = packet->ack ? PORTCLASS_EVIDENCE_SYN_ACK : PORTCLASS_EVIDENCE_SYN;
    } else if (ports[0] == ports[1] || (!known[0] && !known[1] && cls0 == cls1)) {
        choice.evidence = PORTCLASS_EVIDENCE_FIRST_PACKET; /* the ports say nothing */
    } else if (known[0] != known[1]) {
        choice.server = known[0] ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
    } else if (cls0 != cls1) {
        choice.server = cls0 < cls1 ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
    } else {
        /* Two services in one class: the lower port, as Wireshark's
         * port-based dissection does. */
        choice.server = ports[0] < ports[1] ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
    }
    return choice;
}

/* A protocol is listed with the ports it is deployed on by design: its IANA
 * ports, the ports Wireshark itself registers it on, and the own ports of
 * services that are this protocol by definition (an HTTP API, a TLS-only
 * service). What Wireshark lists right above TCP or UDP is what counts: a
 * framing layer (NBSS for SMB) is listed, not the protocol it carries.
 *
 * 631 IPP, 1900 and 2869 UPnP over TCP, 2375 Docker API, 3000 Grafana,
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
/* Services that switch a clear-text connection to TLS in place, which
 * Wireshark follows, then showing tls right above TCP on the service's
 * port: FTP AUTH TLS, Telnet START_TLS, POP3 STLS, STARTTLS of SMTP, NNTP,
 * IMAP, LDAP (and its global catalog), ManageSieve and XMPP, MySQL's SSL
 * request, PostgreSQL's SSLRequest, RDP after the X.224 negotiation, the
 * DTN TCP convergence layer, Performance Co-Pilot secure sockets. */
static const guint16 ports_tls_upgrade[][2] = {
    {21, 21},     {23, 23},     {25, 25},     {110, 110},   {119, 119},     {143, 143},
    {389, 389},   {587, 587},   {3268, 3268}, {3306, 3306}, {3389, 3389},   {4190, 4190},
    {4556, 4556}, {5222, 5222}, {5269, 5269}, {5432, 5432}, {44321, 44321}, {0, 0}};

/* Each protocol's (low, high) port lists, ended by (0, 0). */
static const guint16 ports_bgp[][2] = {{179, 179}, {0, 0}};
static const guint16 ports_dhcp[][2] = {{67, 68}, {4011, 4011}, {0, 0}};
static const guint16 ports_dns[][2] = {{53, 53}, {0, 0}};
static const guint16 ports_ftp[][2] = {{21, 21}, {0, 0}};
static const guint16 ports_geneve[][2] = {{6081, 6081}, {0, 0}};
static const guint16 ports_gtp[][2] = {{2123, 2123}, {2152, 2152}, {3386, 3386}, {0, 0}};
static const guint16 ports_imap[][2] = {{143, 143}, {0, 0}};
static const guint16 ports_irc[][2] = {{194, 194}, {6660, 6669}, {0, 0}};
static const guint16 ports_kerberos[][2] = {{88, 88}, {0, 0}};
static const guint16 ports_ldap[][2] = {{389, 389}, {3268, 3268}, {0, 0}};
static const guint16 ports_llmnr[][2] = {{5355, 5355}, {0, 0}};
static const guint16 ports_mdns[][2] = {{5353, 5353}, {0, 0}};
static const guint16 ports_mqtt[][2] = {{1883, 1883}, {0, 0}};
static const guint16 ports_mysql[][2] = {{3306, 3306}, {0, 0}};
static const guint16 ports_nbss[][2] = {{139, 139}, {445, 445}, {0, 0}};
static const guint16 ports_nntp[][2] = {{119, 119}, {0, 0}};
static const guint16 ports_ntp[][2] = {{123, 123}, {0, 0}};
static const guint16 ports_openvpn[][2] = {{1194, 1194}, {0, 0}};
static const guint16 ports_pgsql[][2] = {{5432, 5432}, {0, 0}};
static const guint16 ports_pop[][2] = {{110, 110}, {0, 0}};
static const guint16 ports_quic[][2] = {{443, 443}, {853, 853}, {0, 0}};
static const guint16 ports_rtsp[][2] = {{554, 554}, {8554, 8554}, {0, 0}};
static const guint16 ports_sip[][2] = {{5060, 5060}, {0, 0}};
static const guint16 ports_smtp[][2] = {{25, 25}, {587, 587}, {0, 0}};
static const guint16 ports_snmp[][2] = {{161, 162}, {0, 0}};
static const guint16 ports_ssdp[][2] = {{1900, 1900}, {0, 0}};
static const guint16 ports_ssh[][2] = {{22, 22}, {830, 830}, {29418, 29418}, {0, 0}};
static const guint16 ports_syslog[][2] = {{514, 514}, {601, 601}, {0, 0}};
static const guint16 ports_telnet[][2] = {{23, 23}, {0, 0}};
static const guint16 ports_vnc[][2] = {{5500, 5501}, {5900, 5999}, {0, 0}};
static const guint16 ports_vxlan[][2] = {{4789, 4789}, {8472, 8472}, {0, 0}};
static const guint16 ports_whois[][2] = {{43, 43}, {0, 0}};
static const guint16 ports_xmpp[][2] = {{5222, 5222}, {5269, 5269}, {0, 0}};

enum { TCP = PORTCLASS_MASK_TCP, UDP = PORTCLASS_MASK_UDP };

/* Sorted by protocol for bsearch(). Not listed, because Wireshark never
 * shows them right above TCP or UDP: smb and smb2 (under nbss), rdp (under
 * tpkt or cotp), SRTP (decoded as rtp). */
static const portclass_app_protocol_t app_protocols[] = {
    {"bgp", "BGP", TCP, ports_bgp, NULL},
    /* 4011: PXE boot servers answer DHCP requests there. */
    {"dhcp", "DHCP", UDP, ports_dhcp, NULL},
    {"dns", "DNS", TCP | UDP, ports_dns, NULL},
    {"ftp", "FTP", TCP, ports_ftp, NULL},
    {"ftp-data", "FTP data", 0, NULL, NULL},
    {"geneve", "Geneve", UDP, ports_geneve, NULL},
    /* 3386: GTP version 0, which Wireshark decodes as gtp too. */
    {"gtp", "GTP", UDP, ports_gtp, NULL},
    {"http", "HTTP", TCP, ports_http, NULL},
    {"imap", "IMAP", TCP, ports_imap, NULL},
    {"irc", "IRC", TCP, ports_irc, NULL},
    {"kerberos", "Kerberos", TCP | UDP, ports_kerberos, NULL},
    {"ldap", "LDAP", TCP | UDP, ports_ldap, NULL},
    {"llmnr", "LLMNR", TCP | UDP, ports_llmnr, NULL},
    {"mdns", "mDNS", UDP, ports_mdns, NULL},
    {"mqtt", "MQTT", TCP, ports_mqtt, NULL},
    {"mysql", "MySQL", TCP, ports_mysql, NULL},
    /* SMB over TCP is framed by NBSS on both ports: after a NetBIOS
     * session request on 139, directly on 445 (RFC 1002, MS-SMB2 2.1). */
    {"nbss", "NetBIOS session", TCP, ports_nbss, NULL},
    {"nntp", "NNTP", TCP, ports_nntp, NULL},
    {"ntp", "NTP", UDP, ports_ntp, NULL},
    {"openvpn", "OpenVPN", TCP | UDP, ports_openvpn, NULL},
    {"pgsql", "PostgreSQL", TCP, ports_pgsql, NULL},
    {"pop", "POP3", TCP, ports_pop, NULL},
    /* 853: DNS over QUIC (RFC 9250). */
    {"quic", "QUIC", UDP, ports_quic, NULL},
    {"rtcp", "RTCP", 0, NULL, NULL},
    {"rtp", "RTP", 0, NULL, NULL},
    {"rtsp", "RTSP", TCP, ports_rtsp, NULL},
    {"sip", "SIP", TCP | UDP, ports_sip, NULL},
    {"smtp", "SMTP", TCP, ports_smtp, NULL},
    {"snmp", "SNMP", TCP | UDP, ports_snmp, NULL},
    {"ssdp", "SSDP", UDP, ports_ssdp, NULL},
    /* 830: NETCONF over SSH (RFC 6242); 29418: Gerrit, which Wireshark
     * registers. */
    {"ssh", "SSH", TCP, ports_ssh, NULL},
    /* ICE (RFC 8445) runs STUN checks between whatever ports the peers
     * gathered, and servers listen where their operators chose (19302). */
    {"stun", "STUN", 0, NULL, NULL},
    {"syslog", "syslog", TCP | UDP, ports_syslog, NULL},
    {"t38", "T.38", 0, NULL, NULL},
    /* SQL Server's named instances listen on dynamic ports by default and
     * tell clients where through the browser service (1434/udp). */
    {"tds", "TDS (SQL Server)", 0, NULL, NULL},
    {"telnet", "Telnet", TCP, ports_telnet, NULL},
    /* Only the qualification with the Teredo server uses 3544; data flows
     * between the NAT-mapped ports of clients, relays and peers. */
    {"teredo", "Teredo", 0, NULL, NULL},
    {"tftp", "TFTP", 0, NULL, NULL}, /* the server answers from a new port */
    {"tls", "TLS", TCP, ports_tls, ports_tls_upgrade},
    /* Display N listens on 5900 + N; a listening viewer on 5500. */
    {"vnc", "VNC", TCP, ports_vnc, NULL},
    /* 8472: the Linux kernel's default VXLAN port, older than IANA's 4789. */
    {"vxlan", "VXLAN", UDP, ports_vxlan, NULL},
    {"whois", "WHOIS", TCP, ports_whois, NULL},
    {"xmpp", "XMPP", TCP, ports_xmpp, NULL},
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
    return app->ports == NULL;
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

gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port)
{
    if (!app || portclass_app_protocol_any_port(app))
        return FALSE;
    if (transport >= PORTCLASS_N_TRANSPORTS || !(app->transports & (1u << transport)))
        return TRUE;
    return !port_in_list(app->ports, server_port) &&
           !(transport == PORTCLASS_TCP && port_in_list(app->upgrade_ports, server_port));
}
