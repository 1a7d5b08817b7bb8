import { z } from 'zod';

/** HTCDS 2.0 `prs_Gender` value names, one-to-one. */
export const htcdsGenders = [
  'Feminine',
  'Masculine',
  'TransgenderFeminine',
  'TransgenderMasculine',
  'NonConforming',
  'NonSpecifiedUnknown',
] as const;

/** Identity fields: stored only as AES-256-GCM ciphertext (Law 21/2007 Art. 44). */
export const identityFields = ['fullName', 'aliases', 'dateOfBirth', 'nik', 'phone', 'address'] as const;
export type IdentityField = (typeof identityFields)[number];

export const identitySchema = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  aliases: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
  dateOfBirth: z.iso.date().optional(),
  nik: z
    .string()
    .trim()
    .regex(/^\d{16}$/, 'invalid')
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'invalid')
    .optional(),
  address: z.string().trim().max(500).optional(),
});
export type TIdentity = z.infer<typeof identitySchema>;

export const personCreateSchema = z.strictObject({
  sex: z.enum(htcdsGenders).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  regionCode: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .optional(),
  identity: identitySchema,
});
export type TPersonCreate = z.infer<typeof personCreateSchema>;

/** What lists and details show: a pseudonym and initials at most, never the identity. */
export const personSchema = z.object({
  id: z.string(),
  pseudonym: z.string(),
  initials: z.string().nullable(),
  ownerAgencyId: z.string(),
  regionCode: z.string().nullable(),
  sex: z.string().nullable(),
  birthYear: z.number().nullable(),
  createdAt: z.string(),
});
export type TPerson = z.infer<typeof personSchema>;

export const revealSchema = z.strictObject({
  purpose: z.string().trim().min(10).max(500),
  fields: z.array(z.enum(identityFields)).min(1).max(identityFields.length),
});
