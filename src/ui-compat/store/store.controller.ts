import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../../common/decorators/auth.decorator';

/**
 * The Components Store leftovers the web UI still calls at start-up. Nestflow has no store
 * (Langflow's is deprecated and proxies api.langflow.store), so it reports it disabled.
 */
@ApiTags('Components Store')
@Controller('api/v1/store')
export class StoreController {
  /** Whether the store is enabled: always false on Nestflow. */
  @Get('check')
  @Public()
  check(): { enabled: boolean } {
    return { enabled: false };
  }

  /** Whether the caller has a store API key: Nestflow keeps none. */
  @Get('check/api_key')
  @Authenticated()
  checkApiKey(): { has_api_key: boolean; is_valid: boolean } {
    return { has_api_key: false, is_valid: false };
  }

  /** Store tags: none, as there is no store. */
  @Get('tags')
  @Authenticated()
  tags(): { id: string; name: string }[] {
    return [];
  }
}
