import type { CompiledVertex } from '../graph/compile';
import type { ComponentBuildError } from '../graph/errors';
import { formatTimestamp, Message } from '../schema/message';

/** Langflow's ErrorMessage for a failed component (category "error", red, error content block). */
export function errorMessageFor(v: CompiledVertex, err: ComponentBuildError, sessionId: string, flowId: string, now: Date): Message {
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return new Message({
    text: err.reason,
    sender: v.displayName,
    sender_name: v.displayName,
    session_id: sessionId,
    flow_id: flowId,
    timestamp: formatTimestamp(now),
    error: true,
    category: 'error',
    properties: {
      text_color: 'red',
      background_color: 'red',
      icon: 'error',
      source: { id: v.id, display_name: v.displayName, source: v.displayName },
    },
    content_blocks: [
      {
        title: 'Error',
        allow_markdown: true,
        media_url: null,
        contents: [
          {
            type: 'error',
            component: v.displayName,
            field: null,
            reason: err.reason,
            solution: null,
            traceback: cause?.stack ?? null,
          },
        ],
      },
    ],
  });
}
