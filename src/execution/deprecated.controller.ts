import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiKeyAuth, Public } from '../common/decorators/auth.decorator';
import { badRequest } from '../common/http/http-error';

const USE_RUN = (name: string) => `The /${name} endpoint is deprecated and will be removed in a future version. Please use /run instead.`;

/** Langflow's retired endpoints: still routed, always 400 with the deprecation message. */
@ApiExcludeController()
@Controller('api/v1')
export class DeprecatedRunController {
  /** Deprecated: use /api/v1/run. */
  @Post('process/:flow_id')
  @ApiKeyAuth()
  process(@Param('flow_id') _flowId: string): never {
    throw badRequest(USE_RUN('process'));
  }

  /** Deprecated: use /api/v1/run. */
  @Post('predict/:flow_id')
  @ApiKeyAuth()
  predict(@Param('flow_id') _flowId: string): never {
    throw badRequest(USE_RUN('process'));
  }

  /** Deprecated: tasks are gone. */
  @Get('task/:task_id')
  @Public()
  task(@Param('task_id') _taskId: string): never {
    throw badRequest(USE_RUN('task'));
  }
}
