/** The Langflow flow JSON as exported (only what the engine reads is typed). */
export interface FlowNodeData {
  id: string;
  type: string;
  node?: FlowNodeSpec;
  [k: string]: unknown;
}

export interface FlowNodeSpec {
  display_name?: string;
  description?: string;
  template?: Record<string, any>;
  outputs?: any[];
  base_classes?: string[];
  frozen?: boolean;
  metadata?: { module?: string; code_hash?: string; [k: string]: unknown };
  flow?: { data: FlowData; [k: string]: unknown };
  custom_fields?: Record<string, string[]>;
  is_input?: boolean;
  is_output?: boolean;
  [k: string]: unknown;
}

export interface FlowNode {
  id: string;
  type?: string;
  data: FlowNodeData;
  [k: string]: unknown;
}

export interface SourceHandle {
  dataType?: string;
  id: string;
  name?: string;
  output_types?: string[];
  baseClasses?: string[];
  [k: string]: unknown;
}

export interface TargetHandle {
  fieldName?: string;
  /** loop-back edges into an output: `name` plays the role of `fieldName` */
  name?: string;
  id: string;
  inputTypes?: string[] | null;
  output_types?: string[];
  type?: string;
  proxy?: { id: string; field: string };
  [k: string]: unknown;
}

export interface FlowEdge {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  data?: { sourceHandle?: SourceHandle; targetHandle?: TargetHandle; [k: string]: unknown };
  [k: string]: unknown;
}

export interface FlowData {
  nodes: FlowNode[];
  edges: FlowEdge[];
  viewport?: unknown;
}

/** Either the whole exported flow (`{id, name, data: {...}}`) or just `data`. */
export type FlowInput = FlowData | { data: FlowData; id?: string; name?: string; [k: string]: unknown };

/** `{"<node id or display name>": {...field: value}}` or `{"<field>": scalar}`. */
export type Tweaks = Record<string, unknown>;
