export { exchangeRoutes } from './exchange.routes.js';
export {
  exchangeEncryptedColumns,
  exportReferralPackage,
  importReferralPackage,
  PACKAGE_FORMAT,
  signWithInstanceKey,
  verifyInstanceSignature,
} from './exchange.service.js';
