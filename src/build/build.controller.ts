import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BUILD_BODY } from '../execution/openapi';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { BuildService } from './build.service';

@ApiTags('Chat')
@Controller('api/v1')
export class BuildController {
  constructor(private readonly builds: BuildService) {}

  /** Start a Playground build of a flow; answers {job_id} (with event_delivery=direct: the event stream). */
  @Post('build/:flow_id/flow')
  @Authenticated()
  @HttpCode(200)
  @ApiBody({ schema: BUILD_BODY, required: false })
  @ApiQuery({ name: 'event_delivery', enum: ['streaming', 'polling', 'direct'], required: false })
  @ApiQuery({ name: 'start_component_id', type: String, required: false })
  @ApiQuery({ name: 'stop_component_id', type: String, required: false })
  @ApiQuery({ name: 'log_builds', type: Boolean, required: false })
  start(@CurrentUser() caller: AuthUser, @Param('flow_id', uuidParam('flow_id')) flowId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.builds.start(caller, flowId, req, res);
  }

  /**
   * A build job's events: NDJSON stream (default), or with event_delivery=polling what is new since
   * the last poll. Resume with ?from=<events already received> (or Last-Event-ID: <last index>).
   * Only the job's owner (the user, or the public playground's client_id) may read it.
   */
  @Get('build/:job_id/events')
  @Public()
  @ApiQuery({ name: 'event_delivery', enum: ['streaming', 'polling', 'direct'], required: false })
  @ApiQuery({ name: 'from', type: Number, required: false, description: 'Resume: the number of events already received' })
  events(@Param('job_id') jobId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.builds.events(jobId, req, res);
  }

  /** Cancel a build job (its owner only). */
  @Post('build/:job_id/cancel')
  @Public()
  @HttpCode(200)
  cancel(@Param('job_id') jobId: string, @Req() req: Request): Promise<{ success: boolean; message: string }> {
    return this.builds.cancel(jobId, req);
  }

  /** Nestflow: a job's status (queued, running, completed, failed, cancelled) and its event count. */
  @Get('build/:job_id/status')
  @Public()
  status(@Param('job_id') jobId: string, @Req() req: Request): Promise<Record<string, unknown>> {
    return this.builds.status(jobId, req);
  }

  /** Build a PUBLIC flow for an anonymous visitor identified by the client_id cookie. */
  @Post('build_public_tmp/:flow_id/flow')
  @Public()
  @HttpCode(200)
  @ApiBody({ schema: BUILD_BODY, required: false })
  startPublic(@Param('flow_id', uuidParam('flow_id')) flowId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.builds.startPublic(flowId, req, res);
  }
}
