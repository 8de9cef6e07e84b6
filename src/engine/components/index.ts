import type { ComponentClass } from '../component/component';
import { ComponentRegistry } from '../component/registry';
import { ChatInput } from './input_output/chat-input';
import { ChatOutput } from './input_output/chat-output';
import { TextInput } from './input_output/text-input';
import { TextOutput } from './input_output/text-output';
import { WebhookComponent } from './input_output/webhook';
import { PromptComponent } from './models_and_agents/prompt';
import { MemoryComponent } from './models_and_agents/memory';
import { ParserComponent } from './processing/parser';
import { TypeConverterComponent } from './processing/type-converter';
import { SplitTextComponent } from './processing/split-text';
import { DataOperationsComponent } from './processing/data-operations';
import { CombineTextComponent } from './processing/combine-text';
import { ParseDataComponent } from './processing/parse-data';
import { MessageToDataComponent } from './processing/message-to-data';
import { FileComponent } from './files_and_knowledge/file';
import { SaveToFileComponent } from './files_and_knowledge/save-file';
import { CalculatorComponent } from './utilities/calculator';
import { LoopComponent } from './flow_controls/loop';
import { ConditionalRouterComponent } from './flow_controls/conditional-router';

export {
  ChatInput, ChatOutput, TextInput, TextOutput, WebhookComponent, PromptComponent, MemoryComponent, ParserComponent,
  TypeConverterComponent, SplitTextComponent, DataOperationsComponent, CombineTextComponent, FileComponent,
  SaveToFileComponent, CalculatorComponent, LoopComponent, ConditionalRouterComponent, ParseDataComponent,
  MessageToDataComponent,
};

/** The native components of this package (models/agents/tools register themselves separately). */
export const BUILTIN_COMPONENTS: ComponentClass[] = [
  ChatInput, ChatOutput, TextInput, TextOutput, WebhookComponent, PromptComponent, MemoryComponent, ParserComponent,
  TypeConverterComponent, SplitTextComponent, DataOperationsComponent, CombineTextComponent, FileComponent,
  SaveToFileComponent, CalculatorComponent, LoopComponent, ConditionalRouterComponent, ParseDataComponent,
  MessageToDataComponent,
];

/**
 * Folders owned by other modules that may export `register(registry)` or `COMPONENTS`
 * (loaded when present, so the registry picks up LLM, agent and tool components).
 */
const EXTENSION_MODULES = ['./models', './agents', './tools'];

/** A registry with every built-in component (and the model/agent/tool components when present). */
export function createDefaultRegistry(): ComponentRegistry {
  const r = new ComponentRegistry().registerAll(BUILTIN_COMPONENTS);
  for (const m of EXTENSION_MODULES) {
    let mod: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(m);
    } catch (e: any) {
      if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).startsWith(`Cannot find module '${m}'`)) continue;
      throw e;
    }
    if (typeof mod.register === 'function') mod.register(r);
    else if (Array.isArray(mod.COMPONENTS)) r.registerAll(mod.COMPONENTS);
  }
  return r;
}
