#!/bin/sh
# PID 1's child in a Docker host container: make cgroups writable so the inner dockerd can start
# containers, then idle. dockerd itself is started later by the harness, so a scenario can run
# firewalld first or start the daemon with its own flags.
set -eu

# Sources and the switch only idle; Docker hosts need the cgroup work below.
if [ "${HARNESS_ROLE:-host}" != host ]; then
  echo "harness host ready"
  exec sleep infinity
fi

# Without --privileged (engines whose bounding set lacks a capability) /sys is read-only.
mount -o remount,rw /sys 2>/dev/null || true
mount --make-rshared / 2>/dev/null || true

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  # cgroup v2: move ourselves out of the root so controllers can be delegated to children.
  mkdir -p /sys/fs/cgroup/init
  while read -r pid; do echo "$pid" > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true; done < /sys/fs/cgroup/cgroup.procs
  sed -e 's/ / +/g' -e 's/^/+/' < /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control || true
elif ! touch /sys/fs/cgroup/cpuset/.harness-rw 2>/dev/null; then
  # cgroup v1 mounted read-only: mount every hierarchy afresh in our own cgroup namespace.
  for mnt in $(awk '$2 ~ "^/sys/fs/cgroup/" { print $2 }' /proc/self/mounts | sort -r); do umount "$mnt" 2>/dev/null || true; done
  umount /sys/fs/cgroup 2>/dev/null || true
  mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  # Each line of /proc/self/cgroup names one v1 hierarchy ("4:cpu,cpuacct:/"); mount each as it is.
  awk -F: '$1 != 0 && $2 != "" { print $2 }' /proc/self/cgroup | while read -r hierarchy; do
    dir=${hierarchy#name=}
    mkdir -p "/sys/fs/cgroup/$dir"
    case $hierarchy in
      name=*) mount -t cgroup -o "none,$hierarchy" cgroup "/sys/fs/cgroup/$dir" ;;
      *) mount -t cgroup -o "$hierarchy" cgroup "/sys/fs/cgroup/$dir" ;;
    esac
    # Combined hierarchies ("cpu,cpuacct") are also reachable by each controller's own name.
    case $hierarchy in *,*)
      for controller in $(echo "$hierarchy" | tr ',' ' '); do
        [ -e "/sys/fs/cgroup/$controller" ] || ln -s "$dir" "/sys/fs/cgroup/$controller"
      done
    esac
  done
else
  rm -f /sys/fs/cgroup/cpuset/.harness-rw
fi

echo "harness host ready"
exec sleep infinity
