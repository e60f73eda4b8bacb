import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// Compiled files live in dist/src/; shipped data (data/, schema/) sits at the package root.
const root = fileURLToPath(new URL('../../', import.meta.url));

export const packageFile = (...parts: string[]): string => join(root, ...parts);
