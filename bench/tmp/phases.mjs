const t0 = performance.now();
const { createServer } = await import('../../src/server/create-server.js');
const t1 = performance.now();
const s = await createServer({ dataDir: process.argv[2], timing: 'manual', logLevel: 'warn' });
const t2 = performance.now();
await s.app.listen({ host: '127.0.0.1', port: 0 });
const t3 = performance.now();
console.log('boot', t0.toFixed(0), 'import', (t1-t0).toFixed(0), 'create', (t2-t1).toFixed(0), 'listen', (t3-t2).toFixed(0));
await s.close();
