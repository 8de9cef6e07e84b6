import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ModelsQueryDto } from './dto/models-query.dto';
import { ModelStatusUpdateDto } from './dto/model-status-update.dto';
import { parseModelStatusUpdates } from './model-status';
import { ModelsService, ProviderModels } from './models.service';

@ApiTags('Models')
@Controller('api/v1')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  /** The models Nestflow's model components support, grouped by provider, with whether the caller has the provider configured. */
  @Get('models')
  @Authenticated()
  async list(@CurrentUser() caller: AuthUser, @Query() q: ModelsQueryDto): Promise<ProviderModels[]> {
    const all = await this.models.list(caller, { provider: q.provider, model_name: q.model_name, model_type: q.model_type, reasoning: q.reasoning });
    if (q.tool_calling === undefined) return all;
    return all
      .map((p) => ({ ...p, models: p.models.filter((m) => m.metadata.tool_calling === q.tool_calling) }))
      .map((p) => ({ ...p, num_models: p.models.length }))
      .filter((p) => p.models.length);
  }

  /** The providers Nestflow supports. */
  @Get('models/providers')
  @Authenticated()
  async providers(@CurrentUser() caller: AuthUser): Promise<string[]> {
    return Object.keys(await this.models.enabledProviders(caller));
  }

  /** Which providers have credentials for the caller: {enabled_providers, provider_status}. */
  @Get('models/enabled_providers')
  @Authenticated()
  async enabledProviders(@CurrentUser() caller: AuthUser): Promise<{ enabled_providers: string[]; provider_status: Record<string, boolean> }> {
    const status = await this.models.enabledProviders(caller);
    return { enabled_providers: Object.keys(status).filter((p) => status[p]), provider_status: status };
  }

  /** {enabled_models: {provider: {model: bool}}}: a model is enabled when its provider is configured. */
  @Get('models/enabled_models')
  @Authenticated()
  enabledModels(@CurrentUser() caller: AuthUser): Promise<{ enabled_models: Record<string, Record<string, boolean>> }> {
    return this.models.enabledModels(caller);
  }

  /** Switch models on or off for the caller: body [{provider, model_id, enabled}]; answers the new {enabled_models}. */
  @Post('models/enabled_models')
  @Authenticated()
  @HttpCode(200)
  @ApiBody({ type: [ModelStatusUpdateDto] })
  updateEnabledModels(@CurrentUser() caller: AuthUser, @Body() body: unknown): Promise<{ enabled_models: Record<string, Record<string, boolean>> }> {
    return this.models.updateEnabledModels(caller, parseModelStatusUpdates(body));
  }

  /** Provider → the global variable holding its credential (public, as in Langflow). */
  @Get('models/provider-variable-mapping')
  @Public()
  providerVariableMapping(): Record<string, string> {
    return this.models.providerVariableMapping();
  }

  /** The options of a Language Model field. */
  @Get('model_options/language')
  @Authenticated()
  languageOptions(): Record<string, unknown>[] {
    return this.models.options('language');
  }

  /** The options of an Embedding Model field. */
  @Get('model_options/embedding')
  @Authenticated()
  embeddingOptions(): Record<string, unknown>[] {
    return this.models.options('embeddings');
  }
}
