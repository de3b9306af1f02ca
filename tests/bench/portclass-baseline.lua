-- portclass-baseline.lua
--
-- BENCHMARK BASELINE -- NOT THE PRODUCT.
--
-- A minimal Lua post-dissector doing the job of the portclass plugin: for
-- every TCP and UDP header of a packet, the IANA class of each port
-- (well-known 0-1023, registered 1024-49151, dynamic 49152-65535) and the
-- service behind it, from a small built-in table.  It is what a user would
-- otherwise write, and tests/benchmark.py measures it next to the C plugin
-- (its "lua" setup).  It is deliberately plain: no IANA registry, a few
-- dozen services, English only.  Do not install it next to the plugin.
--
-- Fields: portclass_lua.transport, portclass_lua.{src,dst}.port,
-- portclass_lua.{src,dst}.class, .service, .description and .iana_name.
--
-- Wireshark 4.0 (Lua 5.2):
--     tshark -X lua_script:tests/bench/portclass-baseline.lua -r CAP -V

local p_lua = Proto("portclass_lua", "Lua port classification baseline")

local pf = {
    transport = ProtoField.string("portclass_lua.transport", "Transport"),
    src_port = ProtoField.uint16("portclass_lua.src.port", "Source port", base.DEC),
    src_class = ProtoField.string("portclass_lua.src.class", "Source port class"),
    src_service = ProtoField.string("portclass_lua.src.service", "Source service"),
    src_description = ProtoField.string("portclass_lua.src.description", "Source service description"),
    src_iana_name = ProtoField.string("portclass_lua.src.iana_name", "Source IANA service name"),
    dst_port = ProtoField.uint16("portclass_lua.dst.port", "Destination port", base.DEC),
    dst_class = ProtoField.string("portclass_lua.dst.class", "Destination port class"),
    dst_service = ProtoField.string("portclass_lua.dst.service", "Destination service"),
    dst_description = ProtoField.string("portclass_lua.dst.description", "Destination service description"),
    dst_iana_name = ProtoField.string("portclass_lua.dst.iana_name", "Destination IANA service name"),
}
p_lua.fields = {
    pf.transport,
    pf.src_port, pf.src_class, pf.src_service, pf.src_description, pf.src_iana_name,
    pf.dst_port, pf.dst_class, pf.dst_service, pf.dst_description, pf.dst_iana_name,
}

-- Every occurrence of these is one TCP or UDP header (tunnels and ICMP
-- errors give several per packet).
local f_tcp_src = Field.new("tcp.srcport")
local f_tcp_dst = Field.new("tcp.dstport")
local f_udp_src = Field.new("udp.srcport")
local f_udp_dst = Field.new("udp.dstport")

-- port -> { common name, description, IANA name }, for both transports
-- unless UDP_SERVICES says otherwise.
local SERVICES = {
    [20] = { "FTP-DATA", "File Transfer Protocol, data channel", "ftp-data" },
    [21] = { "FTP", "File Transfer Protocol, control channel", "ftp" },
    [22] = { "SSH", "Secure Shell remote login", "ssh" },
    [23] = { "Telnet", "Unencrypted remote login", "telnet" },
    [25] = { "SMTP", "Mail transfer between servers", "smtp" },
    [43] = { "WHOIS", "Domain and address registration lookup", "nicname" },
    [53] = { "DNS", "Domain name resolution", "domain" },
    [67] = { "DHCP", "Address assignment, server side", "bootps" },
    [68] = { "DHCP", "Address assignment, client side", "bootpc" },
    [69] = { "TFTP", "Trivial File Transfer Protocol", "tftp" },
    [80] = { "HTTP", "Unencrypted web browsing", "http" },
    [110] = { "POP3", "Mail retrieval", "pop3" },
    [123] = { "NTP", "Network time synchronisation", "ntp" },
    [143] = { "IMAP", "Mail access", "imap" },
    [161] = { "SNMP", "Network device management", "snmp" },
    [389] = { "LDAP", "Directory access", "ldap" },
    [443] = { "HTTPS", "Encrypted web browsing (HTTP over TLS)", "https" },
    [445] = { "SMB", "Windows file sharing", "microsoft-ds" },
    [514] = { "rsh", "Unencrypted remote shell", "shell" },
    [587] = { "Submission", "Mail submission by clients", "submission" },
    [993] = { "IMAPS", "Mail access over TLS", "imaps" },
    [995] = { "POP3S", "Mail retrieval over TLS", "pop3s" },
    [1433] = { "MS SQL", "Microsoft SQL Server database", "ms-sql-s" },
    [3306] = { "MySQL", "MySQL database", "mysql" },
    [3389] = { "RDP", "Windows remote desktop", "ms-wbt-server" },
    [5060] = { "SIP", "Voice over IP call signalling", "sip" },
    [5432] = { "PostgreSQL", "PostgreSQL database", "postgresql" },
    [6379] = { "Redis", "Redis key-value store", "redis" },
    [8080] = { "HTTP-Alt", "Alternative HTTP port, proxies", "http-alt" },
    [8443] = { "HTTPS-Alt", "Alternative HTTPS port", "pcsync-https" },
}
local UDP_SERVICES = {
    [443] = { "QUIC", "Encrypted web transport (HTTP/3)", "https" },
    [514] = { "Syslog", "System logging", "syslog" },
}

local function port_class(port)
    if port < 1024 then
        return "well-known"
    elseif port < 49152 then
        return "registered"
    end
    return "dynamic"
end

local function service(transport, port)
    return (transport == "UDP" and UDP_SERVICES[port]) or SERVICES[port]
end

local function port_text(port, class, svc)
    if svc then
        return port .. " (" .. class .. ", " .. svc[1] .. ")"
    end
    return port .. " (" .. class .. ")"
end

local function add_port(tree, transport, port, f_port, f_class, f_service, f_description, f_iana)
    local class = port_class(port)
    local svc = service(transport, port)
    tree:add(f_port, port)
    tree:add(f_class, class)
    if svc then
        tree:add(f_service, svc[1])
        tree:add(f_description, svc[2])
        tree:add(f_iana, svc[3])
    end
    return port_text(port, class, svc)
end

-- One subtree for one header; dst_fi is nil when the header was cut short.
local function add_header(tree, transport, src_fi, dst_fi)
    local subtree = tree:add(p_lua, src_fi.range)
    subtree:add(pf.transport, transport)
    local src_text = add_port(subtree, transport, src_fi.value, pf.src_port, pf.src_class,
                              pf.src_service, pf.src_description, pf.src_iana_name)
    local dst_text = "?"
    if dst_fi then
        dst_text = add_port(subtree, transport, dst_fi.value, pf.dst_port, pf.dst_class,
                            pf.dst_service, pf.dst_description, pf.dst_iana_name)
    end
    subtree:set_text("Lua port classification baseline: " .. src_text .. " -> " .. dst_text)
end

function p_lua.dissector(tvb, pinfo, tree)
    local tcp_src, udp_src = { f_tcp_src() }, { f_udp_src() }
    if #tcp_src == 0 and #udp_src == 0 then
        return
    end
    local tcp_dst, udp_dst = { f_tcp_dst() }, { f_udp_dst() }
    if #udp_src == 0 then
        for i = 1, #tcp_src do
            add_header(tree, "TCP", tcp_src[i], tcp_dst[i])
        end
    elseif #tcp_src == 0 then
        for i = 1, #udp_src do
            add_header(tree, "UDP", udp_src[i], udp_dst[i])
        end
    else
        -- Both transports (a tunnel, an ICMP error): outermost header first.
        local headers = {}
        for i = 1, #tcp_src do
            headers[#headers + 1] = { "TCP", tcp_src[i], tcp_dst[i] }
        end
        for i = 1, #udp_src do
            headers[#headers + 1] = { "UDP", udp_src[i], udp_dst[i] }
        end
        table.sort(headers, function(a, b) return a[2].offset < b[2].offset end)
        for _, h in ipairs(headers) do
            add_header(tree, h[1], h[2], h[3])
        end
    end
end

register_postdissector(p_lua)
