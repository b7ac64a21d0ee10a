// Settings for libvirt's qemu driver on machines without usable KVM. Without them libvirt re-probes
// qemu every few seconds (it saw /dev/kvm once, cannot use it as the qemu user) and `vagrant up`
// takes three times as long; qemu as root can also write the serial logs where the harness asks.
export const harnessQemuSettings: Record<string, string> = {
  cgroup_controllers: '[ ]',
  security_driver: '"none"',
  user: '"root"',
  group: '"root"',
};

// qemu.conf with our settings appended and any active line for the same keys commented out.
export function withHarnessSettings(text: string): string {
  const keys = Object.keys(harnessQemuSettings);
  const lines = text.split('\n').map((line) => {
    const key = line.match(/^\s*([a-z_]+)\s*=/)?.[1];
    return key && keys.includes(key) ? `#${line}` : line;
  });
  const ours = keys.map((key) => `${key} = ${harnessQemuSettings[key]}`);
  return `${lines.join('\n').trimEnd()}\n\n# Set by docker-fw-harness for the run's own libvirtd:\n${ours.join('\n')}\n`;
}
