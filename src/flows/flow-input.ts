import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { HttpError, unprocessable } from '../common/http/http-error';
import { PydanticError, toPydanticErrors } from '../common/validation/validation-errors';
import { CreateFlowDto } from './dto/create-flow.dto';
import { ENDPOINT_NAME_MESSAGE, ENDPOINT_NAME_PATTERN, validateFlowData, validateIcon, validateIconBgColor } from './flow-rules';

/** FlowCreate's field validators beyond types; `loc` is the flow's location in the body. */
export function flowFieldErrors(flow: Partial<CreateFlowDto>, loc: (string | number)[]): PydanticError[] {
  return [
    ...validateFlowData(flow.data, [...loc, 'data']),
    ...validateIcon(flow.icon, [...loc, 'icon']),
    ...validateIconBgColor(flow.icon_bg_color, [...loc, 'icon_bg_color']),
  ];
}

/** Langflow raises an HTTPException from this validator, so the 422 body is a plain string. */
export function assertEndpointName(endpointName: string | null | undefined): void {
  if (endpointName !== undefined && endpointName !== null && !ENDPOINT_NAME_PATTERN.test(endpointName)) {
    throw unprocessable(ENDPOINT_NAME_MESSAGE);
  }
}

/** Checks FlowCreate bodies (already class-validated) and throws the first failure as 422. */
export function assertFlowInputs(flows: Partial<CreateFlowDto>[], locOf: (i: number) => (string | number)[]): void {
  const errors = flows.flatMap((flow, i) => flowFieldErrors(flow, locOf(i)));
  if (errors.length) throw new HttpError(422, errors);
  for (const flow of flows) assertEndpointName(flow.endpoint_name);
}

/** Validates raw flows read from an uploaded file as FlowCreate bodies. */
export async function parseFlowInputs(raws: unknown[], locOf: (i: number) => (string | number)[]): Promise<CreateFlowDto[]> {
  const out: CreateFlowDto[] = [];
  const errors: PydanticError[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ type: 'model_type', loc: locOf(i), msg: 'Input should be a valid dictionary or instance of FlowCreate', input: raw });
      continue;
    }
    // The graph is taken as sent: class-transformer would copy it node by node.
    const { data, ...rest } = raw as Record<string, unknown>;
    const dto = plainToInstance(CreateFlowDto, rest);
    const failures = await validate(dto, { whitelist: true, forbidUnknownValues: false });
    if (failures.length) {
      errors.push(...toPydanticErrors(failures, String(locOf(i)[0]), locOf(i).slice(1)));
      continue;
    }
    dto.data = data as CreateFlowDto['data'];
    out.push(dto);
  }
  if (errors.length) throw new HttpError(422, errors);
  assertFlowInputs(out, locOf);
  return out;
}
