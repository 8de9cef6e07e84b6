import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { uuidParam } from '../../common/validation/uuid-param.pipe';
import { LegacyBuildService, VerticesOrderResponse } from './legacy-build.service';

function first(v: unknown): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s ? s : null;
}

@ApiTags('Chat')
@Controller('api/v1')
@Authenticated()
export class LegacyBuildController {
  constructor(private readonly builds: LegacyBuildService) {}

  /** Deprecated: the build order of a flow ({ids: first layer, run_id, vertices_to_run}); the editor's Freeze action uses it. */
  @Post('build/:flow_id/vertices')
  @HttpCode(200)
  @ApiBody({ required: false, schema: { type: 'object', properties: { data: { type: 'object', properties: { nodes: { type: 'array', items: {} }, edges: { type: 'array', items: {} } } } } } })
  @ApiQuery({ name: 'start_component_id', type: String, required: false })
  @ApiQuery({ name: 'stop_component_id', type: String, required: false })
  order(
    @CurrentUser() caller: AuthUser,
    @Param('flow_id', uuidParam('flow_id')) flowId: string,
    @Body() body: unknown,
    @Query('start_component_id') start: unknown,
    @Query('stop_component_id') stop: unknown,
  ): Promise<VerticesOrderResponse> {
    return this.builds.order(caller, flowId, body, first(start), first(stop));
  }

  /** Deprecated: build one vertex (and what it depends on) and answer its VertexBuildResponse. */
  @Post('build/:flow_id/vertices/:vertex_id')
  @HttpCode(200)
  @ApiBody({ required: false, schema: { type: 'object', properties: { inputs: { type: 'object' }, files: { type: 'array', items: { type: 'string' } } } } })
  @ApiQuery({ name: 'start_component_id', type: String, required: false })
  @ApiQuery({ name: 'stop_component_id', type: String, required: false })
  buildVertex(
    @CurrentUser() caller: AuthUser,
    @Param('flow_id', uuidParam('flow_id')) flowId: string,
    @Param('vertex_id') vertexId: string,
    @Body() body: unknown,
    @Query('start_component_id') start: unknown,
    @Query('stop_component_id') stop: unknown,
  ): Promise<Record<string, unknown>> {
    return this.builds.buildVertex(caller, flowId, vertexId, body, first(start), first(stop));
  }
}
