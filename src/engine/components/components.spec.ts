import { DataFrame } from '../schema/dataframe';
import { Data } from '../schema/data';
import { Message } from '../schema/message';
import { InMemoryFileStorage, InMemoryMessageStore } from '../ports/memory';
import { invokeComponent } from '../testing/invoke';
import { PromptComponent } from './models_and_agents/prompt';
import { MemoryComponent } from './models_and_agents/memory';
import { ParserComponent } from './processing/parser';
import { TypeConverterComponent } from './processing/type-converter';
import { SplitTextComponent } from './processing/split-text';
import { DataOperationsComponent } from './processing/data-operations';
import { CombineTextComponent } from './processing/combine-text';
import { FileComponent } from './files_and_knowledge/file';
import { SaveToFileComponent } from './files_and_knowledge/save-file';
import { CalculatorComponent } from './utilities/calculator';
import { ConditionalRouterComponent } from './flow_controls/conditional-router';
import { WebhookComponent } from './input_output/webhook';
import { ChatOutput } from './input_output/chat-output';

describe('Prompt', () => {
  it('fills {variables} from Message, Data and list values', async () => {
    const m = await invokeComponent(PromptComponent, {
      template: 'Q: {question}\nCtx: {ctx}\nList: {items}',
      question: new Message({ text: 'why?' }),
      ctx: new Data({ text: 'data text', other: 1 }),
      items: ['a', new Message({ text: 'b' })],
    });
    expect(m.text).toBe('Q: why?\nCtx: data text\nList: a\nb');
  });
  it('keeps {{escaped}} braces literal and supports double-bracket mode', async () => {
    expect((await invokeComponent(PromptComponent, { template: 'JSON: {{"a": 1}} and {x}', x: 'X' })).text).toBe('JSON: {"a": 1} and X');
    expect((await invokeComponent(PromptComponent, { template: 'Hi {{name}}, {literal}', use_double_brackets: true, name: 'Ann' })).text).toBe('Hi Ann, {literal}');
  });
});

describe('Parser', () => {
  it('formats DataFrame rows with the pattern, joined by sep', async () => {
    const df = new DataFrame([{ name: 'a', n: 1 }, { name: 'b', n: 2.5 }]);
    expect((await invokeComponent(ParserComponent, { input_data: df, pattern: '{name}={n}', sep: ', ' })).text).toBe('a=1, b=2.5');
    await expect(invokeComponent(ParserComponent, { input_data: df, pattern: '{missing}' })).rejects.toThrow("'missing'");
  });
  it('formats a Data with default_value for missing keys; Stringify mode', async () => {
    expect((await invokeComponent(ParserComponent, { input_data: new Data({ text: 't' }), pattern: 'Text: {text} / {nope}' })).text).toBe('Text: t / ');
    expect((await invokeComponent(ParserComponent, { input_data: new Data({ a: 1 }), mode: 'Stringify' })).text).toBe('```json\n{\n  "a": 1\n}\n```');
    await expect(invokeComponent(ParserComponent, { input_data: [new Data({}), new Data({})] })).rejects.toThrow('List of Data objects is not supported.');
  });
});

describe('TypeConverter (§3.4 conversions)', () => {
  it('Data → Message uses text, else the Python dict repr', async () => {
    expect((await invokeComponent(TypeConverterComponent, { input_data: new Data({ text: 'hello' }) })).text).toBe('hello');
    expect((await invokeComponent(TypeConverterComponent, { input_data: new Data({ a: 1, b: 'x', c: null, d: true }) })).text).toBe("{'a': 1, 'b': 'x', 'c': None, 'd': True}");
  });
  it('DataFrame → Message is a markdown table; → Data wraps the rows in results', async () => {
    const df = new DataFrame([{ n: 1, s: 'a|b' }, { n: 22, s: 'line1\n\nline2' }]);
    expect((await invokeComponent(TypeConverterComponent, { input_data: df })).text).toBe(
      ['|   n | ' + 's'.padEnd(15) + ' |', '|----:|:' + '-'.repeat(16) + '|', '|   1 | ' + 'a\\|b'.padEnd(15) + ' |', '|  22 | line1<br/>line2 |'].join('\n'),
    );
    expect((await invokeComponent(TypeConverterComponent, { input_data: df }, undefined)).text).toContain('line1');
    const d: Data = await invokeComponent(TypeConverterComponent, { input_data: df }, 'convert_to_data');
    expect(d.data).toEqual({ results: df.rows });
  });
  it('Message → Data/DataFrame keep all message fields; Data with one list of dicts → rows', async () => {
    const d: Data = await invokeComponent(TypeConverterComponent, { input_data: new Message({ text: 'hi', sender: 'User' }) }, 'convert_to_data');
    expect(d.data).toMatchObject({ text: 'hi', sender: 'User' });
    const df: DataFrame = await invokeComponent(TypeConverterComponent, { input_data: new Data({ items: [{ a: 1 }, { a: 2 }] }) }, 'convert_to_dataframe');
    expect(df.rows).toEqual([{ a: 1 }, { a: 2 }]);
    const parsed: DataFrame = await invokeComponent(TypeConverterComponent, { input_data: new Message({ text: 'a,b\n1,x\n2,y' }), auto_parse: true }, 'convert_to_dataframe');
    expect(parsed.rows).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
  });
});

describe('SplitText', () => {
  it('splits on the separator and merges up to chunk_size with overlap, keeping metadata', async () => {
    const df: DataFrame = await invokeComponent(SplitTextComponent, {
      data_inputs: new Data({ text: 'aaaa\nbbbb\ncccc\ndddd', source: 'doc.txt' }),
      chunk_size: 9,
      chunk_overlap: 4,
      separator: '\\n',
    });
    expect(df.rows.map((r) => r.text)).toEqual(['aaaa\nbbbb', 'bbbb\ncccc', 'cccc\ndddd']);
    expect(df.rows[0].source).toBe('doc.txt');
  });
});

describe('DataOperations / CombineText / Calculator / Webhook', () => {
  it('select, remove and rename keys', async () => {
    const data = [new Data({ a: 1, b: 2, c: 3 })];
    const op = (name: string) => [{ name }];
    expect((await invokeComponent(DataOperationsComponent, { data, operations: op('Select Keys'), select_keys_input: ['a', 'c'] })).data).toEqual({ a: 1, c: 3 });
    expect((await invokeComponent(DataOperationsComponent, { data, operations: op('Remove Keys'), remove_keys_input: ['b'] })).data).toEqual({ a: 1, c: 3 });
    expect((await invokeComponent(DataOperationsComponent, { data, operations: op('Rename Keys'), rename_keys_input: { a: 'z' } })).data).toEqual({ b: 2, c: 3, z: 1 });
    await expect(invokeComponent(DataOperationsComponent, { data, operations: op('Select Keys'), select_keys_input: ['q'] })).rejects.toThrow(
      "Select key not found in data. Available keys: ['a', 'b', 'c']",
    );
    expect((await invokeComponent(DataOperationsComponent, { data: [new Data({ k: 1 }), new Data({ k: 2 })], operations: op('Combine') })).data).toEqual({ k: [1, 2] });
  });
  it('CombineText joins with the delimiter', async () => {
    expect((await invokeComponent(CombineTextComponent, { text1: 'a', text2: 'b', delimiter: ' - ' })).text).toBe('a - b');
  });
  it('Calculator evaluates + - * / ** and reports errors as Data', async () => {
    expect((await invokeComponent(CalculatorComponent, { expression: '4*4*(33/22)+12-20' })).data).toEqual({ result: '16' });
    expect((await invokeComponent(CalculatorComponent, { expression: '2 ** 3 ** 2 / 3' })).data).toEqual({ result: '170.666667' });
    expect((await invokeComponent(CalculatorComponent, { expression: '-2**2' })).data).toEqual({ result: '-4' });
    expect((await invokeComponent(CalculatorComponent, { expression: '1/0' })).data).toEqual({ error: 'Error: Division by zero', input: '1/0' });
    expect((await invokeComponent(CalculatorComponent, { expression: 'import os' })).data.error).toMatch(/^Invalid expression/);
  });
  it('Webhook parses the JSON body, keeps invalid JSON as payload', async () => {
    expect((await invokeComponent(WebhookComponent, { data: '{"a": 1}' })).data).toEqual({ a: 1 });
    expect((await invokeComponent(WebhookComponent, { data: 'not json' })).data).toEqual({ payload: 'not json' });
    expect((await invokeComponent(WebhookComponent, { data: '' })).data).toEqual({});
  });
});

describe('If-Else operators', () => {
  const route = async (params: Record<string, unknown>) => {
    const stopped: string[] = [];
    const t: Message = await invokeComponent(ConditionalRouterComponent, params, 'true_result', { stopped });
    return { text: t.text, stopped };
  };
  it('evaluates and switches the other branch off', async () => {
    expect(await route({ input_text: 'Hello World', match_text: 'hello', operator: 'starts with', case_sensitive: false })).toEqual({ text: 'Hello World', stopped: ['false_result'] });
    expect((await route({ input_text: 'abc', match_text: 'b.', operator: 'regex' })).stopped).toEqual(['true_result']);
    expect((await route({ input_text: 'bcd', match_text: 'b.', operator: 'regex' })).stopped).toEqual(['false_result']);
    expect((await route({ input_text: '10', match_text: '9', operator: 'greater than' })).stopped).toEqual(['false_result']);
    expect((await route({ input_text: 'ten', match_text: '9', operator: 'greater than' })).stopped).toEqual(['true_result']);
    expect((await route({ input_text: 'x', match_text: 'x', true_case_message: new Message({ text: 'custom' }) })).text).toBe('custom');
  });
});

describe('Memory', () => {
  it('stores and retrieves messages by session', async () => {
    const messages = new InMemoryMessageStore();
    const ports = { messages };
    await messages.add(new Message({ text: 'q1', sender: 'User', sender_name: 'User', session_id: 's', timestamp: '2026-01-01 10:00:00 UTC' }));
    await messages.add(new Message({ text: 'a1', sender: 'Machine', sender_name: 'AI', session_id: 's', timestamp: '2026-01-01 10:00:01 UTC' }));
    await messages.add(new Message({ text: 'other', sender: 'User', sender_name: 'User', session_id: 'x', timestamp: '2026-01-01 10:00:02 UTC' }));
    const text: Message = await invokeComponent(MemoryComponent, { session_id: 's' }, 'messages_text', { ports });
    expect(text.text).toBe('User: q1\nAI: a1');
    const last: Message = await invokeComponent(MemoryComponent, { session_id: 's', n_messages: 1 }, 'messages_text', { ports });
    expect(last.text).toBe('AI: a1');
    // Descending keeps Langflow's quirk: the last n of a newest-first list are the oldest n, newest first.
    await messages.add(new Message({ text: 'q2', sender: 'User', sender_name: 'User', session_id: 's', timestamp: '2026-01-01 10:00:03 UTC' }));
    const newestTwo: Message = await invokeComponent(MemoryComponent, { session_id: 's', n_messages: 2 }, 'messages_text', { ports });
    expect(newestTwo.text).toBe('AI: a1\nUser: q2');
    const descTwo: Message = await invokeComponent(MemoryComponent, { session_id: 's', n_messages: 2, order: 'Descending' }, 'messages_text', { ports });
    expect(descTwo.text).toBe('AI: a1\nUser: q1');
    const users: Message = await invokeComponent(MemoryComponent, { session_id: 's', sender_type: 'User' }, 'messages_text', { ports });
    expect(users.text).toBe('User: q1\nUser: q2');
    const df: DataFrame = await invokeComponent(MemoryComponent, { session_id: 's' }, 'dataframe', { ports });
    expect(df.rows.map((r) => r.text)).toEqual(['q1', 'a1', 'q2']);
    const stored: Message = await invokeComponent(MemoryComponent, { session_id: 's', message: 'note', sender: 'User', sender_name: 'Me', mode: 'Store' }, 'store_message', { ports });
    expect(stored.text).toBe('note');
    expect((await messages.list({ session_id: 's' })).map((m) => m.text)).toEqual(['q1', 'a1', 'q2', 'note']);
  });
});

describe('File / SaveToFile', () => {
  it('File reads text and CSV through the storage port', async () => {
    const files = new InMemoryFileStorage({ 'f/notes.txt': 'hello\nworld', 'f/t.csv': 'a,b\n1,x\n' });
    const ports = { files };
    expect((await invokeComponent(FileComponent, { path: ['f/notes.txt'] }, 'message', { ports })).text).toBe('hello\nworld');
    expect((await invokeComponent(FileComponent, { path: ['f/t.csv'] }, 'dataframe', { ports })).rows).toEqual([{ a: 1, b: 'x' }]);
    const both: DataFrame = await invokeComponent(FileComponent, { path: ['f/notes.txt', 'f/t.csv'] }, 'dataframe', { ports });
    expect(both.rows.map((r) => r.file_path)).toEqual(['f/notes.txt', 'f/t.csv']);
    await expect(invokeComponent(FileComponent, { path: ['f/missing.txt'] }, 'message', { ports })).rejects.toThrow('File not found: f/missing.txt');
  });
  it('SaveToFile writes Message / DataFrame in the chosen format', async () => {
    const files = new InMemoryFileStorage();
    const ports = { files };
    const r: Message = await invokeComponent(SaveToFileComponent, { input: new Message({ text: 'hi' }), file_name: 'out', local_format: 'txt' }, undefined, { ports, flowId: 'F' });
    expect(r.text).toBe("Message saved successfully as 'out.txt' at F/out.txt");
    expect((await files.read('F/out.txt')).toString()).toBe('hi');
    await invokeComponent(SaveToFileComponent, { input: new DataFrame([{ a: 1, b: 'x,y' }]), file_name: 'table' }, undefined, { ports, flowId: 'F' });
    expect((await files.read('F/table.csv')).toString()).toBe('a,b\n1,"x,y"\n');
    await expect(invokeComponent(SaveToFileComponent, { input: new Message({ text: 'hi' }), file_name: 'x', local_format: 'csv' }, undefined, { ports })).rejects.toThrow(
      "Invalid file format 'csv' for Message",
    );
  });
});

describe('ChatOutput conversions', () => {
  it('Data becomes a fenced json block, DataFrame a markdown table, lists are joined', async () => {
    const ctx = { vertexId: 'ChatOutput-x' };
    expect((await invokeComponent(ChatOutput, { input_value: new Data({ a: 1 }) }, undefined, ctx)).text).toBe('```json\n{\n  "a": 1\n}\n```');
    expect((await invokeComponent(ChatOutput, { input_value: new DataFrame([{ a: 'x' }]) }, undefined, ctx)).text).toBe('| a   |\n|:----|\n| x   |');
    expect((await invokeComponent(ChatOutput, { input_value: ['one', new Message({ text: 'two' })] }, undefined, ctx)).text).toBe('one\ntwo');
    expect((await invokeComponent(ChatOutput, { input_value: 'a\n   \n\n\n\nb' }, undefined, ctx)).text).toBe('a\n\nb');
  });
});

describe('legacy Data to Message / Message to Data', () => {
  it('ParseData formats each Data with the template; MessagetoData keeps the message fields', async () => {
    const { ParseDataComponent } = await import('./processing/parse-data');
    const { MessageToDataComponent } = await import('./processing/message-to-data');
    const data = [new Data({ text: 'a', n: 1 }), new Data({ text: 'b', n: 2 })];
    expect((await invokeComponent(ParseDataComponent, { data, template: '{n}:{text}', sep: ';' })).text).toBe('1:a;2:b');
    const list: Data[] = await invokeComponent(ParseDataComponent, { data, template: '<{text}>' }, 'data_list');
    expect(list.map((d) => d.data.text)).toEqual(['<a>', '<b>']);
    expect((await invokeComponent(MessageToDataComponent, { message: new Message({ text: 'hi', sender: 'User' }) })).data).toMatchObject({ text: 'hi', sender: 'User' });
  });
});

describe('markdown tables (pandas to_markdown / tabulate pipe format)', () => {
  it('right-aligns numeric columns on the decimal point, left-aligns text, pads to header + 2', async () => {
    const { rowsToMarkdown } = await import('../schema/convert');
    expect(rowsToMarkdown([{ n: 1.5, name: 'x', ok: true }, { n: 10.25, name: 'longer', ok: false }, { n: 3, name: null, ok: true }])).toBe(
      [
        '|     n | name   | ok    |',
        '|------:|:-------|:------|',
        '|  1.5  | x      | True  |',
        '| 10.25 | longer | False |',
        '|  3    |        | True  |',
      ].join('\n'),
    );
  });
});
