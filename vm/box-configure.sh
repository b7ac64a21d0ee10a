#!/bin/sh
# Runs inside the box's root filesystem (chroot) once its packages and vm/guest/ files are in place:
# what is left to make it a Vagrant box the harness can drive. Usage: box-configure.sh BOX-NAME
set -eu
box=$1

# The user Vagrant logs in as first; its key and sudo rights come from vm/guest/.
id vagrant >/dev/null 2>&1 || useradd --no-create-home --shell /bin/bash vagrant
chown -R vagrant:vagrant /home/vagrant
chmod 700 /home/vagrant/.ssh
chmod 600 /home/vagrant/.ssh/authorized_keys
chmod 440 /etc/sudoers.d/vagrant

# Installed but stopped: each scenario decides which of them run, and when (firewalld before dockerd,
# say). Timers that would wake up during a measurement are off too.
for unit in docker.service docker.socket containerd.service firewalld.service ufw.service \
  apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer; do
  systemctl disable "$unit" 2>/dev/null || true
done

# Every VM made from the box gets its own machine id at first boot.
: > /etc/machine-id
rm -f /var/lib/dbus/machine-id

# Tells vm/provision.sh that everything it would install is already here.
mkdir -p /etc/harness
echo "$box" > /etc/harness/box
