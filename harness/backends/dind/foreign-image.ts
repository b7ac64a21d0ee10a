import type Docker from 'dockerode';
import { HarnessError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { compileNetprobe } from '../../images/netprobe-binary.ts';

// An image the harness did not build, for Docker hosts (the official docker:<version>-dind, say):
// pulled if it is not present, and given netprobe and the init script when each host starts.
export async function prepareForeignHostImage(docker: Docker, image: string, progress: Progress): Promise<{ image: string; netprobe: string }> {
  const present = await docker
    .getImage(image)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (!present) {
    progress.line(`image ${image}: pulling`);
    try {
      const stream = await docker.pull(image);
      await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw new HarnessError('IMAGE_PULL_FAILED', `--host-image ${image}: cannot be pulled (${(error as Error).message}); without a registry, use the suites' own images`, { cause: error });
    }
  }
  return { image, netprobe: await compileNetprobe(progress) };
}
