// An esbuild plugin for scripts/bundle.mjs: in the bundle, fastify's router (find-my-way) builds the
// three small functions it makes for every route and every static path segment as closures, not as
// source text compiled with `new Function`.
//
// Why: each `new Function` parses and compiles a fresh script, which no code cache can keep. With
// specshift's routes (HEAD ones included) a start made 543 of them: 153 prefix matchers, 195
// parameter-object builders and 195 constraint matchers, ~13 ms of every cold start on the
// development VM (bench/README.md, fifteenth pass). The closures do the same work per request with
// a loop instead of unrolled code: a few nanoseconds on a lookup of a handful of nodes.
//
// What each replaces keeps its behaviour:
// - a static node's prefix matcher is called once the node's first character matched (the parent
//   picks its child by that character), so `startsWith` from the same index answers alike;
// - the parameter object gets the same keys in the same order on a prototype-less object;
// - the constraint matcher runs the same bitmask steps over the same constants, taken when the
//   handler is added, as the generated source had them inlined.
//
// Each entry names the function it replaces by its first and last lines and pins the whole text
// between them by its SHA-256: a dependency update that changes any of it fails the build here (as
// lazy-requires.mjs does), so nothing is replaced that was not read.

import { createHash } from 'node:crypto';

export const ROUTER_CLOSURES = [
  {
    file: 'node_modules/find-my-way/lib/node.js',
    from: 'function compilePrefixMatch (prefix) {',
    to: '// eslint-disable-line\n}\n',
    sha256: 'b6d65d9cf31452f0d5c9981cbae5b20e9ecb6966c8cf27ad3773ea3226754d8c',
    with: `function compilePrefixMatch (prefix) {
  if (prefix.length === 1) {
    return matchSingleCharPrefix
  }
  return function matchPrefix (path, i) {
    return path.startsWith(prefix, i)
  }
}
`,
  },
  {
    file: 'node_modules/find-my-way/lib/handler-storage.js',
    from: '  _compileCreateParamsObject (params) {',
    to: '(NullObject)  // eslint-disable-line\n  }\n',
    sha256: '07a43d5ef08585cb4630563c70c6983a5a74d2e212051a3e1514012aec905593',
    with: `  _compileCreateParamsObject (params) {
    const names = params.slice()
    return function _createParamsObject (param0, param1, param2, param3, extraParams) {
      const out = new NullObject()
      for (let i = 0; i < names.length; i++) {
        out[names[i]] = i === 0 ? param0 : i === 1 ? param1 : i === 2 ? param2 : i === 3 ? param3 : extraParams[i - 4]
      }
      return out
    }
  }
`,
  },
  {
    file: 'node_modules/find-my-way/lib/handler-storage.js',
    from: '  _compileGetHandlerMatchingConstraints (constrainer) {',
    to: "lines.join('\\n')) // eslint-disable-line\n  }\n",
    sha256: '89f336001e3a1f4447c0c03fc8ba94b11edcc3d2a44b7fd852a9c558402935b0',
    with: `  _compileGetHandlerMatchingConstraints (constrainer) {
    this.constrainedHandlerStores = {}

    for (const constraint of this.constraints) {
      const store = constrainer.newStoreForConstraint(constraint)
      this.constrainedHandlerStores[constraint] = store

      this._buildConstraintStore(store, constraint)
    }

    const initial = (1 << this.handlers.length) - 1
    const checks = this.constraints.map((constraint) => ({
      constraint,
      mask: this._constrainedIndexBitmask(constraint),
      mustMatch: Boolean(constrainer.strategies[constraint].mustMatchWhenDerived)
    }))
    // constraints that, once derived, match only routes constrained by them
    const absent = []
    for (const constraint in constrainer.strategies) {
      if (!Object.hasOwn(constrainer.strategies, constraint)) continue
      if (constrainer.strategies[constraint].mustMatchWhenDerived && !this.constraints.includes(constraint)) absent.push(constraint)
    }
    this._getHandlerMatchingConstraints = function (derivedConstraints) {
      let candidates = initial
      for (let k = 0; k < checks.length; k++) {
        const check = checks[k]
        const value = derivedConstraints[check.constraint]
        if (value === undefined) {
          candidates &= check.mask
        } else {
          const matches = this.constrainedHandlerStores[check.constraint].get(value) || 0
          candidates &= check.mustMatch ? matches : (matches | check.mask)
        }
        if (candidates === 0) return null
      }
      for (let k = 0; k < absent.length; k++) {
        if (derivedConstraints[absent[k]] !== undefined) return null
      }
      return this.handlers[31 - Math.clz32(candidates)]
    }
  }
`,
  },
];

/** `contents` with each entry of `file` applied; throws if a function's text is not the one pinned. */
export function applyRouterClosures(file, contents) {
  for (const e of ROUTER_CLOSURES.filter((x) => x.file === file)) {
    const at = contents.indexOf(e.from);
    const end = at < 0 ? -1 : contents.indexOf(e.to, at);
    const span = end < 0 ? null : contents.slice(at, end + e.to.length);
    const hash = span === null ? null : createHash('sha256').update(span).digest('hex');
    if (hash !== e.sha256) throw new Error(`router-closures: ${file} no longer holds the text pinned for ${JSON.stringify(e.from.trim())}; read it again and update scripts/router-closures.mjs`);
    contents = contents.slice(0, at) + e.with + contents.slice(end + e.to.length);
  }
  return contents;
}

export function routerClosures(root) {
  return {
    name: 'router-closures',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]find-my-way[\\/]lib[\\/](node|handler-storage)\.js$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const { relative, sep } = await import('node:path');
        const rel = relative(root, args.path).split(sep).join('/');
        if (!ROUTER_CLOSURES.some((e) => e.file === rel)) return undefined;
        return { contents: applyRouterClosures(rel, await readFile(args.path, 'utf8')), loader: 'js' };
      });
    },
  };
}
