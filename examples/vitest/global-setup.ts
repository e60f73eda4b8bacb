// One specshift server for every test file that shares it: started once before the files run (in
// parallel workers), stopped after. Files reach it with connectSpecshift(inject('specshift')).
import type { TestProject } from 'vitest/node';
import { startSpecshift } from 'specshift';

declare module 'vitest' {
  export interface ProvidedContext {
    specshift: string;
  }
}

export default async function setup(project: TestProject) {
  // 'instant': files share one clock, so a test waits for its jobs with settle(), not advance()
  const cloud = await startSpecshift({ timing: 'instant' });
  project.provide('specshift', cloud.endpoint);
  return () => cloud.close();
}
