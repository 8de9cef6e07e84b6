import type { EngineEventName, FlowPlan } from '../engine';
import type { JobSpec } from './job.types';

/**
 * Optional recording of builds (vertex builds and transactions, log_builds=true) through the
 * monitor's RunRecorder. Returns a sink that sees every engine event of the build, or null.
 */
export interface RunHooks {
  buildRecorder(spec: JobSpec, plan: FlowPlan): ((event: EngineEventName, data: unknown) => void) | null;
}

export const RUN_HOOKS = Symbol('RUN_HOOKS');

export const noRunHooks: RunHooks = { buildRecorder: () => null };
