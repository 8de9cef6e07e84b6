import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { User } from '../users/user.entity';

/** Postgres returns bigint as a string; sizes fit a JS number. */
const bigintAsNumber = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? v : Number(v)) };

/** A files v2 upload (Langflow's `file` table), owned by one user. */
@Entity({ name: 'file' })
@Unique('unique_file_name_user', ['name', 'user_id'])
export class UserFile {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  user_id: string;

  /** The display name, without extension; unique per user. */
  @Column({ type: 'varchar' })
  name: string;

  /** "<user_id>/<stored name>", the key the engine's File component reads. */
  @Column({ type: 'varchar' })
  path: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size: number;

  @Column({ type: 'varchar', nullable: true })
  provider: string | null;

  @Column({ type: Date })
  created_at: Date;

  @Column({ type: Date })
  updated_at: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
