/**
 * @vigil/trust: public trust without an account — deposit certificates for public statements and charity flows
 * that add up. Pure (no I/O): the API, the CLI and the browser run the same checks.
 */
export { AMOUNT_SCALE, formatAmount, isAmount, parseAmount } from "./amount.ts";
export {
  type Certificate,
  type CertificateCheck,
  type CertificateCheckItem,
  type CheckOptions,
  type StatementBody,
  CERTIFICATE_FORMAT,
  STATEMENT_KIND,
  certificateShape,
  checkCertificate,
  statementHash,
} from "./certificate.ts";
export {
  type Anomaly,
  type AnomalyKind,
  type BalanceLine,
  type CharityBooks,
  type FlowEvent,
  type FlowPolicy,
  type RecipientLine,
  ANOMALY_KINDS,
  charityBooks,
  donationPath,
} from "./flows.ts";
export { IATI_TRANSACTION_TYPE, type IatiActivity, type IatiTransaction, iatiActivities } from "./iati.ts";
