import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A project (Langflow's table is still called folder). */
@Entity({ name: 'folder' })
@Unique('unique_folder_name', ['user_id', 'name'])
export class Folder {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** MCP auth settings; secrets inside are encrypted before they are stored. */
  @Column({ type: 'simple-json', nullable: true })
  auth_settings: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  parent_id: string | null;

  /** Null for global folders such as "Starter Projects". */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  user_id: string | null;
}
