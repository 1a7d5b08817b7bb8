/** Who may do what with agencies. The directory is readable by every signed-in role. */
export const agencyPermissions = {
  read: 'agencies.read',
  manage: 'agencies.manage',
} as const;
