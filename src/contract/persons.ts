/** Enumerations of the persons API (the identity vault), shared by the server and the web app. */

/** Identity fields: stored only as AES-256-GCM ciphertext (Law 21/2007 Art. 44). */
export const identityFields = [
  'fullName',
  'aliases',
  'dateOfBirth',
  'nik',
  'passportNumber',
  'phones',
  'address',
] as const;
export type IdentityField = (typeof identityFields)[number];
export const disabilities = [
  'none',
  'physical',
  'sensory',
  'intellectual',
  'psychosocial',
  'multiple',
  'unknown',
] as const;
