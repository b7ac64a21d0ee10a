#!/bin/sh
# Shell provisioner (run as root by Vagrant after it has put its own key in place). Makes any Debian
# box a Docker host or source the harness can drive. On the harness's own box (built with all of it,
# see harness/backends/vagrant/box.ts) only the root key has to be set up, since every guest command is slow
# under software emulation. In a harness run (HARNESS_PACKAGES_BY_SSH=1) the VMs reach no archive:
# the harness installs the packages and netprobe itself afterwards (harness/backends/vagrant/guest-setup.ts).
set -eu

# The harness logs in as root with the key Vagrant ended up using, so commands skip sudo.
install -d -m 700 /root/.ssh
install -m 600 /home/vagrant/.ssh/authorized_keys /root/.ssh/authorized_keys

# Root may log in with a key (Debian's default; some boxes change it).
if [ ! -f /etc/harness/box ] && ! sshd -T 2>/dev/null | grep -qx 'permitrootlogin \(yes\|prohibit-password\|without-password\)'; then
  echo 'PermitRootLogin prohibit-password' > /etc/ssh/sshd_config.d/harness.conf
  systemctl reload ssh
fi

# netprobe, when Vagrant's file provisioner brought one (HARNESS_NETPROBE on the host).
if [ -f /tmp/netprobe ]; then
  install -m 755 /tmp/netprobe /usr/local/bin/netprobe
  rm -f /tmp/netprobe
fi

[ -f /etc/harness/box ] && exit 0
[ "${HARNESS_PACKAGES_BY_SSH:-}" = 1 ] && exit 0

# A public box on a machine with a route to its archive: what the harness's box has
# (harness/images/suites.ts and harness/backends/vagrant/guest-root.ts), installed only if missing.
packages="docker.io iptables nftables ufw firewalld dbus iproute2 conntrack procps tini tcpdump kmod apparmor iputils-ping"
# One dpkg-query and one systemctl disable: every command costs about a second under emulation.
installed=$(dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' $packages 2>/dev/null | awk '$2 == "ii" { print $1 }')
missing=""
for package in $packages; do
  echo "$installed" | grep -qx "$package" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # From trixie on, the docker client is the separate package docker-cli.
  if apt-cache show docker-cli >/dev/null 2>&1; then missing="$missing docker-cli"; fi
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends $missing
fi

# Installed but stopped: the harness starts them per scenario (firewalld before dockerd, say).
units=$(systemctl list-unit-files --no-legend docker.service docker.socket containerd.service firewalld.service ufw.service | awk '{ print $1 }')
# shellcheck disable=SC2086 # one word per unit
[ -z "$units" ] || systemctl disable --now $units
