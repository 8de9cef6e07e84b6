import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADVANCED_RUN_BODY, SIMPLIFIED_RUN_BODY } from './openapi';
import type { Response } from 'express';
import { ApiKeyAuth, Authenticated } from '../common/decorators/auth.decorator';
import { notFound } from '../common/http/http-error';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ExecutionService, RequestWithFlow } from './execution.service';
import { parseBoolQuery } from './run-request';

@ApiTags('Base')
@Controller('api/v1/run')
@ApiKeyAuth()
export class RunController {
  constructor(private readonly execution: ExecutionService) {}

  /** Langflow's agentic-experience run (LANGFLOW_AGENTIC_EXPERIENCE): not offered, 404 as Langflow answers by default. */
  @Post('session/:flow_id_or_name')
  @Authenticated()
  @HttpCode(200)
  session(@Param('flow_id_or_name') _idOrName: string): never {
    throw notFound('This endpoint is not available');
  }

  /** Run a flow with several inputs and chosen outputs (Langflow's advanced run). */
  @Post('advanced/:flow_id_or_name')
  @HttpCode(200)
  @ApiBody({ schema: ADVANCED_RUN_BODY, required: false })
  advanced(@CurrentUser() caller: AuthUser, @Req() req: RequestWithFlow, @Param('flow_id_or_name') idOrName: string) {
    return this.execution.advancedRun(caller, req, idOrName);
  }

  /**
   * Run a flow by id or endpoint name; answers Langflow's RunResponse, or its event stream with
   * `stream=true`. (The hot path: only @Req/@Res, so Nest resolves no further parameters.)
   */
  @Post(':flow_id_or_name')
  @HttpCode(200)
  @ApiParam({ name: 'flow_id_or_name', type: String })
  @ApiQuery({ name: 'stream', type: Boolean, required: false })
  @ApiBody({ schema: SIMPLIFIED_RUN_BODY, required: false })
  run(@Req() req: RequestWithFlow & { user: AuthUser }, @Res() res: Response): Promise<void> {
    return this.execution.simplifiedRun(req.user, req, res, req.params.flow_id_or_name as string, parseBoolQuery(req.query.stream, 'stream', false));
  }
}
