/** Event names the engine (and components) emit; payloads follow Langflow's build/run events. */
export type EngineEventName =
  | 'vertices_sorted' // {ids: string[], to_run: string[]}
  | 'build_start' // {id}  (component run as an agent tool)
  | 'build_end' // {id}
  | 'add_message' // serialised Message + top-level id, flow_id
  | 'remove_message' // {id}
  | 'token' // {chunk, id}
  | 'end_vertex' // {build_data: VertexBuildResponse}
  | 'error' // ErrorMessage dump
  | 'end'; // {}

/** Receives events synchronously, in order. Must not throw. */
export type EventSink = (event: EngineEventName, data: any) => void;
