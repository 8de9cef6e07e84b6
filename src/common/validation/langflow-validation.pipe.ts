import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { HttpError } from '../http/http-error';
import { toPydanticErrors } from './validation-errors';

const LOCATION: Record<string, string> = { body: 'body', query: 'query', param: 'path', custom: 'body' };

/**
 * class-validator with FastAPI's behaviour: extra fields are dropped (pydantic
 * ignores them), failures are 422 with pydantic's error list, and a query
 * value that Langflow's comma-splitting turned into a list keeps only its first
 * part when the DTO wants a scalar.
 */
@Injectable()
export class LangflowValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => new ValidationFailed(errors),
    });
  }

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = LOCATION[metadata.type] ?? 'body';
    if (metadata.type === 'query' && metadata.metatype && value && typeof value === 'object') {
      value = collapseScalarQueryValues(value as Record<string, unknown>, metadata.metatype);
    }
    // The error's location is decided here, per call: this pipe is one instance shared by
    // parameters that Nest resolves concurrently, so it must not keep per-call state.
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ValidationFailed) throw new HttpError(422, toPydanticErrors(error.errors, root));
      throw error;
    }
  }
}

class ValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('Validation failed');
  }
}

function collapseScalarQueryValues(query: Record<string, unknown>, metatype: abstract new (...args: never[]) => unknown) {
  const out: Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (!Array.isArray(value)) continue;
    const designType = Reflect.getMetadata('design:type', metatype.prototype as object, key);
    if (designType !== Array) out[key] = value[0];
  }
  return out;
}
