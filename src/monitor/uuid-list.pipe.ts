import { PipeTransform } from '@nestjs/common';
import { HttpError } from '../common/http/http-error';
import { isUuid } from '../common/validation/uuid-param.pipe';
import { canonicalUuid } from './monitor.service';

/** A JSON body that must be a list of UUIDs (FastAPI `list[UUID]` body): 422 like pydantic otherwise. */
export class UuidListBodyPipe implements PipeTransform<unknown, string[]> {
  transform(value: unknown): string[] {
    const missing = value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
    if (missing) throw new HttpError(422, [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    if (!Array.isArray(value)) throw new HttpError(422, [{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: value }]);
    const errors = value
      .map((v, i) => (isUuid(v) ? null : { type: 'uuid_parsing', loc: ['body', i], msg: 'Input should be a valid UUID', input: v }))
      .filter((e) => e !== null);
    if (errors.length) throw new HttpError(422, errors);
    return value.map((v: string) => canonicalUuid(v));
  }
}
