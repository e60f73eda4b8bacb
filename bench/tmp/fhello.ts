import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/v1/:p/jobs/:j', async () => ({ job_id: 'ff80808288d41e1b018990260955686a', status: 'INIT' }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`bare listening on http://127.0.0.1:${(app.server.address() as any).port}`);
process.on('SIGINT', () => process.exit(0));
