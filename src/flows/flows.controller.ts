import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Public } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { CreateFlowDto, CreateFlowsBatchDto } from './dto/create-flow.dto';
import { FlowReadDto } from './dto/flow-read.dto';
import { ListFlowsQueryDto } from './dto/list-flows.query.dto';
import { UpdateFlowDto } from './dto/update-flow.dto';
import { FlowsService, UploadedJsonFile } from './flows.service';
import { UploadLimitFilter } from './upload-limit.filter';
import { FolderIdQueryDto } from './dto/folder-id.query.dto';
import { ExpandFlowDto } from './dto/expand-flow.dto';

const JSON_TYPE = 'application/json';

/** Puts the body's graph, as parsed, back on a DTO (see CreateFlowDto.data). */
function withData<T extends { data?: Record<string, unknown> | null }>(dto: T, data: unknown): T {
  if (data !== undefined) dto.data = data as T['data'];
  return dto;
}
const FILE_BODY = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

/**
 * /api/v1/flows. Handlers that return graphs send JSON text built around the
 * stored graph text (see flow.mapper.ts); compression applies app-wide.
 */
@ApiTags('Flows')
@Controller('api/v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  /** Create a flow (a taken name becomes "Name (1)", a taken endpoint name "name-1"). */
  @Post('/')
  @HttpCode(201)
  @Authenticated()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: FlowReadDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateFlowDto, @Body('data') data: unknown): Promise<string> {
    return this.flows.create(caller, withData(dto, data));
  }

  /** The caller's flows: all of them (default), headers only, components only, or one page of a project. */
  @Get('/')
  @Authenticated()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: [FlowReadDto] })
  list(@CurrentUser() caller: AuthUser, @Query() query: ListFlowsQueryDto): Promise<string> {
    return this.flows.list(caller, query);
  }

  /** The flows of the global "Starter Projects" folder (no credentials needed). */
  @Get('basic_examples/')
  @Public()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: [FlowReadDto] })
  basicExamples(): Promise<string> {
    return this.flows.basicExamples();
  }

  /** A PUBLIC flow, for the shareable playground (no credentials needed). */
  @Get('public_flow/:flow_id')
  @Public()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: FlowReadDto })
  publicFlow(@Param('flow_id', uuidParam('flow_id')) id: string): Promise<string> {
    return this.flows.publicFlow(id);
  }

  /** Create several flows as given (no renaming); all or none. */
  @Post('batch/')
  @HttpCode(201)
  @Authenticated()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: [FlowReadDto] })
  createBatch(@CurrentUser() caller: AuthUser, @Body() dto: CreateFlowsBatchDto, @Body('flows') raw: unknown): Promise<string> {
    return this.flows.createBatch(caller, { flows: dto.flows.map((flow, i) => withData(flow, Array.isArray(raw) ? raw[i]?.data : undefined)) });
  }

  /** Import a JSON file holding one flow or {"flows": [...]}. */
  @Post('upload/')
  @HttpCode(201)
  @Authenticated()
  @UseInterceptors(FileInterceptor('file'))
  @UseFilters(UploadLimitFilter)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: [FlowReadDto] })
  upload(@CurrentUser() caller: AuthUser, @UploadedFile() file: UploadedJsonFile | undefined, @Query() query: FolderIdQueryDto): Promise<string> {
    return this.flows.upload(caller, file, query.folder_id);
  }

  /** Delete several of the caller's flows; body: a JSON list of ids. */
  @Delete('/')
  @Authenticated()
  @ApiBody({ schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  deleteMany(@CurrentUser() caller: AuthUser, @Body() ids: unknown): Promise<{ deleted: number }> {
    return this.flows.deleteMany(caller, ids);
  }

  /** Export flows: one as JSON, several as a ZIP of one JSON file per flow. */
  @Post('download/')
  @HttpCode(200)
  @Authenticated()
  @ApiBody({ schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  async download(@CurrentUser() caller: AuthUser, @Body() ids: unknown, @Res({ passthrough: true }) res: Response): Promise<string | StreamableFile> {
    const file = await this.flows.download(caller, ids);
    if (file.kind === 'json') {
      res.setHeader('Content-Type', JSON_TYPE);
      return file.body;
    }
    return new StreamableFile(file.body, { type: 'application/x-zip-compressed', disposition: `attachment; filename=${file.filename}` });
  }

  /** Expand a compact flow ({nodes: [{id, type, values}], edges}) into full flow data. */
  @Post('expand/')
  @HttpCode(200)
  @Authenticated()
  expand(@Body() dto: ExpandFlowDto): { nodes: unknown[]; edges: unknown[] } {
    return this.flows.expand(dto);
  }

  /** One of the caller's flows (or a global starter flow). */
  @Get(':flow_id')
  @Authenticated()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: FlowReadDto })
  get(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) id: string): Promise<string> {
    return this.flows.get(caller, id);
  }

  /** Update a flow; an omitted, null or empty endpoint_name clears it (as Langflow does). */
  @Patch(':flow_id')
  @Authenticated()
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: FlowReadDto })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('flow_id', uuidParam('flow_id')) id: string,
    @Body() dto: UpdateFlowDto,
    @Body('data') data: unknown,
  ): Promise<string> {
    return this.flows.update(caller, id, withData(dto, data));
  }

  /** Delete a flow with its messages, transactions and builds. */
  @Delete(':flow_id')
  @Authenticated()
  delete(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) id: string): Promise<{ message: string }> {
    return this.flows.delete(caller, id);
  }
}
