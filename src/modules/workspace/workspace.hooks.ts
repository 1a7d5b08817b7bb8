import type { TodaySectionProvider } from './workspace.service.js';

/** The hooks the workspace module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** A part of the home page another module adds (its key unique among them). */
    'workspace.todaySection': TodaySectionProvider;
  }
}
