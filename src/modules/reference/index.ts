export { agencyTypeKeys, agencyTypes, htcdsOrgTypes, type AgencyType } from './agency-types.js';
export { isCountryCode, listCountries } from './countries.js';
export { findRegion, listRegions, type Region } from './regions.js';
export { referenceRoutes } from './reference.routes.js';
