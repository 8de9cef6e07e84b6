import { IsOptional, IsUUID } from 'class-validator';

/** ?folder_id= on uploads. */
export class FolderIdQueryDto {
  /** The project to put the flows in (default: the caller's default project). */
  @IsOptional()
  @IsUUID()
  folder_id?: string;
}
