import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '../../core/process.ts';
import { diskSizeGiB } from './boot-disk.ts';

// Settings live in the project's Vagrantfile; the box only says it needs no hardware virtualisation.
const boxVagrantfile = `Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |libvirt|
    libvirt.driver = "qemu"
  end
end
`;

// A libvirt Vagrant box: a tar of metadata.json, a Vagrantfile and the qcow2 disk `dir`/box.img.
// Uncompressed: `vagrant box add` unpacks it once per project, and gzip would cost a minute each time.
export async function packBox(dir: string, boxFile: string): Promise<void> {
  await writeFile(join(dir, 'metadata.json'), JSON.stringify({ provider: 'libvirt', format: 'qcow2', virtual_size: diskSizeGiB }));
  await writeFile(join(dir, 'Vagrantfile'), boxVagrantfile);
  await runProcess(['tar', '-C', dir, '-cf', boxFile, 'metadata.json', 'Vagrantfile', 'box.img'], { processGroup: true });
}
