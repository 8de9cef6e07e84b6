import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type FlowAccessType = 'PRIVATE' | 'PUBLIC';

/**
 * A flow. `data` (the graph) is JSON text, portable across SQLite and
 * Postgres; list and run paths select columns explicitly so a header listing
 * or an authorisation check never loads every graph.
 */
@Entity({ name: 'flow' })
@Unique('unique_flow_name', ['user_id', 'name'])
@Unique('unique_flow_endpoint_name', ['user_id', 'endpoint_name'])
export class Flow {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', nullable: true })
  icon: string | null;

  @Column({ type: 'varchar', nullable: true })
  icon_bg_color: string | null;

  @Column({ type: 'varchar', nullable: true })
  gradient: string | null;

  /** The flow graph ({nodes, edges, viewport}) as JSON text. */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ type: 'boolean', default: false })
  is_component: boolean;

  @Column({ type: Date })
  updated_at: Date;

  @Column({ type: 'boolean', default: false })
  webhook: boolean;

  @Index()
  @Column({ type: 'varchar', nullable: true })
  endpoint_name: string | null;

  @Column({ type: 'simple-json', nullable: true })
  tags: string[] | null;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'boolean', default: false })
  mcp_enabled: boolean;

  @Column({ type: 'varchar', nullable: true })
  action_name: string | null;

  @Column({ type: 'text', nullable: true })
  action_description: string | null;

  @Column({ type: 'varchar', default: 'PRIVATE' })
  access_type: FlowAccessType;

  /** Null for Langflow's global starter flows. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  user_id: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  folder_id: string | null;

  @Column({ type: 'varchar', nullable: true })
  fs_path: string | null;
}
