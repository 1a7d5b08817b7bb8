export { exchangeRoutes } from './exchange.routes.js';
export {
  exchangeEncryptedColumns,
  exportReferralPackage,
  importReferralPackage,
  PACKAGE_FORMAT,
} from './exchange.service.js';
