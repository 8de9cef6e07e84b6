import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { CHAT_MODEL_CATALOG, EMBEDDING_MODEL_NAMES, MODEL_OPTIONS } from '../../engine/components/models/model-fields';
import { GENERIC_TYPE, Variable } from '../../variables/variable.entity';
import { VariablesService } from '../../variables/variables.service';
import { ModelStatusUpdateDto } from './dto/model-status-update.dto';

/** The user's switched-off models ("<provider>/<model>" JSON list), an internal variable hidden from GET /variables/ as in Langflow. */
export const DISABLED_MODELS_VARIABLE = '__disabled_models__';

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
  constructor(
    private readonly variables: VariablesService,
    private readonly db: DataSource,
  ) {}

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

  /** {provider: {model: enabled}}: a model is enabled when its provider is configured and the user has not switched it off. */
  async enabledModels(caller: AuthUser): Promise<{ enabled_models: Record<string, Record<string, boolean>> }> {
    const enabled = await this.enabledProviders(caller);
    const disabled = new Set(await this.disabledModels(caller.id));
    const out: Record<string, Record<string, boolean>> = {};
    for (const m of catalog()) (out[m.provider] ??= {})[m.name] = !!enabled[m.provider] && !disabled.has(modelKey(m.provider, m.name));
    return { enabled_models: out };
  }

  /** POST /models/enabled_models: switch models on or off for the caller; answers the new enabled_models. */
  async updateEnabledModels(caller: AuthUser, updates: ModelStatusUpdateDto[]): Promise<{ enabled_models: Record<string, Record<string, boolean>> }> {
    const disabled = new Set(await this.disabledModels(caller.id));
    for (const u of updates) {
      if (u.enabled) disabled.delete(modelKey(u.provider, u.model_id));
      else disabled.add(modelKey(u.provider, u.model_id));
    }
    await this.saveDisabled(caller.id, [...disabled].sort());
    return this.enabledModels(caller);
  }

  private async disabledModels(userId: string): Promise<string[]> {
    const row = await this.db.getRepository(Variable).findOne({ where: { user_id: userId, name: DISABLED_MODELS_VARIABLE } });
    try {
      const list = JSON.parse(row?.value ?? '[]');
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private async saveDisabled(userId: string, list: string[]): Promise<void> {
    const repo = this.db.getRepository(Variable);
    const value = JSON.stringify(list);
    const now = new Date();
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await repo.findOne({ where: { user_id: userId, name: DISABLED_MODELS_VARIABLE } });
      if (row) {
        await repo.update({ id: row.id }, { value, updated_at: now });
        return;
      }
      try {
        await repo.insert({ id: randomUUID(), name: DISABLED_MODELS_VARIABLE, value, type: GENERIC_TYPE, default_fields: [], created_at: now, updated_at: now, user_id: userId });
        return;
      } catch (error) {
        // Another request created it first (unique user_id + name): update that row instead.
        if (attempt) throw error;
      }
    }
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

function modelKey(provider: string, model: string): string {
  return `${provider}/${model}`;
}

function normalizeType(t: string | null | undefined): ModelType | 'none' | null {
  if (!t) return null;
  const v = t.toLowerCase();
  if (v === 'language' || v === 'llm') return 'language';
  if (v === 'embedding' || v === 'embeddings') return 'embeddings';
  return 'none';
}
