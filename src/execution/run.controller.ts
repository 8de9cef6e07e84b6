import { Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyAuth } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ExecutionService, RequestWithFlow } from './execution.service';
import { parseBoolQuery } from './run-request';

@ApiTags('Base')
@Controller('api/v1/run')
@ApiKeyAuth()
export class RunController {
  constructor(private readonly execution: ExecutionService) {}

  /** Run a flow by id or endpoint name (Langflow's simplified run); `stream=true` streams its events. */
  @Post('advanced/:flow_id_or_name')
  @HttpCode(200)
  advanced(@CurrentUser() caller: AuthUser, @Req() req: RequestWithFlow, @Param('flow_id_or_name') idOrName: string) {
    return this.execution.advancedRun(caller, req, idOrName);
  }

  /** Run a flow by id or endpoint name; answers Langflow's RunResponse, or its event stream with `stream=true`. */
  @Post(':flow_id_or_name')
  @HttpCode(200)
  run(
    @CurrentUser() caller: AuthUser,
    @Req() req: RequestWithFlow,
    @Res() res: Response,
    @Param('flow_id_or_name') idOrName: string,
    @Query('stream') stream?: string,
  ): Promise<void> {
    return this.execution.simplifiedRun(caller, req, res, idOrName, parseBoolQuery(stream, 'stream', false));
  }
}
