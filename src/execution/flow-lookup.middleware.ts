import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { isUuid } from '../common/validation/uuid-param.pipe';
import { FLOW_ON_REQUEST, RequestWithFlow } from './execution.service';
import { FlowSource, normalizeUuid } from './flow-source';

const FLOW_PATH = /^\/api\/v1\/(?:run\/advanced|run|webhook)\/([^/]+)\/?$/;

/**
 * Langflow resolves the flow of /run, /run/advanced and /webhook before it checks credentials,
 * so an unknown flow is 404 "Flow identifier {x} not found" even without an API key. This runs
 * before the auth guard to keep that order, and hands the flow to the handler (one lookup).
 */
@Injectable()
export class FlowLookupMiddleware implements NestMiddleware {
  constructor(private readonly flows: FlowSource) {}

  async use(req: RequestWithFlow, res: Response, next: NextFunction): Promise<void> {
    const match = FLOW_PATH.exec(req.path);
    if (!match || req.method !== 'POST') return next();
    let idOrName: string;
    try {
      idOrName = decodeURIComponent(match[1]);
    } catch {
      idOrName = match[1];
    }
    const rawUserId = req.query?.user_id;
    const userId = Array.isArray(rawUserId) ? rawUserId[0] : rawUserId;
    if (userId !== undefined && !isUuid(userId)) {
      res.status(422).json({ detail: [{ type: 'uuid_parsing', loc: ['query', 'user_id'], msg: 'Input should be a valid UUID', input: userId }] });
      return;
    }
    try {
      const flow = await this.flows.byIdOrEndpointName(idOrName, { userId: userId === undefined ? undefined : normalizeUuid(userId as string) });
      if (!flow) {
        res.status(404).json({ detail: `Flow identifier ${idOrName} not found` });
        return;
      }
      req[FLOW_ON_REQUEST] = flow;
      next();
    } catch (e) {
      next(e);
    }
  }
}
