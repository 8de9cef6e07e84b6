import { hasWebhookNode, stripApiKeys, uniqueEndpointName, uniqueFlowName, uniqueProjectName, validateFlowData, validateIcon, validateIconBgColor } from './flow-rules';

describe('flow rules', () => {
  it('numbers copies after the highest "(n)"', () => {
    expect(uniqueFlowName('X', [])).toBe('X (1)');
    expect(uniqueFlowName('X', ['X (1)', 'X (4)', 'X (x)', 'X (2) (1)'])).toBe('X (5)');
    expect(uniqueFlowName('a.b', ['axb (3)'])).toBe('a.b (1)');
  });

  it('numbers endpoint names after the highest numeric suffix', () => {
    expect(uniqueEndpointName('ep', [])).toBe('ep-1');
    expect(uniqueEndpointName('ep', ['ep-1', 'ep-7', 'ep-x', 'ep-2-3'])).toBe('ep-8');
  });

  it('numbers project names like Langflow', () => {
    expect(uniqueProjectName('P', ['P'])).toBe('P (1)');
    expect(uniqueProjectName('P', ['P', 'P (2)'])).toBe('P (3)');
  });

  it('finds webhook nodes by id', () => {
    expect(hasWebhookNode({ nodes: [{ id: 'Webhook-abc' }], edges: [] })).toBe(true);
    expect(hasWebhookNode({ nodes: [{ id: 'ChatInput-abc' }], edges: [] })).toBe(false);
    expect(hasWebhookNode(null)).toBe(false);
  });

  it('nulls API key and token password fields only', () => {
    const field = (name: string, password: boolean) => ({ name, password, value: 'secret' });
    const data = {
      nodes: [{ data: { node: { template: {
        api_key: field('api_key', true), openai_api_key: field('openai_api_key', true), api_token: field('api_token', true),
        max_tokens_api: field('max_tokens_api', true), api_key_plain: field('api_key_plain', false), password: field('password', true),
      } } } }],
      edges: [],
    };
    const t = stripApiKeys(data).nodes[0].data.node.template;
    expect([t.api_key.value, t.openai_api_key.value, t.api_token.value]).toEqual([null, null, null]);
    expect([t.max_tokens_api.value, t.api_key_plain.value, t.password.value]).toEqual(['secret', 'secret', 'secret']);
  });

  it('checks data, icon and colour like FlowCreate', () => {
    expect(validateFlowData({}, ['body', 'data'])).toEqual([]);
    expect(validateFlowData({ edges: [] }, ['body', 'data'])[0].msg).toBe('Value error, Flow must have nodes');
    expect(validateFlowData({ nodes: [] }, ['body', 'data'])[0].msg).toBe('Value error, Flow must have edges');
    expect(validateFlowData([], ['body', 'data'])[0].type).toBe('dict_type');
    expect(validateIconBgColor('#abc', ['x'])).toHaveLength(1);
    expect(validateIconBgColor('#aabbcc', ['x'])).toEqual([]);
    expect(validateIcon(':rocket:', ['x'])).toEqual([]);
    expect(validateIcon('Rocket', ['x'])).toEqual([]);
    expect(validateIcon(':Bad Emoji:', ['x'])).toHaveLength(1);
  });
});
