import type Docker from 'dockerode';
import { getContainerRuntimeClient, getReaper } from 'testcontainers';

// The harness reaches its containers only through exec, never through mapped ports, so testcontainers
// need not work out a host address (it would look for the engine's "bridge" network, which an engine
// the harness started itself does not have).
export async function configureTestcontainers(docker: Docker): Promise<void> {
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === undefined) await disableRyukWithoutItsImage(docker);
  // testcontainers sets up its reaper on a container's first start, under a file lock it retries
  // every 0.5 s: a world's machines, started at once, would each wait their turn. Set up here, once.
  await getReaper(await getContainerRuntimeClient());
}

// testcontainers' reaper (Ryuk) needs an image from a registry. Where it is not already present the
// harness turns it off and relies on its own label-based cleanup, so a registry-less machine works.
async function disableRyukWithoutItsImage(docker: Docker): Promise<void> {
  const ryuk = process.env.RYUK_CONTAINER_IMAGE ?? 'testcontainers/ryuk:0.14.0';
  const present = await docker
    .getImage(ryuk)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (!present) process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
}
