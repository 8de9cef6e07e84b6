import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Langflow's `vertex_build` table: the last builds of each vertex, restored onto the nodes when
 * a flow is opened. Written by RunRecorder; capped by LANGFLOW_MAX_VERTEX_BUILDS_PER_VERTEX and
 * LANGFLOW_MAX_VERTEX_BUILDS_TO_KEEP. Postgres adds a hidden `seq` BIGSERIAL (SQLite: rowid).
 */
@Entity({ name: 'vertex_build' })
@Index('IDX_vertex_build_flow_vertex_ts', ['flow_id', 'id', 'timestamp'])
@Index('IDX_vertex_build_ts', ['timestamp'])
export class VertexBuildRow {
  @PrimaryColumn('uuid')
  build_id: string;

  /** The vertex id (e.g. "ChatOutput-aF5lw"). */
  @Column({ type: 'varchar' })
  id: string;

  @Column({ type: Date })
  timestamp: Date;

  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  artifacts: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  params: string | null;

  @Column({ type: 'boolean' })
  valid: boolean;

  @Column({ type: 'uuid' })
  flow_id: string;
}
