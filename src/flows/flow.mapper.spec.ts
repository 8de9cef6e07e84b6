import { Flow } from './flow.entity';
import { flowDumpJson, flowHeaderJson, flowReadJson, jsonArray, toFlowRead } from './flow.mapper';

const flow = (over: Partial<Flow> = {}): Flow =>
  Object.assign(new Flow(), {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'A "quoted" name',
    description: null,
    icon: null,
    icon_bg_color: null,
    gradient: null,
    data: JSON.stringify({ nodes: [{ id: 'n' }], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }),
    is_component: false,
    updated_at: new Date('2026-01-16T10:00:00.789Z'),
    webhook: false,
    endpoint_name: null,
    tags: null,
    locked: false,
    mcp_enabled: false,
    action_name: null,
    action_description: null,
    access_type: 'PRIVATE',
    user_id: '22222222-2222-4222-8222-222222222222',
    folder_id: null,
    fs_path: 'x.json',
    ...over,
  });

describe('flow mapper', () => {
  it('renders FlowRead JSON in Langflow field order, with the stored graph spliced in', () => {
    const json = flowReadJson(flow());
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual([
      'name', 'description', 'icon', 'icon_bg_color', 'gradient', 'data', 'is_component', 'updated_at', 'webhook', 'endpoint_name',
      'tags', 'locked', 'mcp_enabled', 'action_name', 'action_description', 'access_type', 'id', 'user_id', 'folder_id',
    ]);
    expect(parsed).toEqual(toFlowRead(flow()));
    expect(parsed.updated_at).toBe('2026-01-16T10:00:00+00:00');
    expect(parsed.tags).toEqual([]);
  });

  it('handles a flow without a graph and dumps fs_path for exports', () => {
    expect(JSON.parse(flowReadJson(flow({ data: null }))).data).toBeNull();
    expect(JSON.parse(flowDumpJson(flow())).fs_path).toBe('x.json');
    expect(JSON.parse(flowDumpJson(flow(), '{"nodes":[],"edges":[]}')).data).toEqual({ nodes: [], edges: [] });
  });

  it('sends the graph in headers only for components', () => {
    expect(JSON.parse(flowHeaderJson(flow())).data).toBeNull();
    expect(JSON.parse(flowHeaderJson(flow({ is_component: true }))).data.nodes).toEqual([{ id: 'n' }]);
    expect(JSON.parse(jsonArray([flowHeaderJson(flow()), flowHeaderJson(flow())]))).toHaveLength(2);
    expect(JSON.parse(jsonArray([]))).toEqual([]);
  });
});
