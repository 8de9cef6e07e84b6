import { ServerConfig } from '../config/config.module';
import { ConfigResponseDto } from './dto/meta.dto';

export function toConfigResponse(config: ServerConfig): ConfigResponseDto {
  return {
    feature_flags: config.featureFlags,
    serialization_max_items_length: config.maxItemsLength,
    serialization_max_text_length: config.maxTextLength,
    frontend_timeout: config.frontend.timeout,
    auto_saving: config.frontend.autoSaving,
    auto_saving_interval: config.frontend.autoSavingInterval,
    health_check_max_retries: config.frontend.healthCheckMaxRetries,
    max_file_size_upload: config.maxFileSizeUploadMb,
    webhook_polling_interval: config.frontend.webhookPollingInterval,
    public_flow_cleanup_interval: config.frontend.publicFlowCleanupInterval,
    public_flow_expiration: config.frontend.publicFlowExpiration,
    event_delivery: config.eventDelivery,
    webhook_auth_enable: config.webhookAuthEnable,
    voice_mode_available: false,
    default_folder_name: config.defaultFolderName,
    hide_getting_started_progress: config.hideGettingStartedProgress,
  };
}
