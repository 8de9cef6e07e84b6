import { Provider } from '@nestjs/common';
import { APP_CONFIG, ServerConfig } from '../../config/config.module';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import { STORAGE, StoragePort } from './storage.port';

/** The adapter LANGFLOW_STORAGE_TYPE selects: the config dir (default) or an S3-compatible bucket. */
export function createStorage(config: ServerConfig): StoragePort {
  const { storage } = config;
  if (storage.type === 's3') {
    return new S3Storage({
      bucket: storage.bucket,
      prefix: storage.prefix,
      endpointUrl: storage.endpointUrl,
      region: storage.region,
      forcePathStyle: storage.forcePathStyle || undefined,
    });
  }
  return new LocalStorage(config.configDir);
}

export const storageProvider: Provider = {
  provide: STORAGE,
  useFactory: (config: ServerConfig) => createStorage(config),
  inject: [APP_CONFIG],
};
