import { IsBoolean, IsDefined, IsString } from 'class-validator';

/** One entry of the POST /api/v1/models/enabled_models body (a JSON array of these). */
export class ModelStatusUpdateDto {
  @IsDefined()
  @IsString()
  provider: string;

  @IsDefined()
  @IsString()
  model_id: string;

  @IsDefined()
  @IsBoolean()
  enabled: boolean;
}
