import type { BreakGlassResource } from '../../platform/access.js';

/** The hooks the access module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** A record type break-the-glass can open (persons, cases), provided by the module that owns it. */
    'access.resource': BreakGlassResource;
  }
}
