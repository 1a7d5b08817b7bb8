/** Examples made from a body's JSON schema are bodies that the zod schema behind it accepts. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exampleOf } from './openapi-examples.js';

const noRefs = () => undefined;
const exampleFor = (schema: z.ZodType) =>
  exampleOf(z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>, noRefs);

describe('OpenAPI body examples', () => {
  it('fills required fields with values the schema accepts: formats, enums, lengths, patterns, arrays', () => {
    const schema = z.strictObject({
      caseId: z.uuid(),
      heldOn: z.iso.date(),
      at: z.iso.datetime({ offset: true }),
      urgency: z.enum(['urgent', 'normal']),
      reason: z.string().trim().min(40).max(1000),
      code: z.string().regex(/^\d{6}$/),
      regionCode: z.string().regex(/^\d{2}(\.\d{2})?$/),
      items: z.array(z.strictObject({ amount: z.number().int().min(1000), note: z.string().optional() })).min(2),
      note: z.string().optional(),
      consentId: z.uuid().nullable(),
    });
    const example = exampleFor(schema) as Record<string, unknown>;
    expect(schema.safeParse(example).success).toBe(true);
    expect(example).not.toHaveProperty('note');
    expect(example.urgency).toBe('urgent');
    expect(example.items).toHaveLength(2);
  });

  it('shows the first fields of a body whose fields are all optional (a PATCH)', () => {
    const schema = z.strictObject({ summary: z.string().optional(), riskLevel: z.enum(['low', 'high']).optional() });
    const example = exampleFor(schema);
    expect(example).toEqual({ summary: expect.any(String), riskLevel: 'low' });
    expect(schema.safeParse(example).success).toBe(true);
  });

  it('prefers the schema’s own example and default', () => {
    const schema = z.strictObject({
      username: z.string().meta({ examples: ['caseworker.ntt'] }),
      limit: z.number().default(50),
    });
    expect(exampleOf({ ...(z.toJSONSchema(schema) as object), required: ['username', 'limit'] }, noRefs)).toEqual({
      username: 'caseworker.ntt',
      limit: 50,
    });
  });
});
