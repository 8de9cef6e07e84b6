import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../common/decorators/auth.decorator';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { toConfigResponse } from './config.mapper';
import { ConfigResponseDto, VersionDto } from './dto/meta.dto';
import { LANGFLOW_COMPATIBLE_VERSION, NESTFLOW_VERSION } from './version';

@ApiTags('Base')
@Controller('api/v1')
export class MetaController {
  constructor(@Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  /** The Langflow version this server is compatible with. */
  @Get('version')
  @Public()
  version(): VersionDto {
    return { version: LANGFLOW_COMPATIBLE_VERSION, main_version: LANGFLOW_COMPATIBLE_VERSION, package: 'Nestflow', nestflow_version: NESTFLOW_VERSION };
  }

  /** Settings the Langflow UI reads at start. */
  @Get('config')
  @Authenticated()
  configuration(): ConfigResponseDto {
    return toConfigResponse(this.config);
  }
}
