import type { AlertDigestSender } from './alerts.digest.js';
import type { AlertAudienceOf } from './alerts.service.js';

/** The hooks the alerts module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** Who may open an alert's target of one record type: an alert never points someone at a record they may not see. */
    'alerts.audience': AlertAudienceOf;
    /** Hands unread alerts to e-mail or anything else; without one, digests are only logged. */
    'alerts.digestSender': AlertDigestSender;
  }
}
