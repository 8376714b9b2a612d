import type Docker from 'dockerode';
import { errorMessage, RedcheckError } from '../../errors.js';

/** An image's id (the digest of its config) on an engine, or undefined when it lacks it. */
export async function imageId(docker: Docker, image: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch {
    return undefined;
  }
}

/**
 * `docker save | docker load` through the API: stream `image` from engine `from` into engine
 * `to`. The id (config digest) survives the copy, so both engines then run the same bits.
 */
export async function copyImage(from: Docker, to: Docker, image: string): Promise<void> {
  try {
    const tar = await from.getImage(image).get();
    const stream = await to.loadImage(tar, { quiet: true });
    await new Promise<void>((resolve, reject) => {
      to.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
        const failed = err?.message ?? out.find((m) => m.error)?.error;
        if (failed) reject(new Error(failed));
        else resolve();
      });
    });
  } catch (e) {
    throw new RedcheckError(
      'E_ENGINE_IMAGE',
      `copying ${image} between engines failed: ${errorMessage(e)}`,
      'check the engines have room for it (`docker system df`) and retry',
    );
  }
}
