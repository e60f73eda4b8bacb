// Whether the bundle (dist/bundle/specshift.cjs) should serve instead of the compiled sources it
// was built from: the rule of bin/specshift.js, for the package's API (package-entry.ts).

export interface BundleTimes {
  /** the bundle's modification time (ms), -1 when there is none */
  bundle: number;
  /** the compiled sources' (ms) */
  sources: number;
  /** a checkout (tsconfig.json beside the package's root), not an installed package */
  checkout: boolean;
}

/**
 * In a checkout a bundle older than the compiled sources is left over from an earlier build and must
 * not serve; an installed package's bundle always serves (npm does not keep a tarball's modification
 * times: the bundle, unpacked first, reads older). SPECSHIFT_NO_BUNDLE=1 takes the sources.
 */
export function bundleServes(t: BundleTimes, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SPECSHIFT_NO_BUNDLE === '1' || t.bundle < 0) return false;
  return !t.checkout || t.bundle >= t.sources;
}
