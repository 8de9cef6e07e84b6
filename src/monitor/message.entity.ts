import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Langflow's `message` table: chat history written by ChatInput/ChatOutput/Memory/Agents and
 * read by Memory, Agent history and the Playground. JSON columns are text (portable).
 * Writes go through DbMessageStore (raw prepared INSERTs, write-behind); this entity documents
 * the schema and keeps TypeORM's metadata complete.
 * On Postgres the table also has a hidden `seq` BIGSERIAL (SQLite uses its rowid) that orders
 * messages stored within the same millisecond.
 */
@Entity({ name: 'message' })
@Index('IDX_message_session_ts', ['session_id', 'timestamp'])
@Index('IDX_message_flow', ['flow_id'])
export class MessageRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: Date })
  timestamp: Date;

  @Column({ type: 'varchar' })
  sender: string;

  @Column({ type: 'varchar' })
  sender_name: string;

  @Column({ type: 'varchar' })
  session_id: string;

  @Column({ type: 'varchar', nullable: true })
  context_id: string | null;

  @Column({ type: 'text', default: '' })
  text: string;

  /** JSON list of file paths, kept as text: the monitor API answers it as a JSON string. */
  @Column({ type: 'text', nullable: true })
  files: string | null;

  @Column({ type: 'boolean', default: false })
  error: boolean;

  @Column({ type: 'boolean', default: false })
  edit: boolean;

  @Column({ type: 'simple-json', nullable: true })
  properties: Record<string, unknown> | null;

  @Column({ type: 'varchar', default: 'message' })
  category: string;

  @Column({ type: 'simple-json', nullable: true })
  content_blocks: unknown[] | null;

  /** The flow that wrote it (ON DELETE CASCADE); null for runs of flows that are not stored. */
  @Column({ type: 'uuid', nullable: true })
  flow_id: string | null;
}
