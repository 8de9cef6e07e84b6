import { PipeTransform } from '@nestjs/common';
import { HttpError } from '../http/http-error';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A UUID path parameter; anything else is FastAPI's 422 uuid_parsing error. */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!isUuid(value)) {
      throw new HttpError(422, [
        {
          type: 'uuid_parsing',
          loc: ['path', this.name],
          msg: 'Input should be a valid UUID',
          input: value,
        },
      ]);
    }
    return value.length === 32 ? value.replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5').toLowerCase() : value.toLowerCase();
  }
}

export const uuidParam = (name: string) => new UuidParamPipe(name);
