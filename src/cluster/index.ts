/** Public entry of the cluster: images, deployments, nodes, client zones, cleanup. */
export { startDeployment, bridgeNameFor } from './startDeployment.js';
export type { DeploymentContext } from './startDeployment.js';
export { resolveDeploymentOptions } from './deploymentOptions.js';
export type { DeploymentOptions, ResolvedDeploymentOptions } from './deploymentOptions.js';
export { DockerDeployment } from './dockerDeployment.js';
export type { RunNetwork, Logger } from './dockerDeployment.js';
export { DockerNode } from './dockerNode.js';
export type { ProcessStatus, ProcessSignal } from './dockerNode.js';
export { checkHealth, waitHealthy } from './health.js';
export { parseInfo } from '../client/parseInfo.js';
export type { HealthOptions, HealthReport } from './health.js';
export { connectDocker } from './dockerClient.js';
export type { DockerClientOptions } from './dockerClient.js';
export { buildImage, ensureImage, imageExists, imageState } from './imageBuild.js';
export { buildBareImage, bareImageName } from './bareImage.js';
export type { ImageBuildOptions, ImageBuildResult } from './imageBuild.js';
export { flavorSpec, isRedisFlavor } from './flavor.js';
export { FSYNC_TOOLS, requiredImageVersion } from './fsyncTools.js';
export type { FlavorSpec } from './flavor.js';
export { onShutdown, registerForCleanup } from './shutdown.js';
export type { ShutdownHook } from './shutdown.js';
export {
  REDIS_PORT,
  SENTINEL_PORT,
  MASTER_NAME,
  persistenceConfig,
  NODE_PATHS,
} from './redisConfig.js';
export { RUN_LABEL, OWNER_LABEL, NODE_LABEL, IMAGE_LABEL, BRIDGE_PREFIX } from './labels.js';
export { TOPOLOGIES, PERSISTENCE_PRESETS, REDIS_FLAVORS } from './types.js';
export type {
  Node,
  Deployment,
  ClientZone,
  Topology,
  Persistence,
  RedisFlavor,
  ProcessRole,
  ExecResult,
} from './types.js';
export { cleanupLeftovers } from './cleanupLeftovers.js';
export type { CleanupOptions, CleanupReport } from './cleanupLeftovers.js';
export { runDoctor } from './doctor.js';
export type { DoctorCheck } from './doctor.js';
