/** A user as Langflow returns it (UserRead). */
export class UserReadDto {
  id: string;
  username: string;
  profile_image: string | null;
  store_api_key: string | null;
  is_active: boolean;
  is_superuser: boolean;
  /** Creation time; Langflow spells the field create_at. */
  create_at: string;
  updated_at: string;
  last_login_at: string | null;
  optins: Record<string, unknown>;
}

export class UsersPageDto {
  total_count: number;
  users: UserReadDto[];
}
