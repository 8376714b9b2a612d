/** Public entry of the cluster: images, deployments, nodes, client zones, cleanup. */
export { startDeployment, bridgeNameFor } from './startDeployment.js';
export { resolveDeploymentOptions } from './deploymentOptions.js';
export type { DeploymentOptions } from './deploymentOptions.js';
export { DockerDeployment } from './dockerDeployment.js';
export { connectDocker } from './dockerClient.js';
export { buildImage, ensureImage, imageExists, imageState } from './imageBuild.js';
export { buildBareImage } from './bareImage.js';
export { flavorSpec } from './flavor.js';
export { FSYNC_TOOLS, requiredImageVersion } from './fsyncTools.js';
export { onShutdown } from './shutdown.js';
export { RUN_LABEL, OWNER_LABEL, IMAGE_LABEL, BRIDGE_PREFIX } from './labels.js';
export { PERSISTENCE_PRESETS } from './types.js';
export type { Node, Deployment, ClientZone, Topology } from './types.js';
export { cleanupLeftovers } from './cleanupLeftovers.js';
export { runDoctor } from './doctor.js';
