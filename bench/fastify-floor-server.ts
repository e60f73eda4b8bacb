// The framework floor: fastify answering the bare server's request with the bare server's reply,
// set up the way specshift sets up its own instance where that costs per request (bodies read as
// raw bytes for every content type, no JSON schema), one route of the resize's shape. Read against
// the bare server it says what node:http and fastify cost before specshift does anything; what a
// specshift row costs beyond this row is specshift's own work (bench/README.md, "The framework floor").
import Fastify from 'fastify';

// bytes, as the bare server writes them: a string reply would get '; charset=utf-8' added
const body = Buffer.from(JSON.stringify({ job_id: 'ff80808288d41e1b018990260955686a' }));
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, raw, done) => done(null, raw));
app.post('/v1.1/:project_id/cloudservers/:server_id/resize', (_req, reply) => {
  reply.header('content-type', 'application/json').send(body);
});
app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => {
    const { port } = app.server.address() as { port: number };
    process.stdout.write(`fastify floor listening on http://127.0.0.1:${port}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`fastify floor: ${String(err)}\n`);
    process.exit(1);
  },
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
