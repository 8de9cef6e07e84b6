import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface UserOptins {
  github_starred: boolean;
  dialog_dismissed: boolean;
  discord_clicked: boolean;
  [key: string]: unknown;
}

@Entity({ name: 'user' })
export class User {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', unique: true })
  username: string;

  /** bcrypt hash; never leaves the users mapper. */
  @Column({ type: 'varchar' })
  password: string;

  @Column({ type: 'varchar', nullable: true })
  profile_image: string | null;

  @Column({ type: 'varchar', nullable: true })
  store_api_key: string | null;

  @Column({ type: 'boolean', default: false })
  is_active: boolean;

  @Column({ type: 'boolean', default: false })
  is_superuser: boolean;

  /** Langflow spells it create_at. */
  @Column({ type: Date })
  create_at: Date;

  @Column({ type: Date })
  updated_at: Date;

  @Column({ type: Date, nullable: true })
  last_login_at: Date | null;

  @Column({ type: 'simple-json', nullable: true })
  optins: UserOptins | null;
}
