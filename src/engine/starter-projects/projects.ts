/**
 * Nestflow's own starter projects, written from our component catalog (not copied from Langflow's
 * files). Each definition builds its flow with FlowBuilder against the registry, so the templates
 * always match the components this server runs.
 */
import type { ComponentRegistry } from '../component/registry';
import { modelOption } from '../components/models/model-fields';
import { FlowBuilder, stableUuid } from './flow-builder';

export type StarterProject = {
  id: string;
  name: string;
  description: string;
  icon: string;
  icon_bg_color: string | null;
  gradient: string;
  tags: string[];
  endpoint_name: string | null;
  is_component: boolean;
  last_tested_version: string;
  data: { nodes: any[]; edges: any[]; viewport: { x: number; y: number; zoom: number } };
};

interface Definition {
  name: string;
  description: string;
  icon: string;
  gradient: string;
  tags: string[];
  build(b: FlowBuilder): void;
}

const DEFAULT_MODEL = [modelOption('gpt-4o-mini', 'OpenAI')];

const BASIC_PROMPT =
  'You are a friendly and concise assistant. Answer in plain language, use short paragraphs, ' +
  'and ask a clarifying question when a request is ambiguous.';

const MEMORY_PROMPT =
  'You are a helpful assistant that remembers the conversation.\n' +
  'Use the earlier turns below to stay consistent and to answer questions about what was said.\n\n' +
  'Conversation so far:\n{history}\n';

const DOC_PROMPT =
  'You answer questions about one document.\n' +
  'Use only the content between the markers. If the answer is not there, say that the document does not say.\n' +
  'Quote short passages when it helps.\n\n' +
  '--- DOCUMENT START ---\n{document}\n--- DOCUMENT END ---\n';

const AGENT_PROMPT =
  'You are a practical assistant with tools. Use the calculator for any arithmetic, fetch web pages ' +
  'when the user gives a link or asks about online content, and check the current date when timing matters. ' +
  'Explain briefly which tools you used.';

const DEFINITIONS: Definition[] = [
  {
    name: 'Basic Prompting',
    description: 'A chat with a language model steered by a system prompt. Edit the prompt to change its personality.',
    icon: 'Braces',
    gradient: '2',
    tags: ['chatbots'],
    build(b) {
      const input = b.add('ChatInput', { position: { x: 0, y: 300 } });
      const prompt = b.add('Prompt', { position: { x: 0, y: 0 }, values: { template: BASIC_PROMPT }, displayName: 'System Prompt' });
      const llm = b.add('LanguageModelComponent', { position: { x: 420, y: 120 }, values: { model: DEFAULT_MODEL, temperature: 0.3 } });
      const output = b.add('ChatOutput', { position: { x: 840, y: 200 } });
      b.connect(input, 'message', llm, 'input_value');
      b.connect(prompt, 'prompt', llm, 'system_message');
      b.connect(llm, 'text_output', output, 'input_value');
    },
  },
  {
    name: 'Memory Chatbot',
    description: 'A chatbot that reads the session history before answering, so it can refer back to earlier turns.',
    icon: 'MessagesSquare',
    gradient: '4',
    tags: ['chatbots', 'memory'],
    build(b) {
      const input = b.add('ChatInput', { position: { x: 0, y: 420 } });
      const memory = b.add('Memory', { position: { x: 0, y: 0 }, displayName: 'Message History' });
      const prompt = b.add('Prompt', { position: { x: 420, y: 0 }, values: { template: MEMORY_PROMPT } });
      const llm = b.add('LanguageModelComponent', { position: { x: 840, y: 200 }, values: { model: DEFAULT_MODEL, temperature: 0.2 } });
      const output = b.add('ChatOutput', { position: { x: 1260, y: 260 } });
      b.connect(memory, 'messages_text', prompt, 'history');
      b.connect(prompt, 'prompt', llm, 'system_message');
      b.connect(input, 'message', llm, 'input_value');
      b.connect(llm, 'text_output', output, 'input_value');
    },
  },
  {
    name: 'Document Q&A',
    description: 'Upload a document and ask questions about it. The model answers from the document text only.',
    icon: 'FileQuestion',
    gradient: '3',
    tags: ['documents', 'q-a'],
    build(b) {
      const file = b.add('File', { position: { x: 0, y: 0 }, displayName: 'Document' });
      const prompt = b.add('Prompt', { position: { x: 420, y: 0 }, values: { template: DOC_PROMPT } });
      const input = b.add('ChatInput', { position: { x: 420, y: 420 } });
      const llm = b.add('LanguageModelComponent', { position: { x: 840, y: 200 }, values: { model: DEFAULT_MODEL, temperature: 0.1 } });
      const output = b.add('ChatOutput', { position: { x: 1260, y: 260 } });
      b.connect(file, 'message', prompt, 'document');
      b.connect(prompt, 'prompt', llm, 'system_message');
      b.connect(input, 'message', llm, 'input_value');
      b.connect(llm, 'text_output', output, 'input_value');
    },
  },
  {
    name: 'Simple Agent',
    description: 'An agent that decides when to use a calculator, a web page fetcher and the current date to answer.',
    icon: 'Bot',
    gradient: '1',
    tags: ['agents', 'assistants'],
    build(b) {
      const calc = b.add('CalculatorComponent', { position: { x: 0, y: 0 }, toolMode: true });
      const url = b.add('URLComponent', { position: { x: 0, y: 360 }, toolMode: true });
      const input = b.add('ChatInput', { position: { x: 0, y: 720 } });
      const agent = b.add('Agent', { position: { x: 480, y: 200 }, values: { model: DEFAULT_MODEL, system_prompt: AGENT_PROMPT } });
      const output = b.add('ChatOutput', { position: { x: 960, y: 300 } });
      b.connect(calc, 'component_as_tool', agent, 'tools');
      b.connect(url, 'component_as_tool', agent, 'tools');
      b.connect(input, 'message', agent, 'input_value');
      b.connect(agent, 'response', output, 'input_value');
    },
  },
  {
    name: 'Structured Extraction',
    description: 'Turn free text into a table: the model fills a schema you define, and the rows are shown as text.',
    icon: 'TableProperties',
    gradient: '5',
    tags: ['data', 'extraction'],
    build(b) {
      const input = b.add('ChatInput', { position: { x: 0, y: 100 } });
      const so = b.add('StructuredOutput', {
        position: { x: 420, y: 0 },
        values: {
          model: DEFAULT_MODEL,
          schema_name: 'Contacts',
          output_schema: [
            { name: 'name', description: 'Full name of the person', type: 'str', multiple: 'False' },
            { name: 'email', description: 'Email address, if given', type: 'str', multiple: 'False' },
            { name: 'company', description: 'Company or organisation', type: 'str', multiple: 'False' },
          ],
        },
      });
      const parser = b.add('ParserComponent', { position: { x: 840, y: 60 }, values: { mode: 'Parser', pattern: '{name} <{email}> at {company}', sep: '\n' } });
      const output = b.add('ChatOutput', { position: { x: 1260, y: 100 } });
      b.connect(input, 'message', so, 'input_value');
      b.connect(so, 'dataframe_output', parser, 'input_data');
      b.connect(parser, 'parsed_text', output, 'input_value');
    },
  },
];

/** Builds one starter project (throws when a component it needs is not registered). */
export function buildStarterProject(def: Definition, registry: ComponentRegistry): StarterProject {
  const b = new FlowBuilder(registry, def.name);
  def.build(b);
  return {
    id: stableUuid(`nestflow-starter/${def.name}`),
    name: def.name,
    description: def.description,
    icon: def.icon,
    icon_bg_color: null,
    gradient: def.gradient,
    tags: def.tags,
    endpoint_name: null,
    is_component: false,
    last_tested_version: '1.7.0',
    data: b.build(),
  };
}

export const STARTER_PROJECT_NAMES = DEFINITIONS.map((d) => d.name);
export { DEFINITIONS as STARTER_PROJECT_DEFINITIONS };
