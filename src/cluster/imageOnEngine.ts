import type Docker from 'dockerode';

/** Whether the Docker engine holds `image` (a name or an id); never pulls, never throws. */
export function imageOnEngine(docker: Docker, image: string): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect()
    .then(() => true)
    .catch(() => false);
}
