// Loads the CommonJS bundle (dist/bundle/specshift.cjs, scripts/bundle.mjs) with a V8 code cache.
//
// Compiling the 1.9 MB bundle was ~60 ms of a ~300 ms cold start. node 20 keeps no compile cache
// of its own (module.enableCompileCache came in node 22), so the bundle is compiled here with
// vm.Script and its cachedData: the first start writes the cache beside the bundle, a second after
// it began (so the functions the start itself compiled are in it too), and later starts skip
// parsing and compiling them. The cache is only used for the very bundle it was made from: its
// name holds node's version and the architecture, and its first line the bundle's size and mtime
// (V8's own check compares the source's length only). It is never written where it cannot be
// (a read-only install starts without it, as before), and a rebuild removes it with the bundle.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** when the cache is made: long enough for a start to have compiled what it runs */
const CACHE_AFTER_MS = 1_000;

/**
 * V8 keeps a hash of its flags in a code cache and rejects one made under other flags. A start
 * under other node flags (a profiler's, a heap limit in NODE_OPTIONS) therefore used to rewrite the
 * one cache for its own flags, and every later plain start compiled the bundle again (~60 ms) until
 * one of them ran a second to write it back (bench/README.md, thirteenth pass). Each set of flags
 * now has a cache of its own: the name carries a short hash of them (none without flags).
 */
function flagsTag() {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (!flags) return '';
  // FNV-1a: a name, not a secret; node:crypto is not loaded yet at this point of a start
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return `-f${h.toString(16).padStart(8, '0')}`;
}

/**
 * @param {string} file the bundle
 * @param {{ cacheAtExit?: boolean }} [opts] cacheAtExit: a process that ends within the second
 *   (a short test file importing the package) writes the missing cache as it exits instead of never;
 *   the command line keeps to the second, so that a `--help` does not make the cache every later
 *   `serve` would use
 */
export function loadBundle(file, opts = {}) {
  const source = readFileSync(file, 'utf8');
  const st = statSync(file);
  const key = `specshift-v8cache ${st.size} ${st.mtimeMs}\n`;
  const cacheFile = `${file}.${process.version}-${process.arch}${flagsTag()}.v8cache`;
  let cachedData;
  try {
    const raw = readFileSync(cacheFile);
    if (raw.subarray(0, key.length).toString('latin1') === key) cachedData = raw.subarray(key.length);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (process.env.SPECSHIFT_DEBUG_CODE_CACHE) {
    process.stderr.write(`specshift: code cache ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  }
  // the bundle resolves its external packages through the require given below, not module.paths
  const mod = new Module(file);
  mod.filename = file;
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
        // whole or not at all: two starts at once each write their own and one wins
        renameSync(tmp, cacheFile);
      } catch {
        // not writable (a read-only install): every start compiles, as without a cache
        rmSync(tmp, { force: true });
      }
    };
    setTimeout(write, CACHE_AFTER_MS).unref();
    if (opts.cacheAtExit) process.once('exit', write);
  }
  return mod.exports;
}
