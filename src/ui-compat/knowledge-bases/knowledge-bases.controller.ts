import { Body, Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { DeleteKnowledgeBasesDto } from './dto/delete-knowledge-bases.dto';
import { KnowledgeBaseInfo, KnowledgeBasesService } from './knowledge-bases.service';

@ApiTags('Knowledge Bases')
@Controller('api/v1/knowledge_bases')
@Authenticated()
export class KnowledgeBasesController {
  constructor(private readonly kbs: KnowledgeBasesService) {}

  /** The caller's local knowledge bases (written by the Knowledge Ingestion component). */
  @Get()
  list(@CurrentUser() caller: AuthUser): Promise<KnowledgeBaseInfo[]> {
    return this.kbs.list(caller);
  }

  /** One knowledge base; 404 when the caller has none of that name. */
  @Get(':kb_name')
  get(@CurrentUser() caller: AuthUser, @Param('kb_name') name: string): Promise<KnowledgeBaseInfo> {
    return this.kbs.get(caller, name);
  }

  /** Delete one knowledge base. */
  @Delete(':kb_name')
  @HttpCode(200)
  delete(@CurrentUser() caller: AuthUser, @Param('kb_name') name: string): Promise<{ message: string }> {
    return this.kbs.delete(caller, name);
  }

  /** Delete several knowledge bases: body {kb_names: [...]}. */
  @Delete()
  @HttpCode(200)
  deleteMany(@CurrentUser() caller: AuthUser, @Body() dto: DeleteKnowledgeBasesDto): Promise<{ message: string; deleted_count: number; not_found?: string[] }> {
    return this.kbs.deleteMany(caller, dto.kb_names);
  }
}
