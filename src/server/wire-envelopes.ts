// Which cloud's error envelope a path belongs to, so even routing failures (unknown path, body too
// large, unparseable request) answer in the shape the calling SDK parses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newRequestId } from '../core/ids.js';

export type Family = 'huawei-ecs' | 'huawei-gateway' | 'huawei-aad' | 'aliyun' | 'control';

export function familyOf(url: string): Family {
  if (url.startsWith('/_specshift')) return 'control';
  if (url.startsWith('/v2/aad') || url.startsWith('/v1/aad')) return 'huawei-aad';
  if (url.startsWith('/v1/') || url.startsWith('/v1.1/')) return 'huawei-ecs';
  if (url.startsWith('/v3/')) return 'huawei-gateway';
  if (url === '/' || url.startsWith('/?')) return 'aliyun';
  return 'huawei-gateway';
}

export function sendFamilyError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const family = familyOf(req.raw.url ?? '/');
  switch (family) {
    case 'huawei-ecs':
      return reply.code(status).send({ error: { code, message } });
    case 'huawei-aad':
      return reply.code(status).send({ error_code: code, error_description: message });
    case 'aliyun':
      return reply.code(status).send({ RequestId: String(req.id), HostId: req.headers.host ?? 'ecs.aliyuncs.com', Code: code, Message: message, Recommend: '' });
    case 'control':
      return reply.code(status).send({ error: { code, message } });
    default:
      return reply.code(status).send({ error_code: code, error_msg: message, request_id: String(req.id) });
  }
}

export const genRequestId = (): string => newRequestId();
