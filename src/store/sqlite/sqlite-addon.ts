// Where better-sqlite3's compiled addon is, so each connection can name it.
//
// Without the `nativeBinding` option better-sqlite3 finds its addon through the `bindings` package,
// which loads itself and then tries path after path: ~3.5 ms of every start on the development VM,
// more than loading the addon (~1.3 ms) (bench/README.md, thirteenth pass). npm's install (and its
// prebuilt binaries) put the addon in build/Release; anywhere else (a custom build), the package's
// own search runs as before.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let found: string | null | undefined;

/** The addon's path, or null when it is not where npm puts it (better-sqlite3 then searches itself). */
export function sqliteAddonPath(): string | null {
  if (found !== undefined) return found;
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const addon = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    found = existsSync(addon) ? addon : null;
  } catch {
    found = null;
  }
  return found;
}

/** better-sqlite3's options naming the addon when it is known. */
export function sqliteAddonOptions(): { nativeBinding?: string } {
  const addon = sqliteAddonPath();
  return addon ? { nativeBinding: addon } : {};
}
