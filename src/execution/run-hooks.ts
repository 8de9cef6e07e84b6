import type { EngineEventName, FlowPlan, RunResult } from '../engine';
import type { JobSpec } from './job.types';

/**
 * Optional recording of builds (vertex builds and transactions, log_builds=true) through the
 * monitor's RunRecorder. Returns a sink that sees every engine event of the build, or null.
 */
export interface RunHooks {
  buildRecorder(spec: JobSpec, plan: FlowPlan): ((event: EngineEventName, data: unknown) => void) | null;
  /**
   * NESTFLOW_LOG_RUN_TRANSACTIONS: one transaction per vertex of a finished /run or webhook run
   * (`result`), or the failing vertex of a failed one (`error`). Called after the answer is sent.
   */
  recordRun(flowId: string, result: RunResult | null, error: unknown): void;
}

export const RUN_HOOKS = Symbol('RUN_HOOKS');

export const noRunHooks: RunHooks = { buildRecorder: () => null, recordRun: () => undefined };
