// The Huawei part of the world every Huawei service stands on: regions with their AZs, and each
// account's projects (one per region it uses). Runs before ECS's and AAD's sections.
import { hex32 } from '../../../core/derived-ids.js';
import type { Project, Region } from '../../../core/model/types.js';
import { WorldError, type WorldSectionLoader } from '../../../core/world-section.js';

interface HuaweiRegionsSection {
  regions?: { id: string; name?: string; zones: string[] }[];
}

interface AccountProjects {
  name: string;
  projects?: { id?: string; region: string }[];
}

export const iamWorldSection: WorldSectionLoader = {
  key: 'huawei',
  // projects are declared under accounts; a world without a huawei section may still name them
  runsWithoutSection: true,
  async load(section, ctx, tx) {
    const regions = new Map<string, Region>();
    for (const r of (section as HuaweiRegionsSection).regions ?? []) {
      const region: Region = { id: r.id, cloud: 'huawei', name: r.name ?? r.id, zones: r.zones };
      regions.set(r.id, region);
      await tx.putRegion(region);
    }
    for (const a of ctx.rawAccounts as unknown as AccountProjects[]) {
      const account = ctx.accountByName(a.name);
      const entry = ctx.summary.accounts.find((e) => e.name === a.name)!;
      for (const p of a.projects ?? []) {
        if (!regions.has(p.region)) throw new WorldError(`world file: project of ${a.name} names unknown region ${p.region}`);
        const project: Project = { id: p.id ?? hex32(`project/${a.name}/${p.region}`), accountId: account.id, region: p.region, name: p.region };
        await tx.putProject(project);
        entry.projects.push({ id: project.id, region: p.region });
      }
    }
  },
};
