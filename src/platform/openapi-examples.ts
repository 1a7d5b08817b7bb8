/**
 * Example request bodies for the OpenAPI document, made from each body's own JSON schema (so an example can
 * never drift from the schema it illustrates): the schema's own `examples`/default first, else a value of
 * the right shape — required fields only, the first value of an enum, a UUID for a UUID, a date for a date,
 * the smallest number and length allowed. A partner sees a body the route takes, not `"string"`.
 */

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  $ref?: string;
};

/** Strings tried, in order, against a field's pattern when the schema gives no example. */
const patternSamples = [
  'contoh',
  'petugas.ntt',
  '53',
  '53.71',
  '5371',
  'ID',
  'id',
  '123456',
  '+6281234567890',
  '081234567890',
  '5371014501900001',
  'B1234567',
  'LP/B/123/XII/2026/SPKT',
  '2026',
  '2026-12-01',
  '08:00',
];

const formatSamples: Record<string, string> = {
  uuid: '0193a6f0-7c2e-7d41-9b8a-5e2f4c1d3a10',
  'date-time': '2026-12-01T08:30:00.000Z',
  date: '2026-12-01',
  time: '08:30:00',
  email: 'petugas@dinsos.example.go.id',
  uri: 'https://pulih.example.go.id',
  url: 'https://pulih.example.go.id',
};

function stringExample(schema: Schema): string {
  const format = typeof schema.format === 'string' ? formatSamples[schema.format] : undefined;
  if (format) return format;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (typeof schema.pattern === 'string') {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(schema.pattern, 'u');
    } catch {
      pattern = undefined;
    }
    const sample = pattern && patternSamples.find((s) => pattern.test(s) && fits(s));
    if (sample) return sample;
  }
  const text = 'Contoh teks untuk kolom ini';
  return (min > text.length ? text.padEnd(min, '.') : text).slice(
    0,
    Math.max(max === Number.POSITIVE_INFINITY ? text.length : max, min),
  );
}

function numberExample(schema: Schema): number {
  if (typeof schema.minimum === 'number') return schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number') return Math.min(1, schema.maximum);
  return 1;
}

/** A value that `schema` accepts (best effort for patterns the samples do not match). */
export function exampleOf(
  schema: Schema | undefined,
  resolve: (ref: string) => Schema | undefined,
  depth = 0,
): unknown {
  if (!schema || depth > 12) return undefined;
  if (schema.$ref) return exampleOf(resolve(schema.$ref), resolve, depth + 1);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const branch = branches.find((b) => b.type !== 'null') ?? branches[0];
    return exampleOf(branch, resolve, depth + 1);
  }
  if (schema.allOf?.[0]) return exampleOf(schema.allOf[0], resolve, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = schema.required ?? [];
      // A body of optional fields only (a PATCH) shows its first few, so it says something.
      const shown = required.length > 0 ? required : Object.keys(properties).slice(0, 3);
      return Object.fromEntries(shown.map((name) => [name, exampleOf(properties[name], resolve, depth + 1)]));
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' && schema.minItems > 1 ? schema.minItems : 1;
      const item = exampleOf(schema.items, resolve, depth + 1);
      return Array.from({ length: count }, () => item);
    }
    case 'string':
      return stringExample(schema);
    case 'integer':
    case 'number':
      return numberExample(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: unknown;
}

/** Gives every JSON request body of the document an `example`, unless it has one. */
export function addBodyExamples<T extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } }>(
  document: T,
): T {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
  const paths = (document.paths ?? {}) as Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, MediaType> } }>
  >;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const media = operation?.requestBody?.content?.['application/json'];
      if (!media?.schema || media.example !== undefined || media.examples !== undefined) continue;
      const example = exampleOf(media.schema, resolve);
      if (example !== undefined) media.example = example;
    }
  }
  return document;
}
