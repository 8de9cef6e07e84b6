import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { listStarterProjects, StarterProject } from '../engine/starter-projects';
import { Flow } from '../flows/flow.entity';
import { hasWebhookNode } from '../flows/flow-rules';
import { FlowsRepository } from '../flows/flows.repository';
import { FlowsService } from '../flows/flows.service';
import { STARTER_FOLDER_DESCRIPTION, STARTER_FOLDER_ID, STARTER_FOLDER_NAME } from '../projects/default-project.service';
import { Folder } from '../projects/folder.entity';
import { ProjectsRepository } from '../projects/projects.repository';

/** GraphDumpResponse: what GET /api/v1/starter-projects/ lists. */
export interface StarterProjectDump {
  data: { nodes: unknown[]; edges: unknown[]; viewport: unknown };
  is_component: boolean;
  name: string;
  description: string;
  endpoint_name: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable id per template name when a template carries none. */
function idFor(project: StarterProject): string {
  if (UUID.test(project.id ?? '')) return project.id.toLowerCase();
  const h = createHash('sha256').update(`nestflow-starter:${project.name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Nestflow's starter templates (src/engine/starter-projects): listed by
 * GET /starter-projects/, and kept as the global "Starter Projects" folder
 * whose flows GET /flows/basic_examples/ serves. Seeding is idempotent and
 * safe for replicas starting together: the folder and flows have fixed ids,
 * so a second insert fails on the primary key and is ignored.
 */
@Injectable()
export class StarterProjectsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StarterProjectsService.name);

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly flows: FlowsRepository,
    private readonly flowsService: FlowsService,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  list(): StarterProjectDump[] {
    return listStarterProjects().map((p) => ({
      data: { nodes: p.data.nodes, edges: p.data.edges, viewport: p.data.viewport ?? null },
      is_component: !!p.is_component,
      name: p.name,
      description: p.description,
      endpoint_name: p.endpoint_name ?? null,
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.createStarterProjects) return;
    try {
      await this.seed();
    } catch (error) {
      this.logger.error(`Could not create the starter projects: ${(error as Error).message}`);
    }
  }

  /** Creates the global folder and one flow per template; refreshes changed ones; drops retired ones. */
  async seed(): Promise<void> {
    const folderId = await this.ensureFolder();
    const templates = listStarterProjects();
    const existing = new Map((await this.flows.listGlobalInFolder(folderId)).map((f) => [f.id, f]));
    for (const template of templates) {
      const id = idFor(template);
      const row = this.toRow(template, id, folderId);
      const current = existing.get(id) ?? (await this.flows.findById(id));
      existing.delete(id);
      if (!current) {
        try {
          await this.flows.insert(row);
        } catch (error) {
          // Another replica inserted it first; anything else is a real failure.
          if (!(await this.flows.findById(id))) throw error;
        }
      } else if (current.user_id === null && this.config.updateStarterProjects && this.changed(current, row)) {
        const { id: _id, ...changes } = row;
        await this.flows.update(id, changes);
      }
    }
    const retired = [...existing.values()].filter((f) => f.user_id === null).map((f) => f.id);
    if (retired.length && this.config.updateStarterProjects) await this.flows.deleteByIds(retired);
    this.flowsService.forgetBasicExamples();
  }

  private async ensureFolder(): Promise<string> {
    if (await this.projects.findById(STARTER_FOLDER_ID)) return STARTER_FOLDER_ID;
    try {
      await this.projects.insert(
        Object.assign(new Folder(), {
          id: STARTER_FOLDER_ID,
          name: STARTER_FOLDER_NAME,
          description: STARTER_FOLDER_DESCRIPTION,
          auth_settings: null,
          parent_id: null,
          user_id: null,
        }),
      );
    } catch {
      // Created concurrently by another replica.
    }
    return STARTER_FOLDER_ID;
  }

  private toRow(template: StarterProject, id: string, folderId: string): Flow {
    return Object.assign(new Flow(), {
      id,
      name: template.name,
      description: template.description ?? null,
      icon: template.icon ?? null,
      icon_bg_color: template.icon_bg_color ?? null,
      gradient: template.gradient ?? null,
      data: JSON.stringify(template.data),
      is_component: !!template.is_component,
      updated_at: new Date(),
      webhook: hasWebhookNode(template.data),
      endpoint_name: null,
      tags: template.tags ?? [],
      locked: false,
      mcp_enabled: false,
      action_name: null,
      action_description: null,
      access_type: 'PRIVATE' as const,
      user_id: null,
      folder_id: folderId,
      fs_path: null,
    });
  }

  private changed(current: Flow, next: Flow): boolean {
    return (
      current.data !== next.data ||
      current.name !== next.name ||
      current.description !== next.description ||
      current.icon !== next.icon ||
      current.gradient !== next.gradient ||
      current.folder_id !== next.folder_id ||
      JSON.stringify(current.tags ?? []) !== JSON.stringify(next.tags ?? [])
    );
  }
}
