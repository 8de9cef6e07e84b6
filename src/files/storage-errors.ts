import { badRequest, notFound } from '../common/http/http-error';
import { StorageKeyError, StorageNotFoundError } from './storage/storage.port';

/** Storage errors as the HTTP answers Langflow's clients expect; anything else is rethrown. */
export async function mapStorageErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw notFound('File not found');
    if (error instanceof StorageKeyError) throw badRequest('Invalid file name');
    throw error;
  }
}
