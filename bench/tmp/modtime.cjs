const Module = require('module');
const orig = Module.prototype._compile;
const times = [];
let depth = 0;
Module.prototype._compile = function (content, filename) {
  const t = performance.now(); depth++;
  try { return orig.call(this, content, filename); } finally { depth--; times.push([performance.now() - t, depth, filename.replace(/.*node_modules\//, '')]); }
};
process.on('exit', () => { const top = times.filter(x => x[1] <= 1).sort((a, b) => b[0] - a[0]).slice(0, 30); for (const [t, d, f] of top) console.error(t.toFixed(1).padStart(7), d, f); console.error('count', times.length); });
