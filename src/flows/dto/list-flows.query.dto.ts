import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** FastAPI's boolean parsing: true/false, 1/0, yes/no, on/off; anything else fails validation. */
export const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(lower)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(lower)) return false;
  return value;
};

/** fastapi-pagination's page/size: page >= 1, size 1..100. */
export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;
}

/** GET /flows/ filters. */
export class ListFlowsQueryDto extends PageQueryDto {
  /** Leave out the global starter flows. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  remove_example_flows?: boolean = false;

  /** Only saved components. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  components_only?: boolean = false;

  /** All flows as one array (the default), else one page of a project's flows. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  get_all?: boolean = true;

  /** The project to page through (default: the caller's default project). */
  @IsOptional()
  @IsUUID()
  folder_id?: string;

  /** Headers only: `data` is sent for components alone. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  header_flows?: boolean = false;
}
