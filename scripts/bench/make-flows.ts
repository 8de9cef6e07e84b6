/**
 * Writes the benchmark flows (Langflow export format) from the engine's own component templates:
 *   scripts/bench/flows/trivial.json     ChatInput -> Prompt -> ChatOutput (messages stored)
 *   scripts/bench/flows/llm-stream.json  ChatInput -> OpenAIModel -> ChatOutput
 * Run after changing a component: npx ts-node --transpile-only scripts/bench/make-flows.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatInput } from '../../src/engine/components/input_output/chat-input';
import { ChatOutput } from '../../src/engine/components/input_output/chat-output';
import { PromptComponent } from '../../src/engine/components/models_and_agents/prompt';
import { OpenAIModelComponent } from '../../src/engine/components/models/language-model.component';
import { FlowBuilder } from '../../src/engine/testing/flow-builder';

const outDir = join(__dirname, 'flows');
mkdirSync(outDir, { recursive: true });

const trivial = new FlowBuilder()
  .node(ChatInput, 'ChatInput-bench1')
  .node(PromptComponent, 'Prompt-bench1', { template: 'Answer briefly: {question}' }, {
    fields: { question: { name: 'question', display_name: 'question', type: 'str', input_types: ['Message'], value: '' } },
  })
  .node(ChatOutput, 'ChatOutput-bench1')
  .edge('ChatInput-bench1', 'message', 'Prompt-bench1', 'question')
  .edge('Prompt-bench1', 'prompt', 'ChatOutput-bench1', 'input_value');
const trivialFlow = { ...trivial.flow('00000000-0000-4000-8000-0000000be001', 'Bench trivial'), description: 'nestflow bench: ChatInput -> Prompt -> ChatOutput' };
// Langflow keeps the prompt's variables in custom_fields.
(trivialFlow.data.nodes[1].data.node as Record<string, unknown>).custom_fields = { template: ['question'] };

const llm = new FlowBuilder()
  .node(ChatInput, 'ChatInput-bench2')
  .node(OpenAIModelComponent, 'OpenAIModel-bench2', { model_name: 'gpt-4o-mini', api_key: 'sk-bench', openai_api_base: '', max_retries: 0 })
  .node(ChatOutput, 'ChatOutput-bench2')
  .edge('ChatInput-bench2', 'message', 'OpenAIModel-bench2', 'input_value')
  .edge('OpenAIModel-bench2', 'text_output', 'ChatOutput-bench2', 'input_value');
const llmFlow = { ...llm.flow('00000000-0000-4000-8000-0000000be002', 'Bench LLM stream'), description: 'nestflow bench: ChatInput -> OpenAI -> ChatOutput' };

writeFileSync(join(outDir, 'trivial.json'), JSON.stringify(trivialFlow, null, 1) + '\n');
writeFileSync(join(outDir, 'llm-stream.json'), JSON.stringify(llmFlow, null, 1) + '\n');
process.stdout.write(`wrote ${outDir}/trivial.json and llm-stream.json\n`);
