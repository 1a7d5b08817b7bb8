import type { ConsentWithdrawalHook, EvidenceLookup } from './consent.service.js';

/** The hooks the consent module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** Confirms that an evidence attachment belongs to the case and is consent evidence (attachments module). */
    'consent.evidence': EvidenceLookup;
    /** A module that shares data under consents stops sharing when one is withdrawn (referrals module). */
    'consent.withdrawal': ConsentWithdrawalHook;
  }
}
