import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { UserEvents } from '../users/user-events';
import { Folder } from './folder.entity';
import { ProjectsRepository } from './projects.repository';

export const DEFAULT_FOLDER_DESCRIPTION = 'Manage your own flows. Download and upload projects.';
export const STARTER_FOLDER_NAME = 'Starter Projects';
export const STARTER_FOLDER_DESCRIPTION = 'Starter projects to help you get started in Langflow.';
/** Fixed id of the global "Starter Projects" folder, so replicas starting together create it once. */
export const STARTER_FOLDER_ID = '1a4f8b2e-5c3d-4e6f-9a0b-7c8d9e0f1a2b';
const LEGACY_DEFAULT_NAME = 'My Collection';

/**
 * Each user's default project (DEFAULT_FOLDER_NAME, "Starter Project"):
 * created when the user is created or logs in, and lazily wherever a flow
 * needs a home and the project is missing.
 */
@Injectable()
export class DefaultProjectService implements OnModuleInit {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly events: UserEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    this.events.onCreated((userId) => this.ensure(userId).then(() => undefined));
    this.events.onLogin((userId) => this.ensure(userId).then(() => undefined));
  }

  get name(): string {
    return this.config.defaultFolderName;
  }

  /** The user's default project, created (or renamed from the legacy "My Collection") if missing. */
  async ensure(userId: string): Promise<Folder> {
    const existing = await this.projects.findByName(userId, this.name);
    if (existing) return existing;
    const legacy = await this.projects.findByName(userId, LEGACY_DEFAULT_NAME);
    if (legacy) {
      legacy.name = this.name;
      legacy.description = DEFAULT_FOLDER_DESCRIPTION;
      try {
        return await this.projects.save(legacy);
      } catch {
        // Another request renamed or created it first.
      }
    } else {
      try {
        return await this.projects.insert(
          Object.assign(new Folder(), {
            id: randomUUID(),
            name: this.name,
            description: DEFAULT_FOLDER_DESCRIPTION,
            auth_settings: null,
            parent_id: null,
            user_id: userId,
          }),
        );
      } catch {
        // A concurrent request created it: the unique (user_id, name) constraint held.
      }
    }
    const raced = await this.projects.findByName(userId, this.name);
    if (!raced) throw new Error(`Could not create the default project for user ${userId}`);
    return raced;
  }

  /** The global "Starter Projects" folder, or null when starter projects are not created. */
  async starterFolder(): Promise<Folder | null> {
    return (await this.projects.findById(STARTER_FOLDER_ID)) ?? this.projects.findGlobalByName(STARTER_FOLDER_NAME);
  }
}
