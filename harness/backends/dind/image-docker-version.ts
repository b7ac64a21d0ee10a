import type Docker from 'dockerode';
import { log } from '../../core/log.ts';

// The label the host image build writes with the Docker release the image's packages carry.
export const dockerVersionLabel = 'io.github.docker-fw-harness.docker-version';

// The Docker version a host image will run, known before any world starts: the harness's label,
// else the official images' DOCKER_VERSION, else the docker.io package's version read from a
// throwaway container (no network, nothing started but dpkg-query). undefined when none can be read,
// and the run then decides once the host is up.
export async function imageDockerVersion(docker: Docker, image: string): Promise<string | undefined> {
  const info = await docker.getImage(image).inspect();
  const label = info.Config?.Labels?.[dockerVersionLabel];
  if (label) return label;
  const env = (info.Config?.Env ?? []).find((entry) => entry.startsWith('DOCKER_VERSION='));
  if (env) return env.slice('DOCKER_VERSION='.length);
  return packagedDockerVersion(docker, image);
}

// `dpkg-query -W docker.io` in a container of the image: "20.10.24+dfsg1-1+deb12u1".
export async function packagedDockerVersion(docker: Docker, image: string): Promise<string | undefined> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['dpkg-query', '-W', '-f', '${Version}', 'docker.io'],
    Cmd: [],
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const text = demultiplexed(Buffer.concat(chunks)).trim();
    log.run('image %s: dpkg-query docker.io -> %s (exit %d)', image, text, StatusCode);
    return StatusCode === 0 && text !== '' ? text : undefined;
  } finally {
    await container.remove({ force: true });
  }
}

// The engine's attach stream without a TTY: 8-byte frame headers before each chunk of output.
function demultiplexed(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    if (buffer[offset] === 1) parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
