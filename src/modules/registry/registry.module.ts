import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createJobsService } from './jobs.service.ts';
import { createBuildService } from './registry.build.ts';
import { createFiguresService } from './registry.figures.ts';
import { createImportService } from './registry.imports.ts';
import { createRegionsService } from './registry.regions.ts';
import { createRegistryService } from './registry.service.ts';
import { createSubmitService } from './registry.submit.ts';

/** The registry's use cases, wired once (issue 22). */
export const createRegistryServices = (deps: { db: Database; audit: AuditService; clock: () => Date }) => {
  const registrySubmit = createSubmitService(deps);
  return {
  registry: createRegistryService(deps),
  registrySubmit,
  registryBuild: createBuildService({ ...deps, submit: registrySubmit }),
  registryImports: createImportService(deps),
  registryFigures: createFiguresService(deps),
  registryRegions: createRegionsService(deps),
  jobs: createJobsService(deps),
  };
};
