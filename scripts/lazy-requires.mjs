// An esbuild plugin for scripts/bundle.mjs: a few modules the bundle's dependencies require at load
// time but specshift never uses (or uses only in a case it never meets) are loaded on first use instead.
//
// Why: every start paid for them. fastify's lib/server.js requires node:https (with node:tls),
// node:http2 and node:dns at the top of the file, for HTTPS, HTTP/2 and listening on a host name
// with several addresses, none of which `specshift serve` does; prom-client's index requires its
// Pushgateway (node:https and node:zlib again) and its cluster aggregator. Loading those node
// modules was ~9 ms of every cold start on the development VM (bench/README.md, thirteenth pass).
//
// Each entry names the exact text it replaces: a dependency update that changes it fails the
// build here, so the saving is never lost without anyone noticing, and nothing else is touched.

/** A module object that requires `id` on its first property read (functions stay bound to it). */
const lazyModule = (name, id) =>
  `let $lazy_${name}; const ${name} = new Proxy({}, { get: (_, k) => { const m = ($lazy_${name} ??= require(${JSON.stringify(id)})); const v = m[k]; return typeof v === 'function' ? v.bind(m) : v; } });`;

/** An export read on demand: the module behind it is only evaluated when someone reads it. */
const lazyExport = (name, id) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(id)}) });`;

export const LAZY_REQUIRES = [
  {
    file: 'node_modules/fastify/lib/server.js',
    replace: [
      ["const https = require('node:https')", lazyModule('https', 'node:https')],
      ["const http2 = require('node:http2')", lazyModule('http2', 'node:http2')],
      ["const dns = require('node:dns')", lazyModule('dns', 'node:dns')],
    ],
  },
  {
    // semver checks a plugin's declared fastify version; specshift's plugins declare none, and
    // evaluating semver's ~40 modules was ~4 ms of every start and every startSpecshift() (sixteenth pass)
    file: 'node_modules/fastify/lib/plugin-utils.js',
    replace: [["const semver = require('semver')", lazyModule('semver', 'semver')]],
  },
  {
    file: 'node_modules/prom-client/index.js',
    replace: [
      ["exports.Pushgateway = require('./lib/pushgateway');", lazyExport('Pushgateway', './lib/pushgateway')],
      ["exports.AggregatorRegistry = require('./lib/cluster');", lazyExport('AggregatorRegistry', './lib/cluster')],
    ],
  },
];

export function lazyRequires(root) {
  return {
    name: 'lazy-requires',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/](fastify[\\/]lib[\\/](server|plugin-utils)|prom-client[\\/]index)\.js$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const { relative, sep } = await import('node:path');
        const rel = relative(root, args.path).split(sep).join('/');
        const entry = LAZY_REQUIRES.find((e) => e.file === rel);
        if (!entry) return undefined;
        let contents = await readFile(args.path, 'utf8');
        for (const [from, to] of entry.replace) {
          if (!contents.includes(from)) throw new Error(`lazy-requires: ${rel} no longer contains ${JSON.stringify(from)}; update scripts/lazy-requires.mjs`);
          contents = contents.replace(from, to);
        }
        return { contents, loader: 'js' };
      });
    },
  };
}
