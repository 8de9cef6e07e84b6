import { Controller, Delete, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { FilesService } from './files.service';
import { ProfilePicturesService } from './profile-pictures/profile-pictures.service';

@ApiTags('Files')
@Controller('api/v1/files')
export class FilesV1Controller {
  constructor(
    private readonly files: FilesService,
    private readonly pictures: ProfilePicturesService,
  ) {}

  /** Upload a file (multipart `file`) to one of the caller's flows. */
  @Post('upload/:flow_id')
  @Authenticated()
  upload(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) flowId: string, @Req() req: Request): Promise<{ flowId: string; file_path: string }> {
    return this.files.upload(req, flowId, caller, true);
  }

  /** Download a file of one of the caller's flows. */
  @Get('download/:flow_id/:file_name')
  @Authenticated()
  download(
    @CurrentUser() caller: AuthUser,
    @Param('flow_id', uuidParam('flow_id')) flowId: string,
    @Param('file_name') fileName: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.files.download(caller, flowId, fileName, res);
  }

  /** An image of a flow, public so <img> tags can load it. */
  @Get('images/:flow_id/:file_name')
  @Public()
  image(@Param('flow_id', uuidParam('flow_id')) flowId: string, @Param('file_name') fileName: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.files.image(flowId, fileName, res);
  }

  /** Names of a flow's files. */
  @Get('list/:flow_id')
  @Authenticated()
  list(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) flowId: string): Promise<{ files: string[] }> {
    return this.files.list(caller, flowId);
  }

  /** Delete a file of one of the caller's flows. */
  @Delete('delete/:flow_id/:file_name')
  @Authenticated()
  delete(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) flowId: string, @Param('file_name') fileName: string): Promise<{ message: string }> {
    return this.files.delete(caller, flowId, fileName);
  }

  /** The available profile pictures, as "Folder/file.svg". */
  @Get('profile_pictures/list')
  @Public()
  listProfilePictures(): Promise<{ files: string[] }> {
    return this.pictures.list();
  }

  /** One profile picture. */
  @Get('profile_pictures/:folder_name/:file_name')
  @Public()
  profilePicture(@Param('folder_name') folder: string, @Param('file_name') file: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.pictures.get(folder, file, res);
  }
}

@ApiTags('Base')
@Controller('api/v1')
export class DeprecatedUploadController {
  constructor(private readonly files: FilesService) {}

  /** Deprecated public upload to a flow; use POST /api/v1/files/upload/{flow_id}. */
  @Post('upload/:flow_id')
  @Public()
  upload(@Param('flow_id', uuidParam('flow_id')) flowId: string, @Req() req: Request): Promise<{ flowId: string; file_path: string }> {
    return this.files.upload(req, flowId, null, false);
  }
}
