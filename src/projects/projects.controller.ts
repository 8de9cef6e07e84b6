import { All, Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { UploadedJsonFile } from '../flows/flows.service';
import { UploadLimitFilter } from '../flows/upload-limit.filter';
import { CreateProjectDto, ProjectReadDto, ReadProjectQueryDto, UpdateProjectDto } from './dto/project.dto';
import { ProjectsService } from './projects.service';

const JSON_TYPE = 'application/json';

@ApiTags('Projects')
@Controller('api/v1/projects')
@Authenticated()
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /** Create a project and move the listed flows and components into it. */
  @Post('/')
  @HttpCode(201)
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateProjectDto): Promise<ProjectReadDto> {
    return this.projects.create(caller, dto);
  }

  /** The caller's projects, the default one first. */
  @Get('/')
  list(@CurrentUser() caller: AuthUser): Promise<ProjectReadDto[]> {
    return this.projects.list(caller);
  }

  /** Create a project and its flows from an uploaded project file. */
  @Post('upload/')
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file'))
  @UseFilters(UploadLimitFilter)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @Header('Content-Type', JSON_TYPE)
  upload(@CurrentUser() caller: AuthUser, @UploadedFile() file: UploadedJsonFile | undefined): Promise<string> {
    return this.projects.upload(caller, file);
  }

  /** A ZIP of the project's flows, API keys emptied. */
  @Get('download/:project_id')
  async download(@CurrentUser() caller: AuthUser, @Param('project_id', uuidParam('project_id')) id: string): Promise<StreamableFile> {
    const file = await this.projects.download(caller, id);
    return new StreamableFile(file.body, {
      type: 'application/x-zip-compressed',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
  }

  /** A project with its flows; with page and size, one page of them. */
  @Get(':project_id')
  @Header('Content-Type', JSON_TYPE)
  get(@CurrentUser() caller: AuthUser, @Param('project_id', uuidParam('project_id')) id: string, @Query() query: ReadProjectQueryDto): Promise<string> {
    return this.projects.get(caller, id, query);
  }

  /** Rename or describe a project, set its auth settings, move flows in. */
  @Patch(':project_id')
  update(@CurrentUser() caller: AuthUser, @Param('project_id', uuidParam('project_id')) id: string, @Body() dto: UpdateProjectDto): Promise<ProjectReadDto> {
    return this.projects.update(caller, id, dto);
  }

  /** Delete a project and the caller's flows in it. */
  @Delete(':project_id')
  @HttpCode(204)
  delete(@CurrentUser() caller: AuthUser, @Param('project_id', uuidParam('project_id')) id: string): Promise<void> {
    return this.projects.delete(caller, id);
  }
}

/** The deprecated /api/v1/folders/* routes answer 307 to the same /api/v1/projects/* URL, as Langflow does. */
@ApiTags('Folders')
@Controller('api/v1/folders')
export class FoldersRedirectController {
  /** 307 to /api/v1/projects/... (method and body are kept by clients). */
  @All(['/', '*path'])
  @Public()
  redirect(@Req() req: Request, @Res() res: Response): void {
    res.redirect(307, req.originalUrl.replace(/^\/api\/v1\/folders/, '/api/v1/projects'));
  }
}
