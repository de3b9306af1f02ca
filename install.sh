#!/bin/sh
# portclass quick start, step 1 of 2 (Debian 12 and later):
#  - installs the packages that are missing (apt-get; sudo when not root),
#  - builds the plugin and its tests into build/,
#  - installs the plugin where Wireshark loads it: the global plugin folder
#    when run as root, your personal one (~/.local/lib/wireshark/plugins)
#    otherwise; and the PortClass configuration profile, with its Japanese
#    variant PortClass-ja, beside Wireshark's global profiles or in
#    ~/.config/wireshark/profiles,
#  - shows its annotations on a bundled capture.
# Step 2 runs the tests: ctest --test-dir build --output-on-failure
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential cmake pkg-config libglib2.0-dev wireshark-dev tshark python3 python3-scapy parallel"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
for package in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "== Installing:$missing"
    as_root apt-get update -q
    # shellcheck disable=SC2086 # one word per package
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

personal=OFF
[ "$(id -u)" -eq 0 ] || personal=ON
echo "== Building"
cmake -S . -B build -DPORTCLASS_INSTALL_PERSONAL=$personal
cmake --build build --parallel
echo "== Installing the plugin and the PortClass and PortClass-ja profiles"
cmake --install build

echo "== portclass on pcaps/seed-services.pcap, the client's first packet of each conversation"
tshark -n -r pcaps/seed-services.pcap -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 || dns.flags.response == 0 && udp' \
    -T fields -E header=y -e portclass.transport -e portclass.src.port -e portclass.src.class \
    -e portclass.dst.port -e portclass.dst.class -e portclass.dst.service
echo "== The subtree of an HTTPS request (tshark -V -O portclass)"
tshark -n -r pcaps/seed-services.pcap -Y 'frame.number == 34' -V -O portclass | grep -A 20 '^\[Port'
