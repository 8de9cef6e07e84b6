import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyCreatedDto, ApiKeysListDto, CreateApiKeyDto } from './dto/api-key.dto';

@ApiTags('APIKey')
@Controller('api/v1/api_key')
@Authenticated()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The caller's keys, masked. */
  @Get('/')
  list(@CurrentUser() caller: AuthUser): Promise<ApiKeysListDto> {
    return this.apiKeys.list(caller);
  }

  /** Create a key; the only response that shows it in full. */
  @Post('/')
  @HttpCode(200)
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateApiKeyDto): Promise<ApiKeyCreatedDto> {
    return this.apiKeys.create(caller, dto);
  }

  /** Delete one of the caller's keys. */
  @Delete(':api_key_id')
  delete(@CurrentUser() caller: AuthUser, @Param('api_key_id', uuidParam('api_key_id')) id: string): Promise<{ detail: string }> {
    return this.apiKeys.delete(caller, id);
  }
}
