// specshift as a package: the in-process harness and the types of a world file.
// `specshift serve` (bin/specshift.js) is the command line; docs/testing.md the guide.
export { startSpecshift, connectSpecshift, Specshift, SpecshiftControlError } from './harness/specshift.js';
export type { StartOptions, SpecshiftStore, FaultDescription, TenantOptions } from './harness/specshift.js';
export { WorldView } from './harness/world-view.js';
export type {
  SpecshiftAccount,
  HuaweiConfig,
  HuaweiConfigs,
  HuaweiClientBuilder,
  HuaweiCoreModule,
  AliyunConfig,
  AliyunConfigs,
  AliyunPopCoreConfig,
  AccountChoice,
} from './harness/world-view.js';
export type * from './harness/world-file.generated.js';
