import { ComponentBuildError, GraphBuildError, GraphCycleError, UnknownComponentError } from '../engine';
import { HttpError } from '../common/http/http-error';
import type { JobFailure } from './job.types';
import { FlowDataError } from './engine.provider';

/** Why a run was stopped from outside (AbortSignal reasons). */
export class RunStoppedError extends Error {
  constructor(message: string, readonly kind: 'cancelled' | 'timeout' | 'shutdown' | 'disconnected') {
    super(message);
    this.name = 'RunStoppedError';
  }
}

export const cancelledByUser = () => new RunStoppedError('The build was cancelled.', 'cancelled');
export const timedOut = (seconds: number) => new RunStoppedError(`The run did not finish within ${seconds} seconds and was stopped.`, 'timeout');
export const shuttingDown = () => new RunStoppedError('The server shut down before the run finished.', 'shutdown');
export const disconnected = () => new RunStoppedError('The client disconnected.', 'disconnected');

export function isGraphError(e: unknown): boolean {
  return e instanceof UnknownComponentError || e instanceof GraphBuildError || e instanceof GraphCycleError || e instanceof FlowDataError;
}

/** The message Langflow puts in a failed run's answer ("Error running graph: ..."). */
export function runErrorMessage(e: unknown): string {
  if (e instanceof RunStoppedError) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  return `Error running graph: ${text}`;
}

/**
 * Langflow's /run error answers: a ValueError mentioning "not found" is 404 with the plain
 * message; everything else is 500 with `detail` holding a JSON *string* (APIException body).
 */
export function runFailure(e: unknown): JobFailure {
  if (e instanceof HttpError) return { status: e.getStatus(), detail: (e.getResponse() as { detail: unknown }).detail };
  const message = runErrorMessage(e);
  if ((e instanceof ComponentBuildError || isGraphError(e)) && message.includes('not found')) return { status: 404, detail: message };
  return {
    status: 500,
    detail: JSON.stringify({ message, traceback: null, description: null, code: null, suggestion: null }),
  };
}

export function failureToHttp(f: JobFailure): HttpError {
  return new HttpError(f.status, f.detail);
}
