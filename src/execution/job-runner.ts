import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ComponentBuildError, EngineEventName, FlowPlan, formatTimestamp, Message, messageEventPayload, RunResult, toRunResponse, Tweaks } from '../engine';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { EngineHost, streamFlag } from './engine.provider';
import { CancelRequested, JOB_STORE, JobEventWriter, JobStore } from './events/job-store';
import { FlowSource } from './flow-source';
import type { JobFailure, JobSpec } from './job.types';
import { cancelledByUser, runErrorMessage, runFailure, RunStoppedError, shuttingDown, timedOut } from './run-errors';
import { RunHooks, RUN_HOOKS } from './run-hooks';
import { runAdvanced } from './run-advanced';

interface ActiveJob {
  controller: AbortController;
  done: Promise<void>;
}

/** Events /run?stream=true forwards (Langflow registers only these, plus end). */
const RUN_STREAM_EVENTS = new Set<EngineEventName>(['add_message', 'token', 'remove_message']);

/**
 * Executes queued jobs (builds, webhooks, queued runs) in this process and writes their events.
 * A job always ends with a terminal status; failures also end with an `error` event.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('JobRunner');
  private readonly active = new Map<string, ActiveJob>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    private readonly host: EngineHost,
    private readonly flows: FlowSource,
    @Inject(RUN_HOOKS) private readonly hooks: RunHooks,
  ) {
    store.onCancel((jobId) => this.active.get(jobId)?.controller.abort(cancelledByUser()));
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Runs one job to its end. Never throws. */
  process = async (spec: JobSpec): Promise<void> => {
    const writer = this.store.writer(spec.id);
    try {
      let started: boolean;
      try {
        started = await this.store.markRunning(spec.id);
      } catch (e) {
        if (!(e instanceof CancelRequested)) throw e;
        await writer.close('cancelled');
        return;
      }
      if (!started) {
        const record = await this.store.get(spec.id);
        if (record?.status === 'running') {
          // Only a worker that stopped mid-run leaves a job running: fail it rather than run it twice,
          // after the events the dead worker already wrote.
          const message = 'The worker running this job stopped before it finished.';
          const after = this.store.writer(spec.id, (await this.store.read(spec.id, 0)).length);
          after.append('error', this.errorData(spec, message));
          await after.close('failed', { status: 500, detail: message });
        }
        return;
      }
    } catch (e) {
      this.logger.error(`job ${spec.id}: cannot start: ${(e as Error).message}`);
      return;
    }
    const controller = new AbortController();
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    this.active.set(spec.id, { controller, done });
    const seconds = this.config.execution.runTimeoutSeconds;
    const timer = seconds > 0 ? setTimeout(() => controller.abort(timedOut(seconds)), seconds * 1000) : undefined;
    timer?.unref();
    try {
      await this.execute(spec, writer, controller.signal);
    } finally {
      if (timer) clearTimeout(timer);
      this.active.delete(spec.id);
      release();
    }
  };

  private async execute(spec: JobSpec, writer: JobEventWriter, signal: AbortSignal): Promise<void> {
    if (spec.advanced) return this.executeAdvanced(spec, spec.advanced, writer, signal);
    let result: RunResult;
    try {
      const plan = await this.planFor(spec);
      const onEvent = this.sinkFor(spec, writer);
      const record = spec.kind === 'build' && spec.logBuilds !== false ? this.hooks.buildRecorder(spec, plan) : null;
      result = await this.host.run(plan, {
        inputValue: spec.inputValue ?? null,
        inputType: spec.inputType ?? (spec.kind === 'build' ? 'any' : 'chat'),
        outputType: spec.outputType ?? 'chat',
        outputComponent: spec.outputComponent || null,
        sessionId: spec.sessionId || null,
        flowId: spec.runFlowId ?? spec.flowId,
        userId: spec.userId,
        requestVariables: spec.requestVariables,
        files: spec.files,
        startComponentId: spec.startComponentId ?? null,
        stopComponentId: spec.stopComponentId ?? null,
        // A build has no implicit stream tweak: each node keeps its own `stream` value (engine: undefined).
        stream: spec.kind === 'build' ? undefined : streamFlag(spec.tweaks, spec.stream ?? false),
        signal,
        onEvent: record ? (event, data) => (record(event, data), onEvent?.(event, data)) : onEvent,
        mode: spec.kind === 'build' ? 'build' : 'run',
        runId: spec.id,
      }, [spec.userId, spec.flowId, spec.runFlowId]);
    } catch (e) {
      if (spec.kind !== 'build' && this.config.execution.logRunTransactions) this.hooks.recordRun(spec.flowId, null, e);
      await this.fail(spec, writer, signal, e);
      return;
    }
    if (spec.kind !== 'build' && this.config.execution.logRunTransactions) this.hooks.recordRun(spec.flowId, result, null);
    try {
      if (spec.events !== 'build') writer.append('end', { result: toRunResponse(result) });
      await writer.close('completed');
    } catch (e) {
      this.logger.error(`job ${spec.id}: cannot record its end: ${(e as Error).message}`);
    }
  }

  /** /run/advanced sent to a worker: its answer is end {result}; a failure is 500 with the plain message. */
  private async executeAdvanced(spec: JobSpec, advanced: NonNullable<JobSpec['advanced']>, writer: JobEventWriter, signal: AbortSignal): Promise<void> {
    let answer: unknown;
    try {
      const flow = await this.flows.byId(spec.flowId);
      if (!flow) throw new Error(`Flow identifier ${spec.flowId} not found`);
      const tweaks = spec.tweaks ?? {};
      const base = await this.host.tweakedPlanFor(flow, tweaks);
      answer = await runAdvanced(base, { ...advanced, tweaks }, async (input, t) =>
        this.host.run(await this.host.tweakedPlanFor(flow, t), {
          inputValue: null,
          outputType: 'debug',
          sessionId: input.session,
          userId: spec.userId,
          requestVariables: spec.requestVariables,
          stream: streamFlag(spec.tweaks, spec.stream ?? false),
          signal,
          mode: 'run',
          runId: spec.id,
        }, [spec.userId, spec.flowId]),
      );
    } catch (e) {
      const reason = signal.aborted ? signal.reason : e;
      if (reason instanceof RunStoppedError && reason.kind === 'cancelled') return void (await writer.close('cancelled').catch(() => undefined));
      writer.append('error', { error: runErrorMessage(reason) });
      await writer.close('failed', { status: 500, detail: runErrorMessage(reason) }).catch(() => undefined);
      return;
    }
    writer.append('end', { result: answer });
    await writer.close('completed').catch((e) => this.logger.error(`job ${spec.id}: cannot record its end: ${(e as Error).message}`));
  }

  private async fail(spec: JobSpec, writer: JobEventWriter, signal: AbortSignal, e: unknown): Promise<void> {
    const reason = signal.aborted ? signal.reason : e;
    try {
      if (reason instanceof RunStoppedError && reason.kind === 'cancelled') {
        await writer.close('cancelled');
        return;
      }
      const failure: JobFailure = runFailure(reason);
      if (spec.events === 'build') {
        // Component failures were already reported by the engine (error + end_vertex); graph
        // failures, timeouts and shutdowns get an error event here.
        if (!(reason instanceof ComponentBuildError)) {
          writer.append('error', this.errorData(spec, reason instanceof Error ? reason.message : String(reason)));
        }
      } else {
        writer.append('error', { error: runErrorMessage(reason) });
      }
      await writer.close('failed', failure);
    } catch (err) {
      this.logger.error(`job ${spec.id}: cannot record its failure: ${(err as Error).message}`);
    }
  }

  private async planFor(spec: JobSpec): Promise<FlowPlan> {
    const runFlowId = spec.runFlowId ?? spec.flowId;
    if (spec.data) return this.host.compile(spec.data, runFlowId, null, spec.tweaks);
    const flow = await this.flows.byId(spec.flowId);
    if (!flow) throw new Error(`Flow identifier ${spec.flowId} not found`);
    if (spec.webhookBody !== undefined && spec.webhookBody !== null) {
      const base = await this.host.planFor(flow);
      const tweaks: Tweaks = { ...(spec.tweaks ?? {}) };
      for (const v of base.vertices) if (v.id.includes('Webhook')) tweaks[v.id] = { data: spec.webhookBody };
      return this.host.compile(base.data, runFlowId, base.flowName, tweaks);
    }
    if (runFlowId !== flow.id) {
      const base = await this.host.planFor(flow);
      return this.host.compile(base.data, runFlowId, base.flowName, spec.tweaks);
    }
    return this.host.tweakedPlanFor(flow, spec.tweaks);
  }

  private sinkFor(spec: JobSpec, writer: JobEventWriter): ((event: EngineEventName, data: unknown) => void) | undefined {
    if (spec.events === 'build') return (event, data) => writer.append(event, data);
    if (spec.events === 'run-stream') return (event, data) => RUN_STREAM_EVENTS.has(event) && writer.append(event, data);
    return undefined;
  }

  /** An `error` event for a build that failed as a whole: Langflow's ErrorMessage without a source. */
  errorData(spec: JobSpec, reason: string): unknown {
    if (spec.events !== 'build') return { error: reason };
    const flowId = spec.runFlowId ?? spec.flowId;
    const message = new Message({
      id: randomUUID(),
      text: reason,
      sender: 'Machine',
      sender_name: 'Error',
      session_id: spec.sessionId || flowId,
      flow_id: flowId,
      timestamp: formatTimestamp(new Date()),
      error: true,
      category: 'error',
      properties: { text_color: 'red', background_color: 'red', icon: 'error' },
      content_blocks: [
        {
          title: 'Error',
          allow_markdown: true,
          media_url: null,
          contents: [{ type: 'error', component: null, field: null, reason, solution: null, traceback: null }],
        },
      ],
    });
    return messageEventPayload(message);
  }

  /** Stops taking part in running jobs: waits up to `graceMs`, then aborts what is left and waits for it to record its end. */
  async drain(graceMs: number): Promise<void> {
    if (!this.active.size) return;
    const all = () => Promise.all([...this.active.values()].map((j) => j.done));
    await Promise.race([all(), sleep(graceMs)]);
    for (const job of this.active.values()) job.controller.abort(shuttingDown());
    await Promise.race([all(), sleep(5_000)]);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

