// A tool Claude may call, as plain data. It has the shape the Messages API takes, so the integration passes it on
// as it is, and the domain needs nothing from the SDK.
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}
