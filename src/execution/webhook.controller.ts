import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/auth.decorator';
import { RequestWithFlow } from './execution.service';
import { WebhookService } from './webhook.service';

@ApiTags('Base')
@Controller('api/v1/webhook')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  /**
   * Start a flow from a webhook: the body becomes the Webhook component's data. Answers 202 at once
   * with `job_id`/`run_id` (follow it with GET /api/v1/build/{job_id}/events as the flow owner).
   * No credentials unless LANGFLOW_WEBHOOK_AUTH_ENABLE=true (then an API key of the owner).
   */
  @Post(':flow_id_or_name')
  @Public()
  @HttpCode(202)
  webhook(@Req() req: RequestWithFlow, @Param('flow_id_or_name') idOrName: string): Promise<Record<string, string>> {
    return this.webhooks.webhook(req, idOrName);
  }
}
