// What every provider brings to the composition root (server/): its operations, its routes, its
// job state machines and order hooks (registered in `register`), its part of the world file, and
// the envelope its requests are refused in before any route ran.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import type { CloudFaults } from '../core/faults/fault-book.js';
import type { Cloud, Server } from '../core/model/types.js';
import type { WorldSectionLoader } from '../core/world-section.js';

/** One operation a provider serves, as its official SDK names it. */
export interface OperationInfo {
  cloud: Cloud;
  /** the service, as the cloud names it: ecs, iam, bss, aad, ... */
  service: string;
  /** the official SDK's operation name: ResizeServer, ModifyInstanceSpec, ... */
  name: string;
  /** REST operations: method and route path; RPC operations: the API version (Action = name) */
  method: string;
  path: string;
  version?: string;
}

export interface CloudSupport {
  id: Cloud;
  faults: CloudFaults;
  /** the status the cloud's own API shows (Huawei ACTIVE/RESIZE/SHUTOFF, Alibaba Running/Stopped, ...) */
  status(server: Server): string;
}

/** Why a request was refused before a route ran. */
export type UnroutedKind = 'not-found' | 'invalid' | 'too-large' | 'malformed';

export interface WireAnswer {
  status: number;
  body: unknown;
}

/** The requests a provider answers for when no route could (unknown path, unparseable HTTP). */
export interface WireFamily {
  claims(url: string): boolean;
  /** `host` is the Host header when the request got that far (not for unparseable HTTP) */
  answer(kind: UnroutedKind, status: number, message: string, requestId: string, host: string | undefined): WireAnswer;
}

export interface ProviderPlugin {
  /** e.g. huawei-ecs */
  name: string;
  operations: readonly OperationInfo[];
  worldSections?: readonly WorldSectionLoader[];
  family?: WireFamily;
  /**
   * What the control API and the console need of a cloud beyond its routes (one plugin per cloud
   * brings it): its answers to injected faults, its stock switch, and a server's status in its words.
   */
  cloud?: CloudSupport;
  /** routes, job steppers, order hooks; runs once, before the job engine starts */
  register(app: FastifyInstance, ctx: AppContext): Promise<void>;
}
