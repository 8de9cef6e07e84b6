import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { CHAT_MODEL_CATALOG, EMBEDDING_MODEL_NAMES, MODEL_OPTIONS } from '../../engine/components/models/model-fields';
import { VariablesService } from '../../variables/variables.service';

/** The global variable our model components fall back to for each provider's credentials. */
export const PROVIDER_VARIABLES: Record<string, string> = {
  OpenAI: 'OPENAI_API_KEY',
  Anthropic: 'ANTHROPIC_API_KEY',
  'Google Generative AI': 'GOOGLE_API_KEY',
  'IBM watsonx.ai': 'WATSONX_APIKEY',
};

const API_DOCS: Record<string, string> = {
  OpenAI: 'https://platform.openai.com/docs/overview',
  Anthropic: 'https://docs.anthropic.com/en/api/getting-started',
  'Google Generative AI': 'https://ai.google.dev/gemini-api/docs',
  'IBM watsonx.ai': 'https://www.ibm.com/products/watsonx-ai',
  Ollama: 'https://ollama.com/',
};

const ICONS: Record<string, string> = { 'Google Generative AI': 'GoogleGenerativeAI', 'IBM watsonx.ai': 'WatsonxAI' };

export type ModelType = 'language' | 'embeddings';

export interface ModelEntry {
  model_name: string;
  metadata: Record<string, unknown>;
}

export interface ProviderModels {
  provider: string;
  models: ModelEntry[];
  num_models: number;
  is_enabled: boolean;
  api_docs_url: string | null;
}

export interface ModelFilter {
  provider?: string[];
  model_name?: string | null;
  model_type?: string | null;
  reasoning?: boolean | null;
}

interface CatalogModel {
  provider: string;
  name: string;
  type: ModelType;
  reasoning: boolean;
}

/** Every model our model components list (chat models of five providers, OpenAI embeddings). */
function catalog(): CatalogModel[] {
  return [
    ...CHAT_MODEL_CATALOG.map((e) => ({ provider: e.provider, name: e.name, type: 'language' as const, reasoning: !!e.reasoning })),
    ...EMBEDDING_MODEL_NAMES.map((name) => ({ provider: 'OpenAI', name, type: 'embeddings' as const, reasoning: false })),
  ];
}

/**
 * /api/v1/models and /model_options from the models Nestflow's model components support. A
 * provider is enabled when its credential resolves for the caller (their global variable, or the
 * environment with LANGFLOW_FALLBACK_TO_ENV_VAR); Ollama needs no key and counts as enabled when
 * OLLAMA_BASE_URL / OLLAMA_HOST is set.
 */
@Injectable()
export class ModelsService {
  constructor(private readonly variables: VariablesService) {}

  providerVariableMapping(): Record<string, string> {
    return { ...PROVIDER_VARIABLES };
  }

  async enabledProviders(caller: AuthUser): Promise<Record<string, boolean>> {
    const providers = [...new Set(catalog().map((m) => m.provider))];
    const out: Record<string, boolean> = {};
    for (const p of providers) {
      const variable = PROVIDER_VARIABLES[p];
      if (variable) out[p] = !!(await this.variables.resolveForRun(caller.id, variable));
      else out[p] = !!(process.env.OLLAMA_BASE_URL || process.env.OLLAMA_HOST);
    }
    return out;
  }

  async list(caller: AuthUser, filter: ModelFilter): Promise<ProviderModels[]> {
    const enabled = await this.enabledProviders(caller);
    const wantType = normalizeType(filter.model_type);
    const byProvider = new Map<string, ModelEntry[]>();
    for (const m of catalog()) {
      if (filter.provider?.length && !filter.provider.includes(m.provider)) continue;
      if (filter.model_name && m.name !== filter.model_name) continue;
      if (wantType && m.type !== wantType) continue;
      if (filter.reasoning !== null && filter.reasoning !== undefined && m.reasoning !== filter.reasoning) continue;
      const models = byProvider.get(m.provider) ?? [];
      models.push({
        model_name: m.name,
        metadata: { icon: ICONS[m.provider] ?? m.provider, model_type: m.type === 'language' ? 'llm' : 'embeddings', reasoning: m.reasoning, tool_calling: m.type === 'language' },
      });
      byProvider.set(m.provider, models);
    }
    return [...byProvider].map(([provider, models]) => ({
      provider,
      models,
      num_models: models.length,
      is_enabled: !!enabled[provider],
      api_docs_url: API_DOCS[provider] ?? null,
    }));
  }

  /** {provider: {model: enabled}}: a model is usable when its provider is configured. */
  async enabledModels(caller: AuthUser): Promise<{ enabled_models: Record<string, Record<string, boolean>> }> {
    const enabled = await this.enabledProviders(caller);
    const out: Record<string, Record<string, boolean>> = {};
    for (const m of catalog()) (out[m.provider] ??= {})[m.name] = !!enabled[m.provider];
    return { enabled_models: out };
  }

  /** The `options` entries of a model field, as the Language Model / Embedding Model nodes carry them. */
  options(type: ModelType): Record<string, unknown>[] {
    if (type === 'language') return MODEL_OPTIONS.map((o) => JSON.parse(JSON.stringify(o)));
    return EMBEDDING_MODEL_NAMES.map((name) => ({
      category: 'OpenAI',
      icon: 'OpenAI',
      metadata: { embedding_class: 'OpenAIEmbeddings', model_type: 'embeddings' },
      name,
      provider: 'OpenAI',
    }));
  }
}

function normalizeType(t: string | null | undefined): ModelType | 'none' | null {
  if (!t) return null;
  const v = t.toLowerCase();
  if (v === 'language' || v === 'llm') return 'language';
  if (v === 'embedding' || v === 'embeddings') return 'embeddings';
  return 'none';
}
