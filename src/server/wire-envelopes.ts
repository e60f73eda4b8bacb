// Which cloud's envelope a request belongs to, so even routing failures (unknown path, body too
// large, unparseable request) answer in the shape the calling SDK parses. Each provider says which
// paths are its own (ProviderPlugin.family); the rest is the Huawei API gateway's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { controlFamily } from '../control/control-error.js';
import { newRequestId } from '../core/random-hex.js';
import { huaweiGatewayFamily } from '../providers/huawei/shared/huawei-unrouted.js';
import type { UnroutedKind, WireFamily } from '../providers/provider-plugin.js';
import { PROVIDERS } from './providers.js';

const FAMILIES: readonly WireFamily[] = [controlFamily, ...PROVIDERS.flatMap((p) => (p.family ? [p.family] : [])), huaweiGatewayFamily];

export const familyOf = (url: string): WireFamily => FAMILIES.find((f) => f.claims(url))!;

export function sendUnrouted(req: FastifyRequest, reply: FastifyReply, kind: UnroutedKind, status: number, message: string): FastifyReply {
  const answer = familyOf(req.raw.url ?? '/').answer(kind, status, message, String(req.id), req.headers.host);
  return reply.code(answer.status).send(answer.body);
}

export const genRequestId = (): string => newRequestId();
