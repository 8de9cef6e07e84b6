import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, forbidden, notFound } from '../common/http/http-error';
import { NDJSON, pollingBody, startStream, writeEvent } from '../execution/event-stream';
import { ExecutionService } from '../execution/execution.service';
import { FlowHeader, FlowSource } from '../execution/flow-source';
import { isTerminal, JobEvent, JobOwner, JobRecord, JobSpec } from '../execution/job.types';
import { BuildBody, BuildQuery, EventDelivery, parseBuildBody, parseBuildQuery, parseEventDelivery, resumeIndex } from './build-request';
import { CLIENT_ID_COOKIE, JobAccess } from './job-access';
import { NAMESPACE_DNS, uuid5 } from './uuid5';

/** How long a polling request waits for the next event before answering empty. */
const POLL_WAIT_MS = 25_000;
/** How long cancel waits for the job to report that it stopped. */
const CANCEL_WAIT_MS = 5_000;

/**
 * The Playground's build protocol on top of the execution jobs: start a build job, follow its
 * events (NDJSON stream, polling, or the POST itself with `direct`), cancel it.
 */
@Injectable()
export class BuildService {
  constructor(
    private readonly execution: ExecutionService,
    private readonly flows: FlowSource,
    private readonly access: JobAccess,
  ) {}

  /** POST /api/v1/build/{flow_id}/flow */
  async start(caller: AuthUser, flowId: string, req: Request, res: Response): Promise<void> {
    const query = parseBuildQuery(req.query as Record<string, unknown>);
    const body = parseBuildBody(req.body);
    const flow = await this.flows.byId(flowId);
    if (!flow || flow.user_id !== caller.id) throw notFound(`Flow with id ${flowId} not found`);
    const spec = this.spec(flow, flow.id, query, body);
    await this.launch(spec, { userId: caller.id }, flow.id, query.event_delivery, res);
  }

  /** POST /api/v1/build_public_tmp/{flow_id}/flow: a PUBLIC flow, run as its owner for a client_id cookie. */
  async startPublic(flowId: string, req: Request, res: Response): Promise<void> {
    const clientId = req.cookies?.[CLIENT_ID_COOKIE] as string | undefined;
    if (!clientId) throw badRequest('No client_id cookie found');
    const query = parseBuildQuery(req.query as Record<string, unknown>);
    const body = parseBuildBody(req.body);
    const flow = await this.flows.byId(flowId);
    if (!flow) throw notFound(`Flow with id ${flowId} not found`);
    if (flow.access_type !== 'PUBLIC') throw forbidden('Flow is not public');
    // The stored graph always runs: a visitor cannot swap in a graph that would run with the owner's variables.
    const spec = this.spec(flow, uuid5(NAMESPACE_DNS, `${clientId}_${flow.id}`), query, { ...body, data: null });
    await this.launch(spec, { userId: null, clientId }, flow.id, query.event_delivery, res);
  }

  private spec(flow: FlowHeader, runFlowId: string, query: BuildQuery, body: BuildBody): JobSpec {
    const inputs = body.inputs;
    return {
      id: randomUUID(),
      kind: 'build',
      events: 'build',
      flowId: flow.id,
      userId: flow.user_id ?? '',
      runFlowId,
      data: body.data ?? undefined,
      inputValue: inputs?.input_value ?? null,
      inputType: inputs?.type ?? 'any',
      sessionId: inputs?.session || runFlowId,
      files: body.files ?? undefined,
      startComponentId: query.start_component_id,
      stopComponentId: query.stop_component_id,
      logBuilds: query.log_builds,
      clientRequestTime: inputs?.client_request_time ?? null,
    };
  }

  private async launch(spec: JobSpec, owner: JobOwner, flowId: string, delivery: EventDelivery, res: Response): Promise<void> {
    await this.execution.submit(spec, owner, flowId);
    if (delivery !== 'direct') {
      res.status(200).json({ job_id: spec.id });
      return;
    }
    // direct: the POST is the stream; leaving it cancels the build (as in Langflow).
    await this.stream(spec.id, 0, res, true);
  }

  /** GET /api/v1/build/{job_id}/events */
  async events(jobId: string, req: Request, res: Response): Promise<void> {
    const record = await this.access.check(req, jobId, await this.execution.getJob(jobId));
    const query = req.query as Record<string, unknown>;
    const delivery = parseEventDelivery(query.event_delivery, 'streaming');
    const from = resumeIndex(query, req.headers['last-event-id']);
    if (delivery === 'polling') {
      res.status(200).type(NDJSON).send(await this.poll(record, from));
      return;
    }
    await this.stream(jobId, from ?? 0, res, false);
  }

  /**
   * Streams events as NDJSON from `from` until the job ends. A client that drops the connection
   * does not stop the job (unlike Langflow): it can come back with ?from=<events received>.
   */
  private stream(jobId: string, from: number, res: Response, cancelOnDisconnect: boolean): Promise<void> {
    startStream(res, NDJSON);
    return new Promise<void>((resolve) => {
      let ended = false;
      const onClose = () => {
        if (ended) return;
        ended = true;
        sub.unsubscribe();
        if (cancelOnDisconnect) void this.execution.cancel(jobId);
        resolve();
      };
      res.on('close', onClose);
      const sub = this.execution.subscribe(jobId, from, {
        onEvent: (e) => writeEvent(res, e.event, e.data),
        onClose: () => {
          ended = true;
          res.off('close', onClose);
          res.end();
          resolve();
        },
      });
    });
  }

  /** Polling consumes: each call answers what is new since the last one (or from `from`), waiting for at least one event. */
  private async poll(record: JobRecord, from: number | null): Promise<string> {
    const jobId = record.id;
    const start = from ?? (await this.execution.pollCursor(jobId));
    let events = await this.execution.readEvents(jobId, start);
    if (!events.length && !isTerminal(record.status)) events = await this.waitForEvents(jobId, start);
    await this.execution.setPollCursor(jobId, start + events.length);
    return pollingBody(events);
  }

  private waitForEvents(jobId: string, from: number): Promise<JobEvent[]> {
    return new Promise((resolve) => {
      const events: JobEvent[] = [];
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(events);
      };
      const timer = setTimeout(finish, POLL_WAIT_MS);
      const sub = this.execution.subscribe(jobId, from, {
        onEvent: (e) => {
          events.push(e);
          setImmediate(finish);
        },
        onClose: finish,
      });
    });
  }

  /** POST /api/v1/build/{job_id}/cancel */
  async cancel(jobId: string, req: Request): Promise<{ success: boolean; message: string }> {
    const record = await this.access.check(req, jobId, await this.execution.getJob(jobId));
    if (!isTerminal(record.status)) {
      await this.execution.cancel(jobId);
      const final = await this.waitForEnd(jobId);
      if (final && final.status !== 'cancelled' && !isTerminal(final.status)) {
        return { success: false, message: 'Failed to cancel flow build' };
      }
    }
    return { success: true, message: 'Flow build cancelled successfully' };
  }

  private waitForEnd(jobId: string): Promise<JobRecord | null> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (record: JobRecord | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(record);
      };
      const timer = setTimeout(() => void this.execution.getJob(jobId).then(finish), CANCEL_WAIT_MS);
      const sub = this.execution.subscribe(jobId, Number.MAX_SAFE_INTEGER, { onEvent: () => undefined, onClose: finish });
    });
  }

  /** GET /api/v1/build/{job_id}/status (Nestflow): the job's status and how many events it has. */
  async status(jobId: string, req: Request): Promise<Record<string, unknown>> {
    const record = await this.access.check(req, jobId, await this.execution.getJob(jobId));
    const events = await this.execution.readEvents(jobId, 0);
    return {
      job_id: record.id,
      flow_id: record.flowId,
      kind: record.kind,
      status: record.status,
      events: events.length,
      created_at: new Date(record.createdAt).toISOString(),
      finished_at: record.finishedAt ? new Date(record.finishedAt).toISOString() : null,
      error: record.failure ? record.failure.detail : null,
    };
  }
}
