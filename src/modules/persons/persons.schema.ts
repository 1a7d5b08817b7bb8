import { z } from 'zod';
import { disabilities, type IdentityField, identityFields } from '../../contract/persons.js';
import { htcdsValues } from '../reference/index.js';

export { disabilities, type IdentityField, identityFields } from '../../contract/persons.js';

/** A 16-digit NIK (Nomor Induk Kependudukan). */
const nik = z
  .string()
  .trim()
  .regex(/^\d{16}$/, 'invalid');
/** A passport number as printed, upper-cased. */
const passportNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{6,12}$/, 'invalid');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'invalid');

export const identitySchema = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  aliases: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
  dateOfBirth: z.iso.date().optional(),
  nik: nik.optional(),
  passportNumber: passportNumber.optional(),
  phones: z.array(phone).max(5).optional(),
  address: z.string().trim().max(500).optional(),
});
export type TIdentity = z.infer<typeof identitySchema>;

/** Non-identifying profile (HTCDS prs_*): safe to show in lists and to count. */
export const profileSchema = z.strictObject({
  sex: z.enum(htcdsValues('prs_Gender')).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  ageEstimated: z.number().int().min(0).max(120).optional(),
  citizenship: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'country_unknown')
    .optional(),
  regionCode: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, 'invalid'))
    .max(10)
    .optional(),
  disability: z.enum(disabilities).optional(),
  education: z.enum(htcdsValues('prs_HighestLevelOfEducation')).optional(),
  maritalStatus: z.enum(htcdsValues('prs_MaritalStatus')).optional(),
  childrenCount: z.number().int().min(0).max(30).optional(),
});
export type TProfile = z.infer<typeof profileSchema>;

export const personCreateSchema = profileSchema.extend({ identity: identitySchema }).strict();
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
  ageEstimated: z.number().nullable(),
  citizenship: z.string().nullable(),
  languages: z.array(z.string()),
  disability: z.string().nullable(),
  education: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  childrenCount: z.number().nullable(),
  createdAt: z.string(),
});
export type TPerson = z.infer<typeof personSchema>;

export const revealSchema = z.strictObject({
  purpose: z.string().trim().min(10).max(500),
  fields: z.array(z.enum(identityFields)).min(1).max(identityFields.length),
});

export const identityUpdateSchema = identitySchema
  .partial()
  .extend({ purpose: z.string().trim().min(10).max(500) })
  .strict();

/** Which identity fields are on record, without their values. */
export const identityPresenceSchema = z.object({
  personId: z.string(),
  initials: z.string().nullable(),
  present: z.array(z.enum(identityFields)),
});

export const duplicateCheckSchema = z.strictObject({
  fullName: z.string().trim().min(1).max(200).optional(),
  nik: nik.optional(),
  passportNumber: passportNumber.optional(),
  phones: z.array(phone).max(5).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  sex: z.enum(htcdsValues('prs_Gender')).optional(),
  regionCode: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .optional(),
});
export type TDuplicateCheck = z.infer<typeof duplicateCheckSchema>;

export const duplicateMatchSchema = z.object({
  /** Present only for matches the caller may see. */
  score: z.number().optional(),
  /** Within scope: "likely" the same person (never when family names differ) or only "possible". */
  likelihood: z.enum(['likely', 'possible']).optional(),
  reasons: z.array(z.string()).optional(),
  /** Present only when the caller may see the record. */
  person: personSchema.optional(),
  /** When the record lies outside the caller's scope: only who holds it and how to ask them. */
  heldBy: z
    .object({
      agencyId: z.string(),
      agencyName: z.string(),
      contactPhone: z.string().nullable(),
      contactEmail: z.string().nullable(),
    })
    .optional(),
});
export type TDuplicateMatch = z.infer<typeof duplicateMatchSchema>;

/**
 * Corrects what is recorded about a person's age: the date of birth (an identity field, encrypted), the birth
 * year or an age estimate (profile). `null` clears a fact. The child status of her cases follows at once.
 */
export const ageUpdateSchema = z
  .strictObject({
    dateOfBirth: z.iso.date().nullable().optional(),
    birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
    ageEstimated: z.number().int().min(0).max(120).nullable().optional(),
    /** Why (e.g. "birth certificate obtained from the village office"): audited. */
    purpose: z.string().trim().min(10).max(500),
  })
  .refine((v) => v.dateOfBirth !== undefined || v.birthYear !== undefined || v.ageEstimated !== undefined, {
    message: 'required',
    path: ['dateOfBirth'],
  });
export type TAgeUpdate = z.infer<typeof ageUpdateSchema>;

/** A person's recorded age facts after a correction (the date of birth itself is never returned). */
export const ageFactsSchema = z.object({
  personId: z.string(),
  dateOfBirthRecorded: z.boolean(),
  birthYear: z.number().nullable(),
  ageEstimated: z.number().nullable(),
  ageEstimatedAt: z.string().nullable(),
});
