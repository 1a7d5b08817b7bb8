import type { ModuleManifest } from '../../platform/modules.js';
import { referenceRoutes } from './reference.routes.js';

export { type HtcdsField, type HtcdsValue, htcds, htcdsValues } from '../../contract/htcds.js';
export { type AgencyType, agencyTypeKeys, agencyTypes, htcdsOrgTypes } from './agency-types.js';
export { countryName, isCountryCode, listCountries } from './countries.js';
export {
  buildHolidayCalendar,
  HOLIDAY_DATA_VERSION,
  type Holiday,
  HolidayCalendar,
  holidayCalendar,
  holidayFileSchema,
  shippedHolidayYears,
} from './holidays.js';
export { referenceRoutes } from './reference.routes.js';
export { findRegion, listRegions, type Region } from './regions.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const referenceModule: ModuleManifest = {
  name: 'reference',
  routes: referenceRoutes,
};
