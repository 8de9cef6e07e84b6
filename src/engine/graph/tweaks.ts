import type { FlowData, FlowNode, Tweaks } from './flow-types';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** True when the tweaks change nothing but the run's `stream` flag (no recompile needed). */
export function isStreamOnlyTweaks(tweaks: Tweaks | null | undefined): boolean {
  if (!tweaks) return true;
  for (const k in tweaks) if (k !== 'stream' || isPlainObject(tweaks[k])) return false;
  return true;
}

/**
 * Langflow `process_tweaks`: returns a new FlowData with the tweaks applied (only touched nodes are
 * copied). Per-node keys match the node id first, then `display_name` (last one wins); scalar
 * top-level values apply to every node that has that field. `code` is never tweakable.
 */
export function applyTweaks(data: FlowData, tweaks: Tweaks): FlowData {
  const nodes = data.nodes.slice();
  const copied = new Set<number>();
  const own = (i: number): FlowNode => {
    if (!copied.has(i)) {
      const n = nodes[i];
      nodes[i] = { ...n, data: { ...n.data, node: { ...(n.data.node ?? {}), template: { ...(n.data.node?.template ?? {}) } } } };
      copied.add(i);
    }
    return nodes[i];
  };
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  nodes.forEach((n, i) => {
    byId.set(n.id, i);
    const dn = n.data?.node?.display_name;
    if (dn) byName.set(dn, i);
  });
  for (const [key, val] of Object.entries(tweaks)) {
    if (isPlainObject(val)) {
      const i = byId.get(key) ?? byName.get(key);
      if (i === undefined) continue;
      for (const [field, fv] of Object.entries(val)) applyField(own, i, nodes[i], field, fv);
    } else {
      nodes.forEach((n, i) => {
        if (n.data?.node?.template && key in n.data.node.template) applyField(own, i, n, key, val);
      });
    }
  }
  return { ...data, nodes };
}

function applyField(own: (i: number) => FlowNode, i: number, n: FlowNode, field: string, v: unknown): void {
  if (field === 'code') return;
  const tf = n.data?.node?.template?.[field];
  if (!tf || typeof tf !== 'object') return;
  const node = own(i);
  const f: Record<string, any> = { ...tf };
  node.data.node!.template![field] = f;
  if (f.type === 'NestedDict') {
    f.value = typeof v === 'string' ? safeJson(v) : v;
  } else if (f.type === 'mcp') {
    f.value = v;
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (f.type === 'file') f.file_path = x;
      else f[k] = x;
    }
  } else if (f.type === 'file') {
    f.file_path = v;
  } else {
    f.value = v;
    // a plain value tweaked into a global-variable field is the value itself, not a variable name
    if (f.load_from_db) f.load_from_db = false;
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    try {
      return JSON.parse(s.replace(/'/g, '"'));
    } catch {
      return s;
    }
  }
}

/**
 * /run rejects an `input_value` together with a tweak of the same input (HTTP 400). Returns Langflow's
 * message when they conflict, else null. `input_type` chat → ChatInput / "Chat Input" keys, text → TextInput.
 */
export function inputTweakConflict(tweaks: Tweaks | null | undefined, inputValue: unknown, inputType: string | undefined): string | null {
  if (!tweaks || inputValue === null || inputValue === undefined) return null;
  const type = inputType ?? 'chat';
  const keys = type === 'chat' ? ['ChatInput', 'Chat Input'] : type === 'text' ? ['TextInput', 'Text Input'] : [];
  for (const [k, v] of Object.entries(tweaks)) {
    if (!keys.some((x) => k.includes(x)) || !isPlainObject(v) || !('input_value' in v)) continue;
    return type === 'chat'
      ? 'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.'
      : 'If you pass an input_value to the text input, you cannot pass a tweak with the same name.';
  }
  return null;
}
