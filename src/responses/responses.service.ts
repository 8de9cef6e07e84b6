import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { HttpError } from '../common/http/http-error';
import { RunOptions, toRunResponse } from '../engine';
import { EngineHost } from '../execution/engine.provider';
import { EVENT_STREAM, startStream } from '../execution/event-stream';
import { ExecutionService } from '../execution/execution.service';
import { FlowHeader, FlowSource } from '../execution/flow-source';
import { disconnected, runErrorMessage } from '../execution/run-errors';
import { requestVariablesFrom } from '../execution/run-request';
import { CreateResponseDto, ResponseObjectDto, ResponsesErrorBody } from './dto/responses.dto';
import { nowSeconds, responsesError, toResponseObject } from './responses.mapper';
import { dataFrame, ResponsesStreamTranslator } from './responses.stream';

/** A flow error the Responses API reports in its own `{"error": ...}` body. */
class ResponsesFailure extends Error {
  constructor(readonly body: ResponsesErrorBody) {
    super(body.error.message);
  }
}

/**
 * Langflow's OpenAI-compatible Responses API on top of the execution layer: the flow (`model`)
 * runs inline with the request's input as chat input, under a session whose id is the response id.
 */
@Injectable()
export class ResponsesService {
  private readonly logger = new Logger('ResponsesService');

  constructor(
    private readonly execution: ExecutionService,
    private readonly flows: FlowSource,
    private readonly host: EngineHost,
  ) {}

  /** Answers on `res`: the response object, its SSE stream, or `{"error": ...}` (HTTP 200 like Langflow). */
  async respond(caller: AuthUser, body: CreateResponseDto, headers: IncomingHttpHeaders, res: Response): Promise<void> {
    let flow: FlowHeader;
    try {
      flow = await this.resolveFlow(caller, body);
    } catch (e) {
      if (e instanceof ResponsesFailure) return void res.status(200).json(e.body);
      throw e;
    }
    const sessionId = body.previous_response_id || randomUUID();
    const options: RunOptions = {
      inputValue: body.input,
      inputType: 'chat',
      outputType: 'chat',
      sessionId,
      userId: caller.id,
      requestVariables: requestVariablesFrom(headers),
      stream: !!body.stream,
      mode: 'run',
    };
    if (body.stream) return this.stream(flow, body, sessionId, options, res);
    try {
      const result = await this.execution.runInline(flow, { tweaks: null }, options);
      const run = JSON.parse(JSON.stringify(toRunResponse(result)));
      const reply: ResponseObjectDto = toResponseObject({
        responseId: sessionId,
        model: body.model,
        previousResponseId: body.previous_response_id ?? null,
        run,
        include: body.include,
      });
      res.status(200).json(reply);
    } catch (e) {
      if (e instanceof HttpError && e.getStatus() === 503) throw e;
      res.status(200).json(responsesError(this.failureMessage(e), 'processing_error'));
    }
  }

  /**
   * The caller's flow named by `model` (id or endpoint name), checked for a ChatInput and a
   * ChatOutput; the Responses API errors otherwise.
   */
  private async resolveFlow(caller: AuthUser, body: CreateResponseDto): Promise<FlowHeader> {
    if (Array.isArray(body.tools) && body.tools.length) {
      throw new ResponsesFailure(responsesError('Tools are not supported yet', 'invalid_request_error', 'tools_not_supported'));
    }
    const flow = await this.flows.byIdOrEndpointName(body.model, { userId: caller.id });
    if (!flow) throw new ResponsesFailure(responsesError(`Flow with id '${body.model}' not found`, 'invalid_request_error', 'flow_not_found'));
    let types: Set<string>;
    try {
      const plan = await this.host.planFor(flow);
      types = new Set((plan.data.nodes ?? []).map((n) => String((n as { data?: { type?: unknown } }).data?.type ?? '')));
    } catch (e) {
      throw new ResponsesFailure(responsesError(this.failureMessage(e), 'processing_error'));
    }
    for (const required of ['ChatInput', 'ChatOutput']) {
      if (!types.has(required)) {
        throw new ResponsesFailure(responsesError(`Flow must have a ${required} component to be compatible with OpenAI Responses API`, 'processing_error'));
      }
    }
    return flow;
  }

  private async stream(flow: FlowHeader, body: CreateResponseDto, sessionId: string, options: RunOptions, res: Response): Promise<void> {
    const translator = new ResponsesStreamTranslator(sessionId, body.model, nowSeconds(), body.input, body.include);
    const client = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) client.abort(disconnected());
    };
    res.on('close', onClose);
    res.setHeader('Access-Control-Allow-Origin', '*');
    startStream(res, EVENT_STREAM);
    const write = (frames: string[]) => {
      if (res.writableEnded || res.destroyed) return;
      for (const f of frames) res.write(f);
    };
    write([translator.first()]);
    try {
      const result = await this.execution.runInline(flow, { tweaks: null }, {
        ...options,
        signal: client.signal,
        onEvent: (event, data) => write(translator.onEvent(event, data)),
      });
      write(translator.last(JSON.parse(JSON.stringify(toRunResponse(result)))));
    } catch (e) {
      if (!client.signal.aborted) write([dataFrame(responsesError(this.failureMessage(e), 'processing_error'))]);
    } finally {
      res.off('close', onClose);
      if (!res.writableEnded) res.end();
    }
  }

  private failureMessage(e: unknown): string {
    if (e instanceof HttpError) {
      const detail = (e.getResponse() as { detail?: unknown }).detail;
      return typeof detail === 'string' ? detail : JSON.stringify(detail);
    }
    if (!(e instanceof Error)) this.logger.warn(`non-Error run failure: ${String(e)}`);
    return runErrorMessage(e);
  }
}
