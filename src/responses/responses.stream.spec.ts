import { ResponsesStreamTranslator } from './responses.stream';
import { responseText, toResponseObject } from './responses.mapper';

const parse = (frames: string[]) =>
  frames.map((f) => {
    const event = /^event: (.*)$/m.exec(f)?.[1] ?? null;
    const data = /^data: (.*)$/m.exec(f)![1];
    return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
  });

const aiMessage = (id: string, text: string, state = 'partial', contents: unknown[] = []) => ({
  id,
  text,
  sender: 'Machine',
  sender_name: 'AI',
  properties: { state },
  content_blocks: contents.length ? [{ title: 'Agent Steps', contents }] : [],
});

describe('ResponsesStreamTranslator', () => {
  it('relays each piece of text once when the first message already holds the first token', () => {
    const t = new ResponsesStreamTranslator('r1', 'flow', 1, 'hi', null);
    const frames = [
      ...t.onEvent('add_message', { id: 'u', text: 'hi', sender: 'User', sender_name: 'User', properties: { state: 'complete' } }),
      ...t.onEvent('add_message', aiMessage('m', 'You ')),
      ...t.onEvent('token', { chunk: 'You ', id: 'm' }),
      ...t.onEvent('token', { chunk: 'said', id: 'm' }),
      ...t.onEvent('add_message', aiMessage('m', 'You said', 'complete')),
    ];
    expect(parse(frames).map((f) => f.data.delta.content)).toEqual(['You ', 'said']);
  });

  it('announces a finished tool use once, as the four function-call events', () => {
    const t = new ResponsesStreamTranslator('r1', 'flow', 1, 'what is 2+2', null);
    const running = { type: 'tool_use', name: 'evaluate', tool_input: { expression: '2+2' }, output: null, error: null };
    const done = { ...running, output: '4' };
    expect(t.onEvent('add_message', aiMessage('m', '', 'partial', [running]))).toEqual([]);
    const frames = parse(t.onEvent('add_message', aiMessage('m', '', 'partial', [done])));
    expect(frames.map((f) => f.event)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
    ]);
    expect(frames[3].data.item).toEqual({ id: 'fc_0', type: 'function_call', status: 'completed', name: 'evaluate', arguments: '{"expression":"2+2"}', call_id: 'call_0' });
    expect(t.onEvent('add_message', aiMessage('m', '', 'partial', [done]))).toEqual([]);
  });

  it('closes with the completed chunk and [DONE], sending the whole text when nothing streamed', () => {
    const t = new ResponsesStreamTranslator('r1', 'flow', 1, 'hi', null);
    const run = { outputs: [{ outputs: [{ messages: [{ message: 'Hello' }], results: {} }] }] };
    const frames = parse(t.last(run));
    expect(frames.map((f) => f.data)).toEqual([
      { id: 'r1', object: 'response.chunk', created: 1, model: 'flow', delta: { content: 'Hello' }, status: null },
      { id: 'r1', object: 'response.chunk', created: 1, model: 'flow', delta: {}, status: 'completed' },
      '[DONE]',
    ]);
  });
});

describe('responses mapper', () => {
  it('takes the text from results when no message is reported', () => {
    expect(responseText({ outputs: [{ outputs: [{ messages: [], results: { text: { text: 'from results' } } }] }] })).toBe('from results');
  });

  it('puts tool calls before the message', () => {
    const run = {
      outputs: [{ outputs: [{ messages: [{ message: 'ok' }], results: { message: aiMessage('m', 'ok', 'complete', [{ type: 'tool_use', name: 'calc', input: { q: 1 }, output: 'r' }]) } }] }],
    };
    const body = toResponseObject({ responseId: 's', model: 'f', previousResponseId: null, run, include: ['tool_call.results'], createdAt: 5 });
    expect(body.output[0]).toEqual({ id: 'calc_0', queries: [1], status: 'completed', tool_name: 'calc', type: 'tool_call', results: 'r' });
    expect(body.output[1]).toMatchObject({ type: 'message', id: 'msg_s' });
  });
});
