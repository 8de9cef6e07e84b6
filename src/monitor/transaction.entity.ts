import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Langflow's `transaction` table: one row per vertex execution (inputs, outputs, status),
 * shown in the editor's Logs modal. Written by RunRecorder; capped per flow by
 * LANGFLOW_MAX_TRANSACTIONS_TO_KEEP. Postgres adds a hidden `seq` BIGSERIAL (SQLite: rowid).
 */
@Entity({ name: 'transaction' })
@Index('IDX_transaction_flow_ts', ['flow_id', 'timestamp'])
export class TransactionRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: Date })
  timestamp: Date;

  @Column({ type: 'varchar' })
  vertex_id: string;

  @Column({ type: 'varchar', nullable: true })
  target_id: string | null;

  @Column({ type: 'simple-json', nullable: true })
  inputs: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  outputs: Record<string, unknown> | null;

  @Column({ type: 'varchar' })
  status: string;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid' })
  flow_id: string;
}
