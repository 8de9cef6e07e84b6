import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schemas of the hand-parsed bodies (Langflow's pydantic models), for /docs. */
export const SIMPLIFIED_RUN_BODY: SchemaObject = {
  type: 'object',
  description: "Langflow's SimplifiedAPIRequest (also accepted embedded as {\"input_request\": {...}}).",
  properties: {
    input_value: { type: 'string', nullable: true, description: 'Text for the input components' },
    input_type: { type: 'string', enum: ['chat', 'text', 'any'], default: 'chat' },
    output_type: { type: 'string', enum: ['chat', 'text', 'any', 'debug'], default: 'chat' },
    output_component: { type: 'string', default: '', description: 'Report only this vertex (id or display name)' },
    tweaks: { type: 'object', nullable: true, additionalProperties: true, description: '{"<node id or display name>": {"<field>": value}} or {"<field>": value}' },
    session_id: { type: 'string', nullable: true, description: 'Conversation id; defaults to the flow id' },
  },
};

const INPUT_VALUE_REQUEST: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    components: { type: 'array', items: { type: 'string' } },
    input_value: { type: 'string', nullable: true },
    session: { type: 'string', nullable: true },
    type: { type: 'string', enum: ['chat', 'text', 'any'], default: 'any' },
    client_request_time: { type: 'integer', nullable: true },
  },
};

export const ADVANCED_RUN_BODY: SchemaObject = {
  type: 'object',
  properties: {
    inputs: { type: 'array', items: INPUT_VALUE_REQUEST },
    outputs: { type: 'array', items: { type: 'string' } },
    tweaks: { type: 'object', additionalProperties: true },
    stream: { type: 'boolean', default: false },
    session_id: { type: 'string', nullable: true },
  },
};

export const BUILD_BODY: SchemaObject = {
  type: 'object',
  properties: {
    inputs: INPUT_VALUE_REQUEST,
    data: { type: 'object', nullable: true, description: 'A graph ({nodes, edges, viewport}) to build instead of the stored one', additionalProperties: true },
    files: { type: 'array', nullable: true, items: { type: 'string' } },
  },
};
