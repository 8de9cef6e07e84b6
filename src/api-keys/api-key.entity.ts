import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

@Entity({ name: 'apikey' })
export class ApiKey {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', nullable: true })
  name: string | null;

  /** SHA-256 of the key: a stolen database gives no usable key. */
  @Column({ type: 'varchar', unique: true })
  key_hash: string;

  /** The first 8 characters, then one `*` per remaining character, as Langflow lists keys. */
  @Column({ type: 'varchar' })
  masked_key: string;

  @Column({ type: 'boolean', default: true })
  is_active: boolean;

  @Column({ type: 'integer', default: 0 })
  total_uses: number;

  @Column({ type: Date, nullable: true })
  last_used_at: Date | null;

  @Column({ type: Date })
  created_at: Date;

  @Index()
  @Column('uuid')
  user_id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
