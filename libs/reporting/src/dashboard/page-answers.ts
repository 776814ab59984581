// The dashboard's page reads the API's answers through hand-written types (libs/reporting/web/types/api.d.ts:
// the server's types live in modules that import Nest, ClickHouse and Node, which the browser's check cannot
// take in; docs/adr/0028-checked-page-code.md). These checks hold the server's response types to the page's:
// an answer that changes under the page fails `npm run typecheck`. Types only: nothing here runs.
import type { PackDeliveryView, PackSubscriptionView } from '@app/delivery';
import type { AuthController, IntegrationAccountView, SignInConfig, SignInResponse, UserView } from '@app/identity';
import type * as Page from '../../web/types/api';
import type { AsOfMark } from '../as-of/as-of.types';
import type { LineageResponse, SeriesResponse } from '../kpis/kpi-reporting.service';
import type { KpisController } from '../kpis/kpis.controller';
import type { Scorecard } from '../kpis/scorecard';
import type { LeagueTable } from '../people/league-tables';
import type { MonthlySummary } from '../summary/monthly-summary.types';

/** `Server` is what the page takes it for (every field the page reads is there, of the type it reads). */
type Fits<Server, PageType> = [Server] extends [PageType] ? true : false;
type Holds<T extends true> = T;
/** What the reports' interceptor adds to their JSON (ReportsAsOf). */
type WithAsOf<T> = T & { readonly asOf: AsOfMark };
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type PageAnswersFit = [
  Holds<Fits<SignInConfig, Page.SignInConfig>>,
  Holds<Fits<SignInResponse, Page.SignInResponse>>,
  Holds<Fits<Answer<AuthController['me']>, Page.AuthMe>>,
  Holds<Fits<Answer<KpisController['me']>, Page.Me>>,
  Holds<Fits<Answer<KpisController['units']>, Page.Units>>,
  Holds<Fits<Answer<KpisController['catalogue']>, Page.KpiCatalogue>>,
  Holds<Fits<WithAsOf<SeriesResponse>, Page.KpiSeries>>,
  Holds<Fits<WithAsOf<LineageResponse>, Page.KpiLineage>>,
  Holds<Fits<WithAsOf<Scorecard>, Page.Scorecard>>,
  Holds<Fits<LeagueTable, Page.LeagueTable>>,
  Holds<Fits<MonthlySummary, Page.MonthlySummary>>,
  Holds<Fits<UserView, Page.UserView>>,
  Holds<Fits<IntegrationAccountView, Page.IntegrationAccount>>,
  Holds<Fits<IntegrationAccountView & { clientSecret: string }, Page.IntegrationSecret>>,
  Holds<Fits<PackSubscriptionView, Page.PackSubscription>>,
  Holds<Fits<PackDeliveryView, Page.PackDelivery>>,
];
