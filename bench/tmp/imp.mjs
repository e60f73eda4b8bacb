const t0 = performance.now();
const mods = ['fastify','pino','better-sqlite3','ajv'];
for (const m of mods) { const t = performance.now(); await import(m); console.log(m, (performance.now()-t).toFixed(1)); }
let t = performance.now(); await import('/work/main/dist/src/server/create-server.js'); console.log('create-server', (performance.now()-t).toFixed(1));
t = performance.now(); await import('/work/main/dist/src/cli/main.js'); console.log('main', (performance.now()-t).toFixed(1));
console.log('total', (performance.now()-t0).toFixed(1));
