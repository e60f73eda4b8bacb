// A Huawei service's operations as a table: each row is one operation of the official SDK (its
// name, method and path), the reader that turns the wire request into a service command, and the
// handler. Services register their table with serveOperations; docs, the fuzz suite and the request
// log enumerate the same rows.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { noteOf } from '../../../core/observe/request-note.js';
import type { OperationInfo } from '../../provider-plugin.js';
import { dropConnection, routeFaults } from '../../route-gate.js';
import { huaweiFaultFailure } from './huawei-faults.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = Record<string, string | string[] | undefined>;

/** The wire request as a reader sees it. */
export interface HuaweiRequest {
  params: Record<string, string>;
  query: Query;
  body: Buffer | undefined;
  headers: IncomingHttpHeaders;
  /** scheme and host the client called, for links in replies */
  endpoint: string;
}

export interface HuaweiReply {
  /** 200 unless given */
  status?: number;
  /** omitted: an empty body */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HuaweiOperation<Env, Cmd> {
  /** the official SDK's operation name */
  readonly name: string;
  readonly method: HttpMethod;
  /** a fastify route path, e.g. /v1.1/:project_id/cloudservers/:server_id/resize */
  readonly path: string;
  /** called without credentials (IAM's password token): the service's envOf skips authentication */
  readonly anonymous?: boolean;
  /** reads path, query and body into the command; throws the service's invalid-request failure */
  read(req: HuaweiRequest, env: Env): Cmd;
  handle(cmd: Cmd, env: Env): Promise<HuaweiReply>;
}

/** A table row whose command type is its own business. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHuaweiOperation<Env> = HuaweiOperation<Env, any>;

/** Builds a row with its command type inferred from the reader. */
export const operation = <Env, Cmd>(op: HuaweiOperation<Env, Cmd>): HuaweiOperation<Env, Cmd> => op;

/** A reply with a JSON body and status 200. */
export const ok = (body: unknown): HuaweiReply => ({ body });

export const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);
export const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const endpointOf = (req: FastifyRequest): string => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;

export function huaweiRequest(req: FastifyRequest): HuaweiRequest {
  return {
    params: req.params as Record<string, string>,
    query: req.query as Query,
    body: req.body instanceof Buffer ? req.body : undefined,
    headers: req.headers,
    endpoint: endpointOf(req),
  };
}

/**
 * Registers a service's table. `envOf` authenticates and resolves the caller for the row (it runs
 * before the reader, so an unauthenticated request learns nothing about its body's faults).
 */
export function serveOperations<Env>(app: FastifyInstance, service: string, ops: readonly AnyHuaweiOperation<Env>[], envOf: (req: FastifyRequest, op: AnyHuaweiOperation<Env>) => Promise<Env>): void {
  for (const op of ops) {
    app.route({
      method: op.method,
      url: op.path,
      config: { cloud: 'huawei', service, operation: op.name },
      handler: async (req, reply) => {
        const note = noteOf(req);
        note.cloud = 'huawei';
        note.service = service;
        note.operation = op.name;
        const params = req.params as Record<string, string>;
        if (params.project_id !== undefined) note.project = params.project_id;
        const resources = resourceIds(params);
        if (resources.length > 0) note.resources = resources;
        const env = await envOf(req, op);
        // scripted faults (core/faults): after authentication, so a rule may be scoped to an account
        const faults = await routeFaults(req, { cloud: 'huawei', operation: op.name, account: note.account, resources: note.resources });
        if (faults?.answer) throw huaweiFaultFailure(faults.answer, service);
        const out = await op.handle(op.read(huaweiRequest(req), env), env);
        if (faults?.drop) return dropConnection(req, reply);
        reply.code(out.status ?? 200);
        if (out.headers) reply.headers(out.headers);
        return reply.send(out.body);
      },
    });
  }
}

/** The ids a call names in its path (server, job, order, volume, ...), for the request log and fault scopes. */
function resourceIds(params: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k in params) if (k !== 'project_id' && k !== 'domain_id' && params[k]) out.push(params[k]!);
  return out;
}

/** The rows of a table as OperationInfo, for docs and the fuzz suite. */
export const describeOperations = (service: string, ops: readonly AnyHuaweiOperation<never>[]): OperationInfo[] =>
  ops.map((op) => ({ cloud: 'huawei', service, name: op.name, method: op.method, path: op.path }));
