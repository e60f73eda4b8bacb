import { createServer } from 'node:http';
const spin = Number(process.env.SPIN_US ?? 0);
const body = JSON.stringify({ job_id: 'ff80808288d41e1b018990260955686a' });
const srv = createServer((req, res) => { req.resume(); req.on('end', () => { const t = performance.now(); while ((performance.now() - t) * 1000 < spin); res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
srv.listen(0, '127.0.0.1', () => console.log(`bare listening on http://127.0.0.1:${(srv.address() as any).port}`));
process.on('SIGINT', () => process.exit(0));
