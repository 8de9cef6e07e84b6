import { Component, ComponentMeta } from '../../component/component';
import { BoolInput, DictInput, DropdownInput, IntInput, Output, SecretStrInput, SliderInput, StrInput } from '../../component/fields';
import { Message } from '../../schema/message';
import { buildChatModel } from '../../llm/model-config';
import type { ChatModel } from '../../llm/types';
import { buildChatMessages, llmContext, runModelToMessage } from './llm-support';
import {
  apiKeyField,
  messageInputField,
  modelField,
  providerExtras,
  streamField,
  systemMessageField,
  temperatureField,
} from './model-fields';

/**
 * Language Model (`LanguageModelComponent`): one chat call. Accepts the 1.8 `model` list and the
 * 1.5-1.7 `provider` + `model_name` form (those extra fields are read when present in the node).
 */
export class LanguageModelComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'LanguageModelComponent',
    displayName: 'Language Model',
    description: 'Runs a language model given a specified provider.',
    icon: 'brain-circuit',
    category: 'models_and_agents',
    documentation: 'https://docs.langflow.org/components-models',
    modules: ['lfx.components.models_and_agents.language_model.LanguageModelComponent', 'lfx.components.models.language_model.LanguageModelComponent'],
    keywords: ['model', 'llm', 'language model', 'large language model'],
    module: 'lfx.components.models_and_agents.language_model.LanguageModelComponent',
  };
  static override readonly inputs = [
    modelField(),
    apiKeyField(),
    ...providerExtras(),
    messageInputField(),
    systemMessageField(),
    streamField(),
    temperatureField(),
  ];
  static override readonly outputs = [
    Output({ name: 'text_output', display_name: 'Model Response', method: 'text_response', types: ['Message'] }),
    Output({ name: 'model_output', display_name: 'Language Model', method: 'build_model', types: ['LanguageModel'] }),
  ];

  private model?: ChatModel;

  async build_model(): Promise<ChatModel> {
    this.model ??= await buildChatModel(this.params, llmContext(this));
    return this.model;
  }

  async text_response(): Promise<Message> {
    const model = await this.build_model();
    const messages = await buildChatMessages(this, this.params.input_value, this.params.system_message);
    return runModelToMessage(this, model, messages, { stream: !!this.params.stream });
  }
}

/** OpenAI (`OpenAIModel`, older flows): same behaviour with OpenAI's own fields. */
export class OpenAIModelComponent extends LanguageModelComponent {
  static override readonly meta: ComponentMeta = {
    name: 'OpenAIModel',
    displayName: 'OpenAI',
    description: 'Generates text using OpenAI LLMs.',
    icon: 'OpenAI',
    category: 'openai',
    aliases: ['OpenAIModelComponent'],
    modules: ['lfx.components.openai.openai_chat_model.OpenAIModelComponent', 'langflow.components.openai.openai_chat_model.OpenAIModelComponent'],
    module: 'lfx.components.openai.openai_chat_model.OpenAIModelComponent',
  };
  static override readonly inputs = [
    messageInputField(),
    systemMessageField(),
    streamField(),
    // OpenAI-specific fields, as in Langflow's component
    ...openAIFields(),
  ];

  override async build_model(): Promise<ChatModel> {
    return buildChatModel({ ...this.params, provider: 'OpenAI' }, llmContext(this));
  }
}


export function openAIFields() {
  return [
    IntInput({ name: 'max_tokens', display_name: 'Max Tokens', advanced: true, value: 0, info: 'The maximum number of tokens to generate. Set to 0 for unlimited tokens.', range_spec: { min: 0, max: 128000 } }),
    DictInput({ name: 'model_kwargs', display_name: 'Model Kwargs', advanced: true, info: 'Additional keyword arguments to pass to the model.' }),
    BoolInput({ name: 'json_mode', display_name: 'JSON Mode', advanced: true, info: 'If True, it will output JSON regardless of passing a schema.' }),
    DropdownInput({ name: 'model_name', display_name: 'Model Name', advanced: false, options: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5', 'o3-mini', 'o4-mini'], value: 'gpt-4o-mini', combobox: true, real_time_refresh: true }),
    StrInput({ name: 'openai_api_base', display_name: 'OpenAI API Base', advanced: true, info: 'The base URL of the OpenAI API. Defaults to the server setting (OPENAI_API_BASE), else https://api.openai.com/v1.' }),
    SecretStrInput({ name: 'api_key', display_name: 'OpenAI API Key', info: 'The OpenAI API Key to use for the OpenAI model.', advanced: false, value: '', load_from_db: false, required: true }),
    SliderInput({ name: 'temperature', display_name: 'Temperature', value: 0.1, range_spec: { min: 0, max: 1, step: 0.01 }, show: true }),
    IntInput({ name: 'seed', display_name: 'Seed', info: 'The seed controls the reproducibility of the job.', advanced: true, value: 1 }),
    IntInput({ name: 'max_retries', display_name: 'Max Retries', info: 'The maximum number of retries to make when generating.', advanced: true, value: 5 }),
    IntInput({ name: 'timeout', display_name: 'Timeout', info: 'The timeout for requests to OpenAI completion API.', advanced: true, value: 700 }),
  ];
}
