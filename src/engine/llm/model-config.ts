/**
 * Turns a model component's parameters (both Langflow field forms) into a ChatModel.
 *
 * - 1.8 form: `model` = [{name, provider, metadata}] (or a plain string, or a ChatModel from a
 *   `model_output` edge), `api_key`, `temperature`, `stream`, `ollama_base_url`.
 * - 1.5-1.7 form: `provider` / `agent_llm` + `model_name`, `api_key` / `openai_api_key`,
 *   `openai_api_base`, `max_tokens`, `seed`, `max_retries`, `timeout`, `model_kwargs`, `json_mode`.
 *
 * OpenAI base URL: the node's `openai_api_base` / `api_base` when set (and not the stock
 * https://api.openai.com/v1 default), else the host setting `openaiBaseUrl`, else the env
 * OPENAI_API_BASE, else OPENAI_BASE_URL, else api.openai.com.
 * API key: the field value, else the global variable named after the provider (OPENAI_API_KEY, ...)
 * resolved through the run context (request variables, the variable store), else the environment.
 */
import { AnthropicChatModel } from './anthropic';
import { GoogleChatModel } from './google';
import { WatsonxChatModel } from './watsonx';
import { OllamaChatModel, OllamaEmbeddingsModel } from './ollama';
import { isReasoningModel, OPENAI_DEFAULT_BASE, OpenAIChatModel, OpenAIEmbeddingsModel } from './openai';
import { ChatModel, ChatModelSettings, EmbeddingsModel, isChatModel } from './types';
import { assertUrlResolvesPublic } from '../net/ssrf';

/** The bits of the engine's RunContext the LLM layer needs (kept structural to avoid coupling). */
export interface LlmContext {
  settings?: Readonly<Record<string, unknown>>;
  resolveVariable?(name: string): Promise<string>;
}

export interface ModelSelection {
  provider: string;
  name: string;
  metadata?: Record<string, any>;
}

export const PROVIDER_KEY_VARIABLES: Record<string, string> = {
  OpenAI: 'OPENAI_API_KEY',
  Anthropic: 'ANTHROPIC_API_KEY',
  'Google Generative AI': 'GOOGLE_API_KEY',
  Google: 'GOOGLE_API_KEY',
  'IBM watsonx.ai': 'WATSONX_APIKEY',
  Ollama: '',
};

function normProvider(p: string | undefined | null): string {
  const s = String(p ?? '').trim();
  const l = s.toLowerCase();
  if (!s) return 'OpenAI';
  if (l === 'openai' || l === 'azure openai' || l === 'openai compatible') return 'OpenAI';
  if (l.startsWith('anthropic')) return 'Anthropic';
  if (l.startsWith('ollama')) return 'Ollama';
  if (l.startsWith('google')) return 'Google Generative AI';
  if (l.startsWith('ibm') || l.includes('watsonx')) return 'IBM watsonx.ai';
  return s;
}

/** Reads the selected model from `model` (1.8) or `provider`/`agent_llm` + `model_name` (1.6). */
export function selectModel(params: Record<string, any>): ModelSelection | null {
  const m = params.model;
  let first: any = Array.isArray(m) ? m[0] : m;
  if (first && typeof first === 'object' && !isChatModel(first) && typeof first.name === 'string') {
    if (String(first.name).startsWith('__enable_provider_')) return null;
    return { provider: normProvider(first.provider ?? first.category), name: first.name, metadata: first.metadata };
  }
  if (typeof first === 'string' && first.trim()) {
    return { provider: normProvider(params.provider ?? params.agent_llm), name: first.trim() };
  }
  const name = params.model_name;
  if (typeof name === 'string' && name.trim()) {
    return { provider: normProvider(params.provider ?? params.agent_llm), name: name.trim() };
  }
  return null;
}

function str(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && typeof (v as any).text === 'string') return (v as any).text;
  return String(v);
}

function num(v: unknown): number | undefined {
  if (v === '' || v == null) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The server-wide OpenAI base URL. */
export function serverOpenAIBase(ctx?: LlmContext): string | undefined {
  const s = ctx?.settings?.openaiBaseUrl;
  if (typeof s === 'string' && s) return s;
  return process.env.OPENAI_API_BASE || process.env.OPENAI_BASE_URL || undefined;
}

export function openAIBaseUrl(nodeValue: unknown, ctx?: LlmContext): string {
  const v = nodeBaseUrl(nodeValue);
  if (v) return v;
  return (serverOpenAIBase(ctx) ?? OPENAI_DEFAULT_BASE).replace(/\/+$/, '');
}

/** The base URL a node sets itself (not the stock api.openai.com default), or ''. */
function nodeBaseUrl(nodeValue: unknown): string {
  const v = str(nodeValue).trim().replace(/\/+$/, '');
  return v && v !== OPENAI_DEFAULT_BASE ? v : '';
}

/**
 * A base URL typed into a node is tenant-editable and receives the API key: with SSRF protection
 * on (LANGFLOW_SSRF_PROTECTION_ENABLED) it must not point at private addresses. Server-wide
 * settings are trusted.
 */
async function checkNodeUrl(v: string, field: string): Promise<void> {
  if (!v) return;
  try {
    await assertUrlResolvesPublic(v);
  } catch (e: any) {
    throw new ModelConfigError(`${field}: ${e?.message ?? e}`);
  }
}

/** Field value, else the provider's global variable, else the environment. */
export async function resolveApiKey(fieldValue: unknown, provider: string, ctx?: LlmContext): Promise<string | undefined> {
  const v = str(fieldValue).trim();
  if (v) return v;
  const varName = PROVIDER_KEY_VARIABLES[provider] ?? `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
  if (!varName) return undefined;
  if (ctx?.resolveVariable) {
    try {
      const r = await ctx.resolveVariable(varName);
      if (r) return r;
    } catch {
      /* not defined: fall through */
    }
  }
  return process.env[varName] || undefined;
}

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

export interface BuildModelOptions {
  /** Name of the field holding the key (default api_key / openai_api_key). */
  apiKeyField?: string;
  /** Override temperature default (LanguageModelComponent: 0.1). */
  defaultTemperature?: number;
}

/** Builds the ChatModel a component's params describe (or returns the one wired into `model`). */
export async function buildChatModel(params: Record<string, any>, ctx?: LlmContext, opts: BuildModelOptions = {}): Promise<ChatModel> {
  // a model wired from another component: the 1.8 `model` handle, or the older `llm` handle
  for (const v of [params.model, params.llm]) {
    const wired = Array.isArray(v) ? v.find(isChatModel) : v;
    if (isChatModel(wired)) return wired;
  }
  const sel = selectModel(params);
  if (!sel) throw new ModelConfigError('No model selected. Please choose a model in the Language Model field.');
  const keyField = opts.apiKeyField ?? (params.api_key !== undefined ? 'api_key' : 'openai_api_key');
  const apiKey = await resolveApiKey(params[keyField] ?? params.api_key ?? params.openai_api_key, sel.provider, ctx);
  const reasoning = isReasoningModel(sel.name, sel.metadata?.reasoning_models ?? []);
  const temperature = reasoning ? null : num(params.temperature) ?? opts.defaultTemperature ?? 0.1;
  let modelKwargs = params.model_kwargs;
  if (typeof modelKwargs === 'string') {
    try {
      modelKwargs = JSON.parse(modelKwargs);
    } catch {
      modelKwargs = undefined;
    }
  }
  const settings: ChatModelSettings = {
    provider: sel.provider,
    model: sel.name,
    apiKey,
    temperature,
    maxTokens: num(params.max_tokens) || null,
    seed: reasoning ? null : num(params.seed) ?? null,
    maxRetries: num(params.max_retries),
    timeoutMs: num(params.timeout) ? num(params.timeout)! * 1000 : undefined,
    jsonMode: !!params.json_mode,
    modelKwargs: modelKwargs && typeof modelKwargs === 'object' && Object.keys(modelKwargs).length ? modelKwargs : undefined,
  };
  switch (sel.provider) {
    case 'OpenAI':
      if (!apiKey) {
        throw new ModelConfigError('OpenAI API key is required. Set the API Key field or the OPENAI_API_KEY global variable.');
      }
      await checkNodeUrl(nodeBaseUrl(params.openai_api_base ?? params.api_base ?? params.base_url), 'OpenAI API Base');
      settings.baseUrl = openAIBaseUrl(params.openai_api_base ?? params.api_base ?? params.base_url, ctx);
      return new OpenAIChatModel(settings);
    case 'Anthropic':
      if (!apiKey) throw new ModelConfigError('Anthropic API key is required. Set the API Key field or the ANTHROPIC_API_KEY global variable.');
      await checkNodeUrl(str(params.anthropic_api_url || params.base_url), 'Anthropic API URL');
      settings.baseUrl = str(params.anthropic_api_url || params.base_url) || (ctx?.settings?.anthropicBaseUrl as string) || undefined;
      return new AnthropicChatModel(settings);
    case 'Ollama':
      await checkNodeUrl(str(params.ollama_base_url || params.base_url), 'Ollama Base URL');
      settings.baseUrl =
        str(params.ollama_base_url || params.base_url) || (ctx?.settings?.ollamaBaseUrl as string) || undefined;
      return new OllamaChatModel(settings);
    case 'Google Generative AI':
      if (!apiKey) throw new ModelConfigError('Google API key is required. Set the API Key field or the GOOGLE_API_KEY global variable.');
      settings.baseUrl = (ctx?.settings?.googleBaseUrl as string) || undefined;
      return new GoogleChatModel(settings);
    case 'IBM watsonx.ai': {
      if (!apiKey) throw new ModelConfigError('IBM watsonx API key is required. Set the API Key field or the WATSONX_APIKEY global variable.');
      const base = str(params.base_url_ibm_watsonx || params.url);
      if (base && base !== 'https://us-south.ml.cloud.ibm.com') await checkNodeUrl(base, 'watsonx API Endpoint');
      return new WatsonxChatModel({
        ...settings,
        baseUrl: base || (ctx?.settings?.watsonxBaseUrl as string) || process.env.WATSONX_URL || undefined,
        projectId: str(params.project_id) || process.env.WATSONX_PROJECT_ID || undefined,
        iamUrl: (ctx?.settings?.ibmIamUrl as string) || undefined,
      });
    }
    default:
      throw new ModelConfigError(
        `The model provider '${sel.provider}' is not supported by Nestflow yet (supported: OpenAI and OpenAI-compatible, Anthropic, Google Generative AI, IBM watsonx.ai, Ollama).`,
      );
  }
}

/** Builds an embeddings model from EmbeddingModel / OpenAIEmbeddings params. */
export async function buildEmbeddingsModel(params: Record<string, any>, ctx?: LlmContext): Promise<EmbeddingsModel> {
  let provider = normProvider(params.provider);
  let model = params.model;
  if (Array.isArray(model)) {
    const first = model[0];
    if (first && typeof first === 'object') {
      provider = normProvider(first.provider ?? provider);
      model = first.name;
    } else model = first;
  }
  model = str(model).trim() || 'text-embedding-3-small';
  if (provider === 'Ollama') {
    return new OllamaEmbeddingsModel(model, str(params.ollama_base_url || params.api_base || params.base_url) || undefined);
  }
  if (provider !== 'OpenAI') throw new ModelConfigError(`The embeddings provider '${provider}' is not supported by Nestflow yet.`);
  const apiKey = await resolveApiKey(params.openai_api_key ?? params.api_key, 'OpenAI', ctx);
  if (!apiKey) throw new ModelConfigError('OpenAI API key is required. Set the API Key field or the OPENAI_API_KEY global variable.');
  await checkNodeUrl(nodeBaseUrl(params.openai_api_base ?? params.api_base), 'OpenAI API Base');
  return new OpenAIEmbeddingsModel({
    model,
    apiKey,
    baseUrl: openAIBaseUrl(params.openai_api_base ?? params.api_base, ctx),
    dimensions: num(params.dimensions) || null,
    chunkSize: num(params.chunk_size) || 1000,
    maxRetries: num(params.max_retries),
    timeoutMs: num(params.request_timeout) ? num(params.request_timeout)! * 1000 : undefined,
  });
}
