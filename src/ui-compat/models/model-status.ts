import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HttpError } from '../../common/http/http-error';
import { toPydanticErrors } from '../../common/validation/validation-errors';
import { ModelStatusUpdateDto } from './dto/model-status-update.dto';

/** Validates the POST /models/enabled_models body (a list) with pydantic's 422 shapes. */
export function parseModelStatusUpdates(body: unknown): ModelStatusUpdateDto[] {
  if (!Array.isArray(body)) {
    throw new HttpError(422, [{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: body ?? null }]);
  }
  const errors: unknown[] = [];
  const out: ModelStatusUpdateDto[] = [];
  for (let i = 0; i < body.length; i++) {
    const item = body[i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ type: 'model_type', loc: ['body', i], msg: 'Input should be a valid dictionary or instance of ModelStatusUpdate', input: item });
      continue;
    }
    const dto = plainToInstance(ModelStatusUpdateDto, item);
    const problems = validateSync(dto);
    if (problems.length) errors.push(...toPydanticErrors(problems, 'body', [i]));
    else out.push({ provider: dto.provider, model_id: dto.model_id, enabled: dto.enabled });
  }
  if (errors.length) throw new HttpError(422, errors);
  return out;
}
