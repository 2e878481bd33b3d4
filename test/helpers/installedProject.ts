import { INSTANCES_PROGRAM, installedProject as project } from '../../bench/project';

/**
 * A program project with pulumi-itcare installed as `npm install` leaves it (see bench/project.ts):
 * instances from the config `instances`, project `itcare-e2e`.
 */
export function installedProject(): { dir: string; dispose(): void } {
  return project(INSTANCES_PROGRAM);
}
