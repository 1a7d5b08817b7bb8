/** Shapes of the exchange API (src/modules/exchange/exchange.routes.ts). */

export interface IncomingPackage {
  id: string;
  status: string;
  receivedAt: string;
  /** The trusted signer's name as entered when it was trusted. */
  signer: string;
  /** The sending organisation (HTCDS org_Name). */
  from: string;
  urgency: string;
  /** HTCDS cas_ReasonForOutgoingReferral. */
  reason: string;
  services: string[];
  /** Consented HTCDS person fields (prs_*). */
  person: Record<string, unknown>;
  /** Consented HTCDS victim fields (vic_*). */
  victim: Record<string, unknown>;
  extensions: Record<string, unknown>;
}

export interface PublishedKeys {
  instance: string;
  keys: { keyId: string; algorithm: 'Ed25519'; publicKey: string }[];
}

export interface TrustedSigner {
  keyId: string;
  instanceName: string;
}

/** The signed package as exported (format pulih.referral-package/1); only a few fields are read here. */
export interface ReferralPackage {
  format?: string;
  packageId?: string;
  [key: string]: unknown;
}
