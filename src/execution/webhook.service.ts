import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { badRequest, forbidden } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { ExecutionService, FLOW_ON_REQUEST, RequestWithFlow } from './execution.service';
import { FlowHeader } from './flow-source';
import { rawBodyText } from './http-body';

/** POST /api/v1/webhook/{flow}: the body becomes the Webhook component's data; the run is a queued job. */
@Injectable()
export class WebhookService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
    private readonly execution: ExecutionService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Queues the run and answers 202 at once, with Langflow's body plus the job id (`job_id`, `run_id`). */
  async webhook(req: RequestWithFlow, idOrName: string): Promise<Record<string, string>> {
    const flow = req[FLOW_ON_REQUEST] ?? (await this.execution.findFlow(idOrName));
    if (this.config.webhookAuthEnable) await this.authenticate(req, flow);
    const body = await rawBodyText(req, this.config.maxFileSizeUploadMb);
    if (!body) throw badRequest('Request body is empty. You should provide a JSON payload containing the flow ID.');
    const id = randomUUID();
    // As Langflow: input_value "", chat in and out, no session (the flow id), run as the flow's owner.
    await this.execution.submit(
      { id, kind: 'webhook', events: 'run-stream', flowId: flow.id, userId: flow.user_id ?? '', inputValue: '', webhookBody: body },
      { userId: flow.user_id },
    );
    return { message: 'Task started in the background', status: 'in progress', job_id: id, run_id: id };
  }

  /** LANGFLOW_WEBHOOK_AUTH_ENABLE: an API key (header first, then query) of the flow's owner. */
  private async authenticate(req: Request, flow: FlowHeader): Promise<void> {
    const fromHeader = req.headers['x-api-key'];
    const fromQuery = req.query?.['x-api-key'];
    const key = (Array.isArray(fromHeader) ? fromHeader[0] : fromHeader) || (Array.isArray(fromQuery) ? fromQuery[0] : fromQuery);
    if (!key || typeof key !== 'string') throw forbidden('API key required when webhook authentication is enabled');
    const user = await this.apiKeys.authenticate(key);
    if (!user) throw forbidden('Invalid API key');
    if (user.id !== flow.user_id) throw forbidden('Access denied: You can only execute webhooks for flows you own');
  }
}
