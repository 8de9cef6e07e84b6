export class VersionDto {
  version: string;
  main_version: string;
  package: string;
  nestflow_version: string;
}

export class ConfigResponseDto {
  feature_flags: Record<string, boolean>;
  serialization_max_items_length: number;
  serialization_max_text_length: number;
  frontend_timeout: number;
  auto_saving: boolean;
  auto_saving_interval: number;
  health_check_max_retries: number;
  max_file_size_upload: number;
  webhook_polling_interval: number;
  public_flow_cleanup_interval: number;
  public_flow_expiration: number;
  event_delivery: string;
  webhook_auth_enable: boolean;
  voice_mode_available: boolean;
  default_folder_name: string;
  hide_getting_started_progress: boolean;
}
