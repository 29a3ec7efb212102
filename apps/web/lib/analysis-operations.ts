// Operations of the weekly-disease and nowcast panels (issue 11), apart from lib/operations.ts so the
// dashboards' rework and this feature merge without touching the same lines.
import { graphql } from "./gql";

export const DISEASES = graphql(`
  query Diseases {
    diseases { code name icd10 period }
  }
`);

export const WEEKLY_OVERVIEW = graphql(`
  query WeeklyOverview($regionCode: String!, $disease: String!) {
    riskOverview(regionCode: $regionCode, disease: $disease, period: WEEK) {
      from to disease period seriesMethod seriesParameters
      region { code name }
      farrington { date count expected upperBound alarm trend }
    }
  }
`);

export const NOWCAST = graphql(`
  query Nowcast($regionCode: String!, $disease: String) {
    nowcast(regionCode: $regionCode, disease: $disease) {
      asOf maxDelay delayCdf disease
      region { code name }
      points { date observed final median lower upper }
    }
  }
`);
