import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { HttpError } from '../common/http/http-error';
import { isUuid, uuidParam } from '../common/validation/uuid-param.pipe';
import { UploadedUserFileDto, UserFileDto, UserFilesService } from './user-files.service';

@ApiTags('Files')
@Controller('api/v2/files')
@Authenticated()
export class FilesV2Controller {
  constructor(private readonly files: UserFilesService) {}

  /** Upload a file (multipart `file`); a taken name gets Langflow's " (n)" suffix. */
  @Post()
  upload(@CurrentUser() caller: AuthUser, @Req() req: Request, @Query('append') append?: string): Promise<UploadedUserFileDto> {
    return this.files.upload(req, caller, parseBool('append', append));
  }

  /** The caller's files. */
  @Get()
  list(@CurrentUser() caller: AuthUser): Promise<UserFileDto[]> {
    return this.files.list(caller);
  }

  /** Delete all the caller's files. */
  @Delete()
  deleteAll(@CurrentUser() caller: AuthUser): Promise<{ message: string }> {
    return this.files.deleteAll(caller);
  }

  /** Download several files (JSON array of ids) as one ZIP. */
  @Post('batch')
  @HttpCode(200)
  downloadMany(@CurrentUser() caller: AuthUser, @Body() ids: unknown, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.files.downloadMany(caller, uuidList(ids), res);
  }

  /** Delete several files (JSON array of ids). */
  @Delete('batch')
  deleteMany(@CurrentUser() caller: AuthUser, @Body() ids: unknown): Promise<{ message: string }> {
    return this.files.deleteMany(caller, uuidList(ids));
  }

  /** Download a file, or its text with ?return_content=true. */
  @Get(':file_id')
  async download(
    @CurrentUser() caller: AuthUser,
    @Param('file_id', uuidParam('file_id')) id: string,
    @Res({ passthrough: true }) res: Response,
    @Query('return_content') returnContent?: string,
  ): Promise<StreamableFile | void> {
    const result = await this.files.download(caller, id, parseBool('return_content', returnContent), res);
    if (typeof result === 'string') {
      res.type('application/json').send(result);
      return;
    }
    return result;
  }

  /** Rename a file's display name (?name=). */
  @Put(':file_id')
  rename(@CurrentUser() caller: AuthUser, @Param('file_id', uuidParam('file_id')) id: string, @Query('name') query?: string | string[]): Promise<UploadedUserFileDto> {
    const name = Array.isArray(query) ? query[0] : query;
    if (typeof name !== 'string') throw new HttpError(422, [{ type: 'missing', loc: ['query', 'name'], msg: 'Field required', input: null }]);
    return this.files.rename(caller, id, name);
  }

  /** Delete a file. */
  @Delete(':file_id')
  delete(@CurrentUser() caller: AuthUser, @Param('file_id', uuidParam('file_id')) id: string): Promise<{ detail: string }> {
    return this.files.delete(caller, id);
  }
}

const TRUE = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE = ['false', '0', 'no', 'off', 'f', 'n'];

/** A FastAPI bool query parameter: absent is false, anything unrecognised is a 422. */
function parseBool(name: string, value: unknown): boolean {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return false;
  const lower = String(raw).toLowerCase();
  if (TRUE.includes(lower)) return true;
  if (FALSE.includes(lower)) return false;
  throw new HttpError(422, [{ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: raw }]);
}

/** The JSON body of the batch routes: a list of file ids. */
function uuidList(body: unknown): string[] {
  if (!Array.isArray(body)) {
    throw new HttpError(422, [{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: body ?? null }]);
  }
  const errors = body.flatMap((value, index) =>
    isUuid(value) ? [] : [{ type: 'uuid_parsing', loc: ['body', index], msg: 'Input should be a valid UUID', input: value }],
  );
  if (errors.length) throw new HttpError(422, errors);
  const normalize = uuidParam('file_ids');
  return body.map((value: string) => normalize.transform(value));
}
