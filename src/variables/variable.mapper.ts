import { VariableReadDto } from './dto/variable.dto';
import { GENERIC_TYPE, Variable } from './variable.entity';

/** Only Generic values are ever returned; Credential values stay sealed server-side. */
export function toVariableRead(variable: Variable): VariableReadDto {
  return {
    id: variable.id,
    name: variable.name,
    type: variable.type,
    value: variable.type === GENERIC_TYPE ? variable.value : null,
    default_fields: variable.default_fields ?? [],
  };
}
