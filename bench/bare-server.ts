// The ceiling: node:http answering every request with a fixed JSON reply the size of a resize
// answer, after reading the body. Run as its own process like specshift, so both pay the same.
import { createServer } from 'node:http';

const body = JSON.stringify({ job_id: 'ff80808288d41e1b018990260955686a' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`bare listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
