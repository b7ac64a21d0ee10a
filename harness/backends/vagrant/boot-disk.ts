import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aptInstall } from '../../core/apt.ts';
import { HarnessError } from '../../core/errors.ts';
import { runProcess } from '../../core/process.ts';
import type { Progress } from '../../core/progress.ts';
import { traceLine } from './log.ts';

const sector = 512;
// The one partition starts at 1 MiB, as partitioning tools do; the disk is sparse, so size is cheap.
const partitionStart = 2048;
export const diskSizeGiB = 8;
const mbrCode = '/usr/lib/EXTLINUX/mbr.bin';

// Turns a root filesystem tree into a BIOS-bootable qcow2 disk: one ext4 partition labelled
// harness-root, filled by `mkfs.ext4 -d` (no copying through a mount), extlinux as the boot loader.
export async function writeBootDisk(root: string, qcow2: string, progress: Progress): Promise<void> {
  if (!existsSync('/usr/bin/extlinux') || !existsSync(mbrCode)) await aptInstall(['extlinux', 'syslinux-common'], progress);
  if (!existsSync('/usr/bin/qemu-img')) await aptInstall(['qemu-utils'], progress);
  await writeExtlinuxConf(root);
  const raw = `${qcow2}.raw`;
  const totalSectors = (diskSizeGiB * 1024 ** 3) / sector;
  try {
    await writeFile(raw, '');
    await truncate(raw, totalSectors * sector);
    const blocks = ((totalSectors - partitionStart) * sector) / 4096;
    const mkfs = ['-q', '-F', '-b', '4096', '-L', 'harness-root', '-E', `offset=${partitionStart * sector}`, '-d', root, raw, String(blocks)];
    await runProcess(['mkfs.ext4', ...mkfs], { processGroup: true, onLine: traceLine });
    await installExtlinux(raw);
    await writeMbr(raw, totalSectors);
    await runProcess(['qemu-img', 'convert', '-O', 'qcow2', raw, qcow2], { processGroup: true, onLine: traceLine });
  } finally {
    await rm(raw, { force: true });
  }
}

// Boots the newest kernel straight away, with a serial console (the harness keeps its log) and the
// kernel's classic NIC names, eth0 first, as public Debian boxes have them too.
async function writeExtlinuxConf(root: string): Promise<void> {
  const kernels = (await readdir(join(root, 'boot'))).filter((file) => file.startsWith('vmlinuz-'));
  const kernel = kernels.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
  if (!kernel) throw new HarnessError('BOX_BUILD_FAILED', `no kernel in ${join(root, 'boot')}: the guest's packages must include one`);
  const version = kernel.slice('vmlinuz-'.length);
  const conf = ['DEFAULT linux', 'TIMEOUT 0', 'PROMPT 0', 'LABEL linux', `  LINUX /boot/${kernel}`, `  INITRD /boot/initrd.img-${version}`, `  APPEND root=LABEL=harness-root rw console=ttyS0,115200 net.ifnames=0`];
  await mkdir(join(root, 'boot/extlinux'), { recursive: true });
  await writeFile(join(root, 'boot/extlinux/extlinux.conf'), `${conf.join('\n')}\n`);
}

// extlinux writes its boot sector and ldlinux.sys into a mounted filesystem only.
async function installExtlinux(raw: string): Promise<void> {
  const mountPoint = await mkdtemp(`${raw}-mnt-`);
  try {
    await runProcess(['mount', '-o', `loop,offset=${partitionStart * sector}`, raw, mountPoint], { processGroup: true });
    try {
      await runProcess(['extlinux', '--install', join(mountPoint, 'boot/extlinux')], { processGroup: true, onLine: traceLine });
    } finally {
      await runProcess(['umount', mountPoint], { processGroup: true });
    }
  } finally {
    await rm(mountPoint, { recursive: true, force: true });
  }
}

// syslinux's MBR code plus a one-entry partition table (active, Linux), written directly: no sfdisk.
async function writeMbr(raw: string, totalSectors: number): Promise<void> {
  const mbr = Buffer.alloc(sector);
  (await readFile(mbrCode)).copy(mbr, 0, 0, 440);
  const entry = 446;
  mbr[entry] = 0x80;
  mbr.set([0xfe, 0xff, 0xff], entry + 1); // CHS start/end unused: LBA only
  mbr[entry + 4] = 0x83;
  mbr.set([0xfe, 0xff, 0xff], entry + 5);
  mbr.writeUInt32LE(partitionStart, entry + 8);
  mbr.writeUInt32LE(totalSectors - partitionStart, entry + 12);
  mbr.set([0x55, 0xaa], 510);
  const file = await open(raw, 'r+');
  try {
    await file.write(mbr, 0, sector, 0);
  } finally {
    await file.close();
  }
}
