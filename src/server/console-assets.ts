// The console's static files (built by `npm run build` from console/ into dist/console; nothing is
// built or fetched at run time), served under /_specshift/console. Read once, kept in memory.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { packageFile } from '../paths.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json',
};

/** Only these names are served: no path from the URL ever reaches the file system. */
const FILES = ['index.html', 'console.js', 'console.css', 'favicon.svg'];

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Buffer | null>();
  const read = (name: string): Buffer | null => {
    if (!cache.has(name)) {
      try {
        cache.set(name, readFileSync(packageFile('dist', 'console', name)));
      } catch {
        cache.set(name, null);
      }
    }
    return cache.get(name)!;
  };
  const send = (name: string) => async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const body = read(name);
    if (!body) return reply.code(404).type('text/plain; charset=utf-8').send(`the console's ${name} is not built: run npm run build\n`);
    return reply
      .type(TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream')
      .header('cache-control', name === 'index.html' ? 'no-cache' : 'max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
      .send(body);
  };
  app.get('/_specshift/console', send('index.html'));
  for (const f of FILES) app.get(`/_specshift/console/${f}`, send(f));
}
