import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DictInput,
  DropdownInput,
  FloatInput,
  IntInput,
  MessageTextInput,
  Output,
  SecretStrInput,
  StrInput,
} from '../../component/fields';
import { buildEmbeddingsModel } from '../../llm/model-config';
import type { EmbeddingsModel } from '../../llm/types';
import { llmContext } from './llm-support';
import { EMBEDDING_MODEL_NAMES } from './model-fields';

/** Embedding Model (`EmbeddingModel`): OpenAI(-compatible) or Ollama embeddings. */
export class EmbeddingModelComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'EmbeddingModel',
    displayName: 'Embedding Model',
    description: 'Generate embeddings using a specified provider.',
    icon: 'binary',
    category: 'models_and_agents',
    aliases: ['EmbeddingModelComponent'],
    modules: ['lfx.components.models_and_agents.embedding_model.EmbeddingModelComponent', 'lfx.components.models.embedding_model.EmbeddingModelComponent'],
    module: 'lfx.components.models_and_agents.embedding_model.EmbeddingModelComponent',
  };
  static override readonly inputs = [
    DropdownInput({ name: 'provider', display_name: 'Model Provider', options: ['OpenAI', 'Ollama'], value: 'OpenAI', info: 'Select the embedding model provider', real_time_refresh: true }),
    DropdownInput({ name: 'model', display_name: 'Model Name', options: EMBEDDING_MODEL_NAMES, value: EMBEDDING_MODEL_NAMES[0], info: 'Select the embedding model to use', combobox: true }),
    SecretStrInput({ name: 'api_key', display_name: 'OpenAI API Key', info: 'Model Provider API key (falls back to OPENAI_API_KEY).', required: false, load_from_db: false, show: true, real_time_refresh: true }),
    MessageTextInput({ name: 'api_base', display_name: 'API Base URL', info: 'Base URL for the API. Leave empty for the server default.', advanced: true }),
    StrInput({ name: 'base_url_ibm_watsonx', display_name: 'watsonx API Endpoint', value: 'https://us-south.ml.cloud.ibm.com', show: false }),
    MessageTextInput({ name: 'project_id', display_name: 'Project ID', show: false }),
    IntInput({ name: 'dimensions', display_name: 'Dimensions', info: 'The number of dimensions the resulting output embeddings should have. Only supported by certain models.', advanced: true, value: '' as any }),
    IntInput({ name: 'chunk_size', display_name: 'Chunk Size', advanced: true, value: 1000 }),
    FloatInput({ name: 'request_timeout', display_name: 'Request Timeout', advanced: true, value: '' as any }),
    IntInput({ name: 'max_retries', display_name: 'Max Retries', advanced: true, value: 3 }),
    BoolInput({ name: 'show_progress_bar', display_name: 'Show Progress Bar', advanced: true }),
    DictInput({ name: 'model_kwargs', display_name: 'Model Kwargs', advanced: true, info: 'Additional keyword arguments to pass to the model.' }),
    IntInput({ name: 'truncate_input_tokens', display_name: 'Truncate Input Tokens', advanced: true, value: 200, show: false }),
    BoolInput({ name: 'input_text', display_name: 'Include the original text in the output', value: true, advanced: true, show: false }),
  ];
  static override readonly outputs = [Output({ name: 'embeddings', display_name: 'Embedding Model', method: 'build_embeddings', types: ['Embeddings'] })];

  async build_embeddings(): Promise<EmbeddingsModel> {
    return buildEmbeddingsModel(this.params, llmContext(this));
  }
}

/** OpenAI Embeddings (`OpenAIEmbeddings`). */
export class OpenAIEmbeddingsComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'OpenAIEmbeddings',
    displayName: 'OpenAI Embeddings',
    description: 'Generate embeddings using OpenAI models.',
    icon: 'OpenAI',
    category: 'openai',
    aliases: ['OpenAIEmbeddingsComponent'],
    modules: ['lfx.components.openai.openai.OpenAIEmbeddingsComponent', 'langflow.components.openai.openai.OpenAIEmbeddingsComponent'],
    module: 'lfx.components.openai.openai.OpenAIEmbeddingsComponent',
  };
  static override readonly inputs = [
    DictInput({ name: 'default_headers', display_name: 'Default Headers', advanced: true, info: 'Default headers to use for the API request.' }),
    DictInput({ name: 'default_query', display_name: 'Default Query', advanced: true, info: 'Default query parameters to use for the API request.' }),
    IntInput({ name: 'chunk_size', display_name: 'Chunk Size', advanced: true, value: 1000 }),
    MessageTextInput({ name: 'client', display_name: 'Client', advanced: true }),
    MessageTextInput({ name: 'deployment', display_name: 'Deployment', advanced: true }),
    IntInput({ name: 'embedding_ctx_length', display_name: 'Embedding Context Length', advanced: true, value: 1536 }),
    IntInput({ name: 'max_retries', display_name: 'Max Retries', value: 3, advanced: true }),
    DropdownInput({ name: 'model', display_name: 'Model', advanced: false, options: EMBEDDING_MODEL_NAMES, value: EMBEDDING_MODEL_NAMES[0] }),
    DictInput({ name: 'model_kwargs', display_name: 'Model Kwargs', advanced: true }),
    SecretStrInput({ name: 'openai_api_key', display_name: 'OpenAI API Key', value: '', load_from_db: false, required: true }),
    MessageTextInput({ name: 'openai_api_base', display_name: 'OpenAI API Base', advanced: true }),
    MessageTextInput({ name: 'openai_api_type', display_name: 'OpenAI API Type', advanced: true }),
    MessageTextInput({ name: 'openai_api_version', display_name: 'OpenAI API Version', advanced: true }),
    MessageTextInput({ name: 'openai_organization', display_name: 'OpenAI Organization', advanced: true }),
    MessageTextInput({ name: 'openai_proxy', display_name: 'OpenAI Proxy', advanced: true }),
    FloatInput({ name: 'request_timeout', display_name: 'Request Timeout', advanced: true, value: '' as any }),
    BoolInput({ name: 'show_progress_bar', display_name: 'Show Progress Bar', advanced: true }),
    BoolInput({ name: 'skip_empty', display_name: 'Skip Empty', advanced: true }),
    MessageTextInput({ name: 'tiktoken_model_name', display_name: 'TikToken Model Name', advanced: true }),
    BoolInput({ name: 'tiktoken_enable', display_name: 'TikToken Enable', advanced: true, value: true }),
    IntInput({ name: 'dimensions', display_name: 'Dimensions', advanced: true, value: '' as any, info: 'The number of dimensions the resulting output embeddings should have. Only supported by certain models.' }),
  ];
  static override readonly outputs = [Output({ name: 'embeddings', display_name: 'Embedding Model', method: 'build_embeddings', types: ['Embeddings'] })];

  async build_embeddings(): Promise<EmbeddingsModel> {
    return buildEmbeddingsModel({ ...this.params, provider: 'OpenAI' }, llmContext(this));
  }
}
