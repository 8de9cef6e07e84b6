import { isoSeconds } from '../common/time';
import { Flow } from './flow.entity';
import { FlowReadDto } from './dto/flow-read.dto';

/**
 * Flow responses. `data` is stored as JSON text, so the JSON renderers splice
 * that text in as-is instead of parsing and re-serialising graphs that can
 * weigh megabytes; the object mappers parse it for callers that need values.
 */
type FlowRow = Pick<Flow, keyof Flow>;

function headPart(flow: FlowRow) {
  return { name: flow.name, description: flow.description, icon: flow.icon, icon_bg_color: flow.icon_bg_color, gradient: flow.gradient };
}

function tailPart(flow: FlowRow) {
  return {
    is_component: !!flow.is_component,
    updated_at: isoSeconds(flow.updated_at),
    webhook: !!flow.webhook,
    endpoint_name: flow.endpoint_name,
    tags: flow.tags ?? [],
    locked: !!flow.locked,
    mcp_enabled: !!flow.mcp_enabled,
    action_name: flow.action_name,
    action_description: flow.action_description,
    access_type: flow.access_type,
    id: flow.id,
    user_id: flow.user_id,
    folder_id: flow.folder_id,
  };
}

/** `{...head, "data": <raw>, ...tail}` without parsing `data`. */
function splice(head: object, rawData: string | null, tail: object): string {
  const h = JSON.stringify(head);
  const t = JSON.stringify(tail);
  return `${h.slice(0, -1)},"data":${rawData ?? 'null'},${t.slice(1)}`;
}

/** FlowRead as JSON text. */
export function flowReadJson(flow: FlowRow): string {
  return splice(headPart(flow), flow.data, tailPart(flow));
}

/** The table row as Langflow dumps it (FlowRead plus fs_path), as JSON text, optionally with `data` replaced. */
export function flowDumpJson(flow: FlowRow, data: string | null = flow.data): string {
  return splice(headPart(flow), data, { ...tailPart(flow), fs_path: flow.fs_path });
}

/** A JSON array of already-rendered items. */
export function jsonArray(items: string[]): string {
  return `[${items.join(',')}]`;
}

export function parseFlowData(raw: string | null): Record<string, unknown> | null {
  return raw === null ? null : (JSON.parse(raw) as Record<string, unknown>);
}

/** FlowRead as an object (parses `data`). */
export function toFlowRead(flow: FlowRow): FlowReadDto {
  return { ...headPart(flow), data: parseFlowData(flow.data), ...tailPart(flow) };
}

/**
 * FlowHeader (header_flows=true): no graph except for components, plus the
 * fields Langflow's flow list reads (updated_at, icon, gradient, locked).
 */
export function flowHeaderJson(flow: Omit<FlowRow, 'data'> & { data: string | null }): string {
  const head = {
    id: flow.id,
    name: flow.name,
    folder_id: flow.folder_id,
    is_component: !!flow.is_component,
    endpoint_name: flow.endpoint_name,
    description: flow.description,
  };
  const tail = {
    access_type: flow.access_type,
    tags: flow.tags ?? [],
    mcp_enabled: !!flow.mcp_enabled,
    action_name: flow.action_name,
    action_description: flow.action_description,
    updated_at: isoSeconds(flow.updated_at),
    icon: flow.icon,
    icon_bg_color: flow.icon_bg_color,
    gradient: flow.gradient,
    locked: !!flow.locked,
    webhook: !!flow.webhook,
  };
  return splice(head, flow.is_component ? flow.data : null, tail);
}
