import type { CasesOfPerson } from './access-log.js';
import type { PrivacyOfficers } from './breaches.service.js';
import type { SubjectDataSource } from './dsr.service.js';
import type { RecordHold } from './holds.js';
import type { RetentionSweepOf, RetentionTargetOf } from './retention.service.js';

/** The hooks the privacy module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** Anything that holds a person's record (an open proceeding): erasure and retention stop (Art. 16(2)). */
    'privacy.recordHold': RecordHold;
    /** A record type whose schedule is enforced person by person (closed cases, attachments). */
    'privacy.retentionTarget': RetentionTargetOf;
    /** A record type kept as one log, cut as a whole (the audit trail). */
    'privacy.retentionSweep': RetentionSweepOf;
    /** What else a module holds about a person, for her export (Law 27/2022 Art. 7). */
    'privacy.subjectData': SubjectDataSource;
    /** The instance's DPOs, alerted when a breach notice clock runs low. */
    'privacy.officers': PrivacyOfficers;
    /** A person's cases, for the read access log of her file. */
    'privacy.casesOfPerson': CasesOfPerson;
  }
}
