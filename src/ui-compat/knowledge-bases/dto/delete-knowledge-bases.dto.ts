import { IsArray, IsDefined, IsString } from 'class-validator';

/** DELETE /api/v1/knowledge_bases body. */
export class DeleteKnowledgeBasesDto {
  @IsDefined()
  @IsArray()
  @IsString({ each: true })
  kb_names: string[];
}
