import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { forbidden, HttpError, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { RunOptions, RunResult, toRunResponse } from '../engine';
import type { RunHandle } from '../engine/runtime/engine';
import { HealthService } from '../health/health.service';
import { EngineHost, streamFlag } from './engine.provider';
import { EVENT_STREAM, startStream, writeEvent } from './event-stream';
import { JOB_STORE, JobEventListener, JobStore, JobSubscription } from './events/job-store';
import { FlowHeader, FlowSource } from './flow-source';
import { JobRunner } from './job-runner';
import { JobEvent, JobOwner, JobRecord, JobSpec } from './job.types';
import { JOB_QUEUE, JobQueue } from './queue/job-queue';
import { disconnected, failureToHttp, runErrorMessage, runFailure, shuttingDown, timedOut } from './run-errors';
import { checkTweakInputConflict, parseRunRequest, requestVariablesFrom, SimplifiedRunRequest } from './run-request';
import { parseAdvancedRequest, runAdvanced } from './run-advanced';
import { Semaphore } from './semaphore';
import { RUN_HOOKS, RunHooks } from './run-hooks';
import { runBody, sendJson } from './http-body';

/** An inline run: its deadline, and how to stop it (the first reason wins, as with AbortController). */
interface InlineRun {
  deadline: number;
  handle: RunHandle;
  aborted: boolean;
  reason: unknown;
}

function stopInline(run: InlineRun, reason: unknown): void {
  if (run.aborted) return;
  run.aborted = true;
  run.reason = reason;
  run.handle.stop?.(reason);
}

/** Where the flow lookup middleware leaves the flow it found. */
export const FLOW_ON_REQUEST = 'nestflowFlow';
export type RequestWithFlow = Request & { [FLOW_ON_REQUEST]?: FlowHeader };

/**
 * Runs flows and manages jobs. Non-streaming /run executes inline in the API process (bounded by
 * NESTFLOW_RUN_CONCURRENCY) unless a Redis queue is configured; everything else is a job on the
 * queue with an event log any replica can read. This is the API the build area, the socket
 * gateway and the benchmark use: submit(), subscribe(), readEvents(), getJob(), cancel().
 */
@Injectable()
export class ExecutionService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ExecutionService');
  private readonly inlineSlots: Semaphore;
  /**
   * Inline runs in progress (one sweep a second enforces the run timeout: no timer per request,
   * and no AbortController per run: the sweep and shutdown stop a run through its engine handle).
   */
  private readonly inline = new Set<InlineRun>();
  private deadlineSweep: NodeJS.Timeout | undefined;
  private readonly queueMode: boolean;
  private shuttingDown = false;
  private readonly logRunTransactions: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly runner: JobRunner,
    private readonly host: EngineHost,
    private readonly flows: FlowSource,
    private readonly health: HealthService,
    @Inject(RUN_HOOKS) private readonly hooks: RunHooks,
  ) {
    this.inlineSlots = new Semaphore(config.execution.runConcurrency);
    this.queueMode = !!config.redisUrl;
    this.logRunTransactions = config.execution.logRunTransactions;
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.execution.runTimeoutSeconds;
    if (seconds > 0) {
      this.deadlineSweep = setInterval(() => {
        const now = Date.now();
        for (const run of this.inline) if (run.deadline <= now) stopInline(run, timedOut(seconds));
      }, 1000);
      this.deadlineSweep.unref();
    }
    if (this.config.execution.processRole !== 'api') this.queue.startWorker(this.runner.process, this.config.execution.workerConcurrency);
    if (this.queueMode) this.health.registerChatProbe(() => this.store.ping());
  }

  // ---------------------------------------------------------------- flows

  /** Langflow's flow lookup for run/webhook: 404 "Flow identifier {x} not found". */
  async findFlow(idOrName: string, userId?: string | null): Promise<FlowHeader> {
    const flow = await this.flows.byIdOrEndpointName(idOrName, { userId });
    if (!flow) throw notFound(`Flow identifier ${idOrName} not found`);
    return flow;
  }

  /** The flow the middleware found, re-resolved to the caller's own flow for an endpoint name; 403 if not theirs. */
  async ownedFlow(req: RequestWithFlow, idOrName: string, caller: AuthUser): Promise<FlowHeader> {
    let flow = req[FLOW_ON_REQUEST] ?? (await this.findFlow(idOrName));
    if (flow.user_id !== caller.id && flow.endpoint_name === idOrName) {
      flow = (await this.flows.byIdOrEndpointName(idOrName, { userId: caller.id })) ?? flow;
    }
    if (flow.user_id !== caller.id) throw forbidden('You do not have permission to run this flow');
    return flow;
  }

  // ---------------------------------------------------------------- /run

  /** POST /api/v1/run/{flow}: answers on `res` (JSON, or the event stream with stream=true). */
  async simplifiedRun(caller: AuthUser, req: RequestWithFlow, res: Response, idOrName: string, stream: boolean): Promise<void> {
    const flow = await this.ownedFlow(req, idOrName, caller);
    const r = parseRunRequest(await runBody(req, this.config.maxFileSizeUploadMb));
    checkTweakInputConflict(r);
    const variables = requestVariablesFrom(req.headers);
    if (this.queueMode) {
      const spec = this.runSpec(flow, caller, r, variables, stream);
      if (stream) return this.streamQueuedRun(spec, caller, res);
      sendJson(res, await this.runQueued(spec, caller));
      return;
    }
    const options: RunOptions = {
      inputValue: r.input_value,
      inputType: r.input_type,
      outputType: r.output_type,
      outputComponent: r.output_component || null,
      sessionId: r.session_id,
      userId: caller.id,
      requestVariables: variables,
      stream: streamFlag(r.tweaks, stream),
      mode: 'run',
    };
    if (stream) return this.streamInlineRun(flow, r, options, res);
    let result: RunResult;
    try {
      result = await this.runInline(flow, r, options);
    } catch (e) {
      throw failureToHttp(runFailure(e));
    }
    sendJson(res, toRunResponse(result));
  }

  /**
   * Runs a flow in this process (no queue hop), bounded by NESTFLOW_RUN_CONCURRENCY and the run
   * timeout. Rejects with the engine's error, or the abort reason (RunStoppedError).
   */
  async runInline(flow: FlowHeader, r: Pick<SimplifiedRunRequest, 'tweaks'>, options: RunOptions): Promise<RunResult> {
    if (this.shuttingDown) throw new HttpError(503, 'The server is shutting down');
    const wait = this.inlineSlots.acquire();
    if (wait) await wait;
    const seconds = this.config.execution.runTimeoutSeconds;
    const run: InlineRun = { deadline: seconds > 0 ? Date.now() + seconds * 1000 : Infinity, handle: {}, aborted: false, reason: undefined };
    const outer = options.signal;
    if (outer) {
      if (outer.aborted) stopInline(run, outer.reason);
      else outer.addEventListener('abort', () => stopInline(run, outer.reason), { once: true });
    }
    this.inline.add(run);
    try {
      const plan = await this.host.tweakedPlanFor(flow, r.tweaks);
      if (run.aborted) throw run.reason;
      const result = await this.host.run(plan, { ...options, signal: undefined, handle: run.handle }, [options.userId, flow.id]);
      if (this.logRunTransactions) setImmediate(() => this.hooks.recordRun(flow.id, result, null));
      return result;
    } catch (e) {
      if (this.logRunTransactions) setImmediate(() => this.hooks.recordRun(flow.id, null, e));
      throw run.aborted ? run.reason : e;
    } finally {
      this.inline.delete(run);
      this.inlineSlots.release();
    }
  }

  private async streamInlineRun(flow: FlowHeader, r: SimplifiedRunRequest, options: RunOptions, res: Response): Promise<void> {
    await this.host.tweakedPlanFor(flow, r.tweaks).catch((e) => {
      throw failureToHttp(runFailure(e));
    });
    const client = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) client.abort(disconnected());
    };
    res.on('close', onClose);
    startStream(res, EVENT_STREAM);
    try {
      const result = await this.runInline(flow, r, {
        ...options,
        signal: client.signal,
        onEvent: (event, data) => {
          if (event === 'add_message' || event === 'token' || event === 'remove_message') writeEvent(res, event, data);
        },
      });
      writeEvent(res, 'end', { result: toRunResponse(result) });
    } catch (e) {
      writeEvent(res, 'error', { error: runErrorMessage(e) });
    } finally {
      res.off('close', onClose);
      if (!res.writableEnded) res.end();
    }
  }

  /** POST /api/v1/run/advanced/{flow}: one run per input, the chosen outputs of each. */
  async advancedRun(caller: AuthUser, req: RequestWithFlow, idOrName: string): Promise<{ outputs: unknown[]; session_id: string | null }> {
    const flow = await this.ownedFlow(req, idOrName, caller);
    const body = parseAdvancedRequest(req.body);
    if (body.session_id) throw notFound(`Session ${body.session_id} not found`);
    const variables = requestVariablesFrom(req.headers);
    if (this.queueMode) {
      const spec: JobSpec = {
        id: randomUUID(),
        kind: 'run',
        events: 'result',
        flowId: flow.id,
        userId: caller.id,
        tweaks: body.tweaks,
        requestVariables: variables,
        stream: body.stream,
        advanced: { inputs: body.inputs, outputs: body.outputs },
      };
      return (await this.runQueued(spec, caller)) as { outputs: unknown[]; session_id: string | null };
    }
    try {
      const base = await this.host.tweakedPlanFor(flow, body.tweaks);
      return await runAdvanced(base, body, (input, tweaks) =>
        this.runInline(flow, { tweaks }, {
          inputValue: null,
          outputType: 'debug',
          sessionId: input.session,
          userId: caller.id,
          requestVariables: variables,
          stream: streamFlag(body.tweaks, body.stream),
          mode: 'run',
        }),
      );
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(500, runErrorMessage(e));
    }
  }

  private runSpec(flow: FlowHeader, caller: AuthUser, r: SimplifiedRunRequest, variables: Record<string, string>, stream: boolean): JobSpec {
    return {
      id: randomUUID(),
      kind: 'run',
      events: stream ? 'run-stream' : 'result',
      flowId: flow.id,
      userId: caller.id,
      inputValue: r.input_value,
      inputType: r.input_type,
      outputType: r.output_type,
      outputComponent: r.output_component || null,
      sessionId: r.session_id,
      tweaks: r.tweaks,
      requestVariables: variables,
      stream,
    };
  }

  /** A /run sent to a worker: waits for its outcome and answers as an inline run would. */
  async runQueued(spec: JobSpec, caller: AuthUser): Promise<unknown> {
    await this.submit(spec, { userId: caller.id }, spec.flowId);
    // A run that no worker finishes in time (none running?) is cancelled rather than waited on forever.
    const limitS = (this.config.execution.runTimeoutSeconds || 300) + 60;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.collect(spec.id),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), limitS * 1000))),
    ]);
    clearTimeout(timer);
    if (!outcome) {
      await this.store.requestCancel(spec.id).catch(() => undefined);
      throw failureToHttp(runFailure(new Error(`No worker finished the run within ${limitS} seconds.`)));
    }
    const { record, events } = outcome;
    void this.store.forget(spec.id).catch(() => undefined);
    if (record.status === 'completed') {
      const end = events.find((e) => e.event === 'end');
      return (end?.data as { result?: unknown } | undefined)?.result ?? null;
    }
    if (record.failure) throw failureToHttp(record.failure);
    throw failureToHttp(runFailure(new Error(record.status === 'cancelled' ? 'The run was cancelled.' : 'The run failed.')));
  }

  private async streamQueuedRun(spec: JobSpec, caller: AuthUser, res: Response): Promise<void> {
    await this.submit(spec, { userId: caller.id }, spec.flowId);
    startStream(res, EVENT_STREAM);
    await new Promise<void>((resolve) => {
      const onClose = () => {
        sub.unsubscribe();
        if (!res.writableFinished) void this.store.requestCancel(spec.id);
        resolve();
      };
      res.on('close', onClose);
      const sub = this.store.subscribe(spec.id, 0, {
        onEvent: (e) => writeEvent(res, e.event, e.data),
        onClose: () => {
          res.off('close', onClose);
          res.end();
          void this.store.forget(spec.id).catch(() => undefined);
          resolve();
        },
      });
    });
  }

  // ---------------------------------------------------------------- jobs

  /** Records a job (owned by `owner`) and queues it; returns its id. */
  async submit(spec: JobSpec, owner: JobOwner, flowId: string = spec.flowId): Promise<string> {
    if (this.shuttingDown) throw new HttpError(503, 'The server is shutting down');
    await this.store.create({ id: spec.id, kind: spec.kind, flowId, owner, status: 'queued', createdAt: Date.now() });
    try {
      await this.queue.enqueue(spec);
    } catch (e) {
      const detail = e instanceof HttpError ? (e.getResponse() as { detail: unknown }).detail : 'The job could not be queued';
      await this.store.writer(spec.id).close('failed', { status: e instanceof HttpError ? e.getStatus() : 503, detail }).catch(() => undefined);
      throw e instanceof HttpError ? e : new HttpError(503, detail);
    }
    return spec.id;
  }

  getJob(jobId: string): Promise<JobRecord | null> {
    return this.store.get(jobId);
  }

  /** Live events of a job from index `from` (0 = all); `onClose` fires once it ended and all were delivered. */
  subscribe(jobId: string, from: number, listener: JobEventListener): JobSubscription {
    return this.store.subscribe(jobId, from, listener);
  }

  readEvents(jobId: string, from: number): Promise<JobEvent[]> {
    return this.store.read(jobId, from);
  }

  pollCursor(jobId: string): Promise<number> {
    return this.store.cursor(jobId);
  }

  setPollCursor(jobId: string, value: number): Promise<void> {
    return this.store.setCursor(jobId, value);
  }

  /** Asks whichever process runs the job to stop it (it ends as `cancelled`). */
  cancel(jobId: string): Promise<void> {
    return this.store.requestCancel(jobId);
  }

  /** Waits for a job to end; returns its record and every event. */
  collect(jobId: string): Promise<{ record: JobRecord; events: JobEvent[] }> {
    return new Promise((resolve) => {
      const events: JobEvent[] = [];
      this.store.subscribe(jobId, 0, {
        onEvent: (e) => events.push(e),
        onClose: (record) => resolve({ record, events }),
      });
    });
  }

  // ---------------------------------------------------------------- shutdown

  /** Running jobs get NESTFLOW_SHUTDOWN_GRACE_SECONDS to finish, then end as failed with an error event. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.queue.pauseWorker();
    for (const spec of this.queue.drainPending()) {
      const writer = this.store.writer(spec.id);
      writer.append('error', this.runner.errorData(spec, shuttingDown().message));
      await writer.close('failed', { status: 503, detail: shuttingDown().message }).catch(() => undefined);
    }
    const graceMs = this.config.execution.shutdownGraceSeconds * 1000;
    const inlineDone = this.waitInline(graceMs);
    await Promise.all([this.runner.drain(graceMs), inlineDone]);
  }

  private async waitInline(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.inline.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const run of this.inline) stopInline(run, shuttingDown());
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.deadlineSweep);
    await this.queue.close().catch((e) => this.logger.error(`closing the queue: ${(e as Error).message}`));
    await this.store.close().catch((e) => this.logger.error(`closing the job store: ${(e as Error).message}`));
  }
}
