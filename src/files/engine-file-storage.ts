import type { FileStorage } from '../engine/ports/ports';
import { nameProblem } from './storage/storage-keys';
import { StorageKeyError, StoragePort } from './storage/storage.port';

/** Called after the engine stored a file (namespace, name, size in bytes). */
export type AfterWrite = (namespace: string, name: string, size: number) => Promise<void>;

/**
 * The engine's FileStorage port over Nestflow's storage. Paths are the ones
 * the files APIs hand out: "<flow_id>/<name>" (v1) and "<user_id>/<name>"
 * (v2). Anything else (absolute paths, "..", nested folders) is refused.
 *
 * `scoped([...])` restricts a run to some namespaces, so a flow cannot read
 * another user's files by naming their path: give it the running user's id
 * and the flow's id.
 */
export class EngineFileStorage implements FileStorage {
  constructor(
    private readonly storage: StoragePort,
    private readonly allowed?: ReadonlySet<string>,
    private readonly afterWrite?: AfterWrite,
  ) {}

  /** A view limited to these namespaces (typically [userId, flowId]). */
  scoped(namespaces: Iterable<string | null | undefined>): EngineFileStorage {
    const allowed = new Set<string>();
    for (const ns of namespaces) if (ns) allowed.add(ns.toLowerCase());
    return new EngineFileStorage(this.storage, allowed, this.afterWrite);
  }

  /** The same storage, calling `afterWrite` once each write is stored (FilesModule lists user files with it). */
  withAfterWrite(afterWrite: AfterWrite): EngineFileStorage {
    return new EngineFileStorage(this.storage, this.allowed, afterWrite);
  }

  async read(path: string): Promise<Buffer> {
    const { namespace, name } = this.split(path);
    return this.storage.get(namespace, name);
  }

  async write(path: string, data: Buffer | string): Promise<string> {
    const { namespace, name } = this.split(path);
    const size = await this.storage.put(namespace, name, data);
    await this.afterWrite?.(namespace, name, size);
    return `${namespace}/${name}`;
  }

  async exists(path: string): Promise<boolean> {
    let parts: { namespace: string; name: string };
    try {
      parts = this.split(path);
    } catch {
      return false;
    }
    return this.storage.exists(parts.namespace, parts.name);
  }

  private split(path: string): { namespace: string; name: string } {
    if (typeof path !== 'string') throw new StorageKeyError('File path must be "<namespace>/<file name>"');
    const parts = path.split('/');
    if (parts.length !== 2 || nameProblem(parts[0]) || nameProblem(parts[1]) || parts[1].includes('..')) {
      throw new StorageKeyError(`File path must be "<namespace>/<file name>", got "${path.slice(0, 200)}"`);
    }
    const [namespace, name] = parts;
    if (this.allowed && !this.allowed.has(namespace.toLowerCase())) {
      throw new StorageKeyError(`File ${path.slice(0, 200)} is not available to this flow`);
    }
    return { namespace, name };
  }
}
