/** Field declarations shared by the model-using components (our model catalog and common inputs). */
import {
  BoolInput,
  FieldSpec,
  MessageInput,
  ModelInput,
  MultilineInput,
  SecretStrInput,
  SliderInput,
  StrInput,
} from '../../component/fields';

interface CatalogEntry {
  provider: 'OpenAI' | 'Anthropic' | 'Ollama' | 'Google Generative AI' | 'IBM watsonx.ai';
  name: string;
  reasoning?: boolean;
}

/** The chat models our pickers offer (any other name typed by the user works as well). */
export const CHAT_MODEL_CATALOG: CatalogEntry[] = [
  { provider: 'OpenAI', name: 'gpt-4o-mini' },
  { provider: 'OpenAI', name: 'gpt-4o' },
  { provider: 'OpenAI', name: 'gpt-4.1' },
  { provider: 'OpenAI', name: 'gpt-4.1-mini' },
  { provider: 'OpenAI', name: 'gpt-4.1-nano' },
  { provider: 'OpenAI', name: 'gpt-5', reasoning: true },
  { provider: 'OpenAI', name: 'gpt-5-mini', reasoning: true },
  { provider: 'OpenAI', name: 'o3-mini', reasoning: true },
  { provider: 'OpenAI', name: 'o4-mini', reasoning: true },
  { provider: 'Anthropic', name: 'claude-sonnet-4-5-20250929' },
  { provider: 'Anthropic', name: 'claude-haiku-4-5-20251001' },
  { provider: 'Anthropic', name: 'claude-opus-4-5-20251101' },
  { provider: 'Google Generative AI', name: 'gemini-2.5-flash' },
  { provider: 'Google Generative AI', name: 'gemini-2.5-pro' },
  { provider: 'IBM watsonx.ai', name: 'ibm/granite-3-8b-instruct' },
  { provider: 'Ollama', name: 'llama3.3' },
  { provider: 'Ollama', name: 'qwen3' },
];

const PROVIDER_META: Record<string, Record<string, unknown>> = {
  OpenAI: { model_class: 'ChatOpenAI', model_name_param: 'model', api_key_param: 'api_key' },
  Anthropic: { model_class: 'ChatAnthropic', model_name_param: 'model', api_key_param: 'api_key' },
  Ollama: { model_class: 'ChatOllama', model_name_param: 'model', api_key_param: 'base_url', base_url_param: 'base_url' },
  'Google Generative AI': { model_class: 'ChatGoogleGenerativeAIFixed', model_name_param: 'model', api_key_param: 'google_api_key' },
  'IBM watsonx.ai': { model_class: 'ChatWatsonx', model_name_param: 'model_id', api_key_param: 'apikey', url_param: 'url', project_id_param: 'project_id' },
};

/** One entry of a ModelInput `options` / `value` list. */
export function modelOption(name: string, provider: CatalogEntry['provider'] = 'OpenAI'): Record<string, unknown> {
  const entry = CHAT_MODEL_CATALOG.find((e) => e.name === name && e.provider === provider);
  const metadata: Record<string, unknown> = { ...PROVIDER_META[provider], context_length: 128000 };
  if (entry?.reasoning) metadata.reasoning_models = [name];
  const icon = provider === 'Google Generative AI' ? 'GoogleGenerativeAI' : provider === 'IBM watsonx.ai' ? 'WatsonxAI' : provider;
  return { category: provider, icon, metadata, name, provider };
}

export const MODEL_OPTIONS = CHAT_MODEL_CATALOG.map((e) => modelOption(e.name, e.provider));

export const EMBEDDING_MODEL_NAMES = ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'];

export function modelField(extra: Partial<FieldSpec> = {}): FieldSpec {
  return ModelInput({
    name: 'model',
    display_name: 'Language Model',
    info: 'Select your model provider',
    options: MODEL_OPTIONS,
    model_type: 'language',
    real_time_refresh: true,
    required: true,
    external_options: {
      fields: { data: { node: { name: 'connect_other_models', display_name: 'Connect other models', icon: 'CornerDownLeft' } } },
    },
    ...extra,
  });
}

export function apiKeyField(extra: Partial<FieldSpec> = {}): FieldSpec {
  return SecretStrInput({
    name: 'api_key',
    display_name: 'API Key',
    info: "Model Provider API key. Falls back to the provider's global variable (e.g. OPENAI_API_KEY).",
    load_from_db: false,
    real_time_refresh: true,
    advanced: true,
    ...extra,
  });
}

export const providerExtras = (): FieldSpec[] => [
  StrInput({ name: 'base_url_ibm_watsonx', display_name: 'watsonx API Endpoint', value: 'https://us-south.ml.cloud.ibm.com', show: false, info: 'IBM watsonx only.' }),
  StrInput({ name: 'project_id', display_name: 'watsonx Project ID', show: false, info: 'IBM watsonx only.' }),
  MultilineInput({ name: 'ollama_base_url', display_name: 'Ollama API URL', show: false, multiline: false, info: 'Ollama only. Defaults to OLLAMA_BASE_URL or http://localhost:11434.' }),
];

export const messageInputField = (extra: Partial<FieldSpec> = {}): FieldSpec =>
  MessageInput({ name: 'input_value', display_name: 'Input', info: 'The input text to send to the model', ...extra });

export const systemMessageField = (extra: Partial<FieldSpec> = {}): FieldSpec =>
  MultilineInput({
    name: 'system_message',
    display_name: 'System Message',
    info: "A system message that helps set the behavior of the assistant",
    advanced: false,
    ...extra,
  });

export const streamField = (): FieldSpec =>
  BoolInput({ name: 'stream', display_name: 'Stream', info: 'Whether to stream the response', value: false, advanced: true });

export const temperatureField = (): FieldSpec =>
  SliderInput({
    name: 'temperature',
    display_name: 'Temperature',
    value: 0.1,
    info: 'Controls randomness in responses',
    range_spec: { min: 0, max: 1, step: 0.01, step_type: 'float' },
    advanced: true,
  });
