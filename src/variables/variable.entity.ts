import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export const CREDENTIAL_TYPE = 'Credential';
export const GENERIC_TYPE = 'Generic';

/** A global variable. Credential values are sealed (AES-256-GCM) before they are stored. */
@Entity({ name: 'variable' })
@Unique('unique_variable_name', ['user_id', 'name'])
export class Variable {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  /** Generic: the value; Credential: the sealed value. */
  @Column({ type: 'text', nullable: true })
  value: string | null;

  @Column({ type: 'simple-json', nullable: true })
  default_fields: string[] | null;

  @Column({ type: 'varchar', nullable: true })
  type: string | null;

  @Column({ type: Date, nullable: true })
  created_at: Date | null;

  @Column({ type: Date, nullable: true })
  updated_at: Date | null;

  @Index()
  @Column('uuid')
  user_id: string;
}
