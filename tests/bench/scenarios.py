"""The scenarios of the benchmark: per setup (WITH the plugin, WITHOUT it,
and LUA, the Lua baseline) one tshark command line, a budget for the
plugin's ratios, and what to measure.  tests/benchmark.py says what each
scenario is for."""

SETUP_NAMES = ("with", "without", "lua")      # also the order of interleaved runs
COMPARED = ("with", "lua")                    # each compared with "without"
PLUGIN_PROTOCOL = "portclass"                  # filter names, for --disable-protocol
LUA_PROTOCOL = "portclass_lua"

BUILTIN_FIELDS = ["tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport"]
PORTCLASS_FIELDS = ["portclass.src.class", "portclass.dst.class",
                    "portclass.src.service", "portclass.dst.service"]
LUA_FIELDS = [field.replace("portclass.", "portclass_lua.", 1) for field in PORTCLASS_FIELDS]


def field_args(fields):
    return [arg for field in fields for arg in ("-e", field)]


class Scenario:
    """One tshark command line per setup, a budget, and what to measure."""

    def __init__(self, name, budget, args, summary, one_packet=False, callgrind_fraction=1.0):
        self.name = name
        self.budget = budget
        self.args = args                          # setup name -> arguments
        self.summary = summary                    # the command (Markdown), for the report
        self.one_packet = one_packet              # startup: 1 packet, no callgrind
        self.callgrind_fraction = callgrind_fraction

    def command(self, setup, capture):
        return ["tshark", "-n", "-r", capture] + setup.extra_args + self.args[setup.name]


def scenarios():
    fields = ["-T", "fields"] + field_args(BUILTIN_FIELDS)
    asked = {"with": fields + field_args(PORTCLASS_FIELDS), "without": fields,
             "lua": fields + field_args(LUA_FIELDS)}

    def same(args):
        return {name: args for name in SETUP_NAMES}

    # The scripts that do not use portclass and opt out of it.
    disabled = {"with": ["--disable-protocol", PLUGIN_PROTOCOL] + fields, "without": fields,
                "lua": ["--disable-protocol", LUA_PROTOCOL] + fields}

    fields_text = "-T fields -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport"
    asked_text = ("as `fields-not-asked`, plus `-e portclass.{src,dst}.{class,service}` (plugin)"
                  " or `-e portclass_lua.{src,dst}.{class,service}` (Lua)")
    disabled_text = ("as `fields-not-asked`, plus `--disable-protocol portclass` (plugin) or "
                     "`--disable-protocol portclass_lua` (Lua)")
    # The budgets are the project's goals: plain reading and unasked fields
    # near a post-dissector that does nothing (1.012); asked fields and -V
    # never dearer than on the day these budgets were set (Wireshark 4.0:
    # 1.28 and 1.17), and per item no dearer than Wireshark's own items
    # (tests/bench/reference-costs.sh measures those).
    return [
        Scenario("plain", 1.02, same([]), "`tshark -n -r CAP`"),
        Scenario("fields-not-asked", 1.02, same(fields), f"`tshark -n -r CAP {fields_text}`"),
        Scenario("fields-disabled", 1.01, disabled, disabled_text),
        Scenario("fields-asked", 1.28, asked, asked_text),
        Scenario("verbose", 1.17, same(["-V"]), "`tshark -n -r CAP -V`", callgrind_fraction=0.2),
        Scenario("two-pass", 1.28, {name: ["-2"] + args for name, args in asked.items()},
                 "`tshark -n -r CAP -2` with the `fields-asked` arguments"),
        Scenario("startup", 1.05, same([]), "`tshark -n -r ONE_PACKET_CAP`", one_packet=True),
    ]


def callgrind_count(scenario, callgrind_packets, total):
    """Packets of the scenario's callgrind capture (the first ones of the big one)."""
    return min(total, max(2, int(callgrind_packets * scenario.callgrind_fraction)))
