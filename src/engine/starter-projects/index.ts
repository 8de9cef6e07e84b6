/**
 * Nestflow's starter projects (GET /api/v1/starter-projects/, GET /api/v1/flows/basic_examples/):
 * `listStarterProjects()` returns them in Langflow's export format
 * ({id, name, description, data: {nodes, edges, viewport}, endpoint_name, is_component, ...}).
 */
import type { ComponentRegistry } from '../component/registry';
import { createDefaultRegistry } from '../components';
import { buildStarterProject, StarterProject, STARTER_PROJECT_DEFINITIONS } from './projects';

export type { StarterProject } from './projects';
export { STARTER_PROJECT_NAMES } from './projects';
export { FlowBuilder, encodeHandle, stableUuid } from './flow-builder';

let cached: StarterProject[] | undefined;

/**
 * All starter projects, built from the given registry (default: the engine's default registry).
 * A project whose components are not registered is left out. Returns fresh copies.
 */
export function listStarterProjects(registry?: ComponentRegistry): StarterProject[] {
  const useCache = !registry;
  if (!useCache || !cached) {
    const reg = registry ?? createDefaultRegistry();
    const out: StarterProject[] = [];
    for (const def of STARTER_PROJECT_DEFINITIONS) {
      try {
        out.push(buildStarterProject(def, reg));
      } catch {
        /* a component it needs is not available in this registry */
      }
    }
    if (!useCache) return out;
    cached = out;
  }
  return JSON.parse(JSON.stringify(cached));
}

/** One starter project by name (case-insensitive), or undefined. */
export function getStarterProject(name: string, registry?: ComponentRegistry): StarterProject | undefined {
  return listStarterProjects(registry).find((p) => p.name.toLowerCase() === name.toLowerCase());
}
