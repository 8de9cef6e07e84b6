import { ApiProperty } from '@nestjs/swagger';

/** FlowRead, field for field. */
export class FlowReadDto {
  name: string;
  description: string | null;
  icon: string | null;
  icon_bg_color: string | null;
  gradient: string | null;
  @ApiProperty({ type: 'object', additionalProperties: {}, nullable: true })
  data: Record<string, unknown> | null;
  is_component: boolean;
  updated_at: string;
  webhook: boolean;
  endpoint_name: string | null;
  tags: string[] | null;
  locked: boolean;
  mcp_enabled: boolean;
  action_name: string | null;
  action_description: string | null;
  access_type: string;
  id: string;
  user_id: string | null;
  folder_id: string | null;
}

/** fastapi-pagination's Page. */
export class PageDto<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}
