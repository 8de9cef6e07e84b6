import { ValidationError } from 'class-validator';

/** One entry of FastAPI/pydantic v2's 422 `detail` list. */
export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

const CONSTRAINT_TYPES: Record<string, { type: string; msg: string }> = {
  isDefined: { type: 'missing', msg: 'Field required' },
  isNotEmpty: { type: 'missing', msg: 'Field required' },
  isString: { type: 'string_type', msg: 'Input should be a valid string' },
  isBoolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  isInt: { type: 'int_type', msg: 'Input should be a valid integer' },
  isNumber: { type: 'float_type', msg: 'Input should be a valid number' },
  isUuid: { type: 'uuid_parsing', msg: 'Input should be a valid UUID' },
  isArray: { type: 'list_type', msg: 'Input should be a valid list' },
  isObject: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
  min: { type: 'greater_than_equal', msg: '' },
  max: { type: 'less_than_equal', msg: '' },
};

/** Turns class-validator errors into pydantic's list, `loc` rooted at body/query/path. */
export function toPydanticErrors(errors: ValidationError[], root: string, parents: (string | number)[] = []): PydanticError[] {
  const out: PydanticError[] = [];
  for (const error of errors) {
    const loc = [...parents, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.length) {
      const missing = error.value === undefined || error.value === null;
      const name = missing && (names.includes('isDefined') || names.includes('isNotEmpty')) ? 'isDefined' : names[0];
      const known = CONSTRAINT_TYPES[name];
      const useKnownMsg = known && known.msg && (missing || name !== 'isDefined');
      out.push({
        type: missing && name === 'isDefined' ? 'missing' : known?.type ?? 'value_error',
        loc: [root, ...loc],
        msg: useKnownMsg ? known.msg : constraints[name],
        input: error.value ?? null,
      });
    }
    if (error.children?.length) out.push(...toPydanticErrors(error.children, root, loc));
  }
  return out;
}
