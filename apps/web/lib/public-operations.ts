// Operations of the public pages (/verify, /charity): anonymous, read-only fields only. Typed by codegen like the rest.
import { graphql } from "./gql";

graphql(`
  fragment StatementFields on PublicStatement {
    id entryIndex sha256 title category language sourceUrl text verdict retractedAt retractionReason corrects createdAt
    publisher { code name kind }
    factChecks { id verdict reasoning evidence createdAt entryIndex checker { code name } }
  }
  fragment StepFields on CharityStepRecord {
    code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode
    actor { code name kind }
    recipient { code name kind }
    charity { code name }
  }
`);

export const PUBLIC_BOARD = graphql(`
  query PublicBoard($category: String, $limit: Int!) {
    publicLogVerifierKey
    statementCategories { category statements }
    publicStatements(category: $category, limit: $limit) { ...StatementFields }
  }
`);

export const STATEMENT_BY_HASH = graphql(`
  query StatementByHash($sha256: String!) { statementByHash(sha256: $sha256) { ...StatementFields } }
`);

export const CERTIFICATE = graphql(`query Certificate($entryIndex: Int!) { certificate(entryIndex: $entryIndex) }`);

export const DONATION_TRACE = graphql(`
  query DonationTrace($receiptCode: String!) {
    donationTrace(receiptCode: $receiptCode) {
      receiptCode logVerifierKey
      anomalies { kind step message }
      steps {
        step { ...StepFields }
        entry { ...LogEntryFields proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } } }
      }
    }
  }
`);

export const CHARITY_BOOKS = graphql(`
  query CharityBooks {
    charityBalances {
      asOf confirmWithinDays
      balances { charity charityName item received allocated shipped delivered inStock inTransit }
      recipients { recipient recipientName item needed delivered }
      anomalies { kind step donation charity message }
      links { kind charity recipient item unit quantity }
    }
  }
`);

export const CHARITY_IATI = graphql(`query CharityIati { charityIati }`);
