import type { ComponentClass } from './component';

/** Maps Langflow `data.type` keys (and aliases / `metadata.module`) to native component classes. */
export class ComponentRegistry {
  private byType = new Map<string, ComponentClass>();
  private byModule = new Map<string, ComponentClass>();
  private classes: ComponentClass[] = [];

  register(cls: ComponentClass, extraAliases: string[] = []): this {
    const m = cls.meta;
    if (!m?.name) throw new Error('Component class without static meta.name');
    if (!this.classes.includes(cls)) this.classes.push(cls);
    for (const key of [m.name, ...(m.aliases ?? []), ...extraAliases]) this.byType.set(key, cls);
    for (const mod of m.modules ?? []) this.byModule.set(mod, cls);
    return this;
  }

  registerAll(classes: Iterable<ComponentClass>): this {
    for (const c of classes) this.register(c);
    return this;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  get(type: string): ComponentClass | undefined {
    return this.byType.get(type);
  }

  /** Resolve a node: by data.type, then metadata.module, then the id prefix. */
  resolve(type: string, module?: string | null, idPrefix?: string): ComponentClass | undefined {
    return (
      this.byType.get(type) ??
      (module ? this.byModule.get(module) ?? this.byType.get(module.slice(module.lastIndexOf('.') + 1)) : undefined) ??
      (idPrefix ? this.byType.get(idPrefix) : undefined)
    );
  }

  /** Registered classes in registration order (each once). */
  list(): ComponentClass[] {
    return [...this.classes];
  }

  /** All keys (names and aliases). */
  types(): string[] {
    return [...this.byType.keys()];
  }

  clone(): ComponentRegistry {
    const r = new ComponentRegistry();
    r.byType = new Map(this.byType);
    r.byModule = new Map(this.byModule);
    r.classes = [...this.classes];
    return r;
  }
}
