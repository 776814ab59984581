// The API's answers as the dashboard reads them: hand-written mirrors of the server's response types
// (named beside each), since those live in modules that import Nest, ClickHouse and Node and cannot be
// part of the browser's check (docs/adr/0028-checked-page-code.md). libs/reporting/src/dashboard/
// page-answers.ts (in the server's check) holds the server's types to these, so a change of an answer
// that the page does not follow fails `npm run typecheck`. Exact figures are decimal strings, instants
// ISO strings.

/** libs/kpi KpiArea, KpiUnit, RollUp; libs/platform-kit Role. */
export type KpiArea = 'sales' | 'service' | 'parts' | 'customer' | 'plan';
export type KpiUnit = 'money' | 'percent' | 'count' | 'hours' | 'money_per_hour' | 'money_per_unit' | 'score' | 'days' | 'per_customer';
export type RollUp = 'sum' | 'ratio' | 'snapshot' | 'mean';
export type Role = 'head-office' | 'region-manager' | 'analyst' | 'branch-manager' | 'sales-staff' | 'service-staff' | 'parts-staff' | 'integration';
export type Level = 'group' | 'region' | 'branch';
export type CurrencyChoice = 'group' | 'branch';
export type View = 'as-closed' | 'restated';

/** libs/reporting/src/as-of/as-of.types.ts AsOfMark: what every report carries (`asOf`). */
export interface AsOfMark {
  readonly readModel: 'facts' | 'kpi-month-rollup';
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly lag: { readonly events: number | null; readonly seconds: number | null };
  readonly storeHead: { readonly position: string | null; readonly recordedAt: string | null } | null;
}

// ---- sign-in and the caller (libs/identity, libs/reporting KpisController) ----------------------------

/** GET /api/v1/auth/config (identity SignInConfig). */
export interface SignInConfig {
  readonly signIn: 'password' | 'oidc';
  readonly oidc?: OidcConfig;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint?: string;
  readonly clientId: string;
  readonly scope: string;
}

/** identity SignedInUser: the user of a sign-in. */
export interface SignedInUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly regions: string[];
  readonly branches: string[];
  readonly employeeId: string | null;
}

/** POST /api/v1/auth/sign-in (identity SignInResponse). */
export interface SignInResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly user: SignedInUser;
}

/** GET /api/v1/auth/me: the user when the token is a sign-in's (the principal beside it is not read). */
export interface AuthMe {
  readonly user: SignedInUser | null;
}

/** GET /api/v1/me: role and resolved scope. */
export interface Me {
  readonly subject: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly branches: readonly string[];
  readonly scope: { readonly all: boolean; readonly regions: readonly string[]; readonly branches: readonly string[] };
}

/** GET /api/v1/units: regions and their branches in the caller's scope; branches without a region under id ''. */
export interface Units {
  readonly groupCurrency: string;
  readonly regions: readonly UnitRegion[];
}

export interface UnitRegion {
  readonly id: string;
  readonly name: string;
  readonly branches: readonly { readonly id: string; readonly name: string; readonly currency: string }[];
}

// ---- the KPIs (libs/reporting KpisController, KpiReportingService, libs/kpi) ----------------------------

/** GET /api/v1/kpis: the catalogue in a locale. */
export interface KpiCatalogue {
  readonly locale: string;
  readonly kpis: readonly CatalogueKpi[];
  readonly dimensions: readonly CatalogueDimension[];
}

export interface CatalogueKpi {
  readonly id: string;
  readonly area: KpiArea;
  readonly label: string;
  readonly unit: KpiUnit;
  readonly higherIsBetter: boolean;
  readonly rollUp: RollUp;
  readonly formula: string;
  readonly numerator: string | null;
  readonly denominator: string | null;
  readonly provisional: string | null;
  readonly measured: boolean;
  readonly distinct: boolean;
  readonly dimensions: readonly string[];
}

export interface CatalogueDimension {
  readonly id: string;
  readonly label: string;
  readonly attribution: 'single' | 'multiple';
  readonly targetGrain: string | null;
}

/** libs/kpi TargetFigure. */
export interface TargetFigure {
  readonly value: string;
  readonly unit: string;
  readonly version: number;
}

/** libs/kpi Comparison (MoM, YoY). */
export interface Comparison {
  readonly period: string;
  readonly value: string | null;
  readonly change: string | null;
  readonly growthPercent: string | null;
  readonly likeForLike: boolean;
}

/** libs/kpi Figures. */
export interface Figures {
  readonly value: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
}

/** libs/kpi ClosedPeriod. */
export interface ClosedPeriod {
  readonly closedAt: string;
  readonly asClosed: Figures;
  readonly restated: Figures;
  readonly difference: string | null;
}

/** One point of a series: libs/reporting NamedPoint (libs/kpi KpiReportPoint and KpiPoint). */
export interface KpiPoint {
  readonly level: Level;
  readonly unitId: string;
  readonly unitName: string;
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string | null;
  readonly value: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
  readonly provisional: boolean;
  readonly provisionalUntil: string | null;
  readonly dimensionValue?: string;
  readonly targets: { readonly quota: TargetFigure | null; readonly stretch: TargetFigure | null };
  readonly attainment: { readonly quota: string | null; readonly stretch: string | null };
  readonly yearToDate: {
    readonly value: string | null;
    readonly annualQuota: TargetFigure | null;
    readonly annualStretch: TargetFigure | null;
    readonly progressQuota: string | null;
    readonly progressStretch: string | null;
  } | null;
  readonly mom: Comparison | null;
  readonly yoy: Comparison | null;
  readonly closed: ClosedPeriod | null;
}

/** The KPI of a series or lineage answer. */
export interface ReportKpi {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly rollUp: string;
}

/** A grain of the engine, or `range`: one figure for the whole range. */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'range';

/** GET /api/v1/kpis/{kpiId} (libs/reporting SeriesResponse, with the as-of mark). */
export interface KpiSeries {
  readonly kpi: ReportKpi;
  readonly query: {
    readonly from: string;
    readonly to: string;
    readonly grain: Grain;
    readonly groupBy: Level;
    readonly regionId: string | null;
    readonly branchId: string | null;
    readonly currency: CurrencyChoice;
    readonly view: View;
    readonly by: { readonly id: string; readonly label: string } | null;
    readonly filters: Readonly<Record<string, string[] | undefined>>;
  };
  readonly points: readonly KpiPoint[];
  readonly asOf?: AsOfMark;
}

/** libs/kpi LineageFact, with the stream (libs/reporting LineageResponse). */
export interface LineageFact {
  readonly eventId: string;
  readonly streamId: string | null;
  readonly position: string;
  readonly businessDate: string;
  readonly reference: string;
  readonly branchId: string;
  readonly month: string;
  readonly currency: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
}

/** GET /api/v1/kpis/{kpiId}/lineage (libs/reporting LineageResponse, with the as-of mark). */
export interface KpiLineage {
  readonly kpi: ReportKpi;
  readonly facts: readonly LineageFact[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly sums: { readonly numerator: string; readonly denominator: string | null };
  readonly conversions: readonly unknown[] | null;
  readonly asOf?: AsOfMark;
}

// ---- the month's reports (libs/reporting scorecard.ts, league-tables.ts, monthly-summary.types.ts) ----

/** scorecard.ts ScorecardFigure (the fields the page reads). */
export interface ScorecardFigure {
  readonly value: string | null;
  readonly currency: string | null;
  readonly subtotals: readonly { readonly currency: string; readonly value: string | null }[];
  readonly provisional: boolean;
  readonly quotaAttainment: string | null;
  readonly rank: number | null;
}

/** GET /api/v1/scorecard (scorecard.ts Scorecard, with the as-of mark). */
export interface Scorecard {
  readonly period: string;
  readonly level: Level;
  readonly currency: CurrencyChoice;
  readonly groupCurrency: string;
  readonly kpis: readonly { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean }[];
  readonly rows: readonly { readonly unitId: string; readonly unitName: string; readonly figures: Readonly<Record<string, ScorecardFigure | undefined>> }[];
  readonly asOf?: AsOfMark;
}

/** league-tables.ts LeagueFigure. */
export interface LeagueFigure {
  readonly value: string | null;
  readonly currency: string | null;
  readonly provisional: boolean;
  readonly quota: TargetFigure | null;
  readonly stretch: TargetFigure | null;
  readonly quotaAttainment: string | null;
  readonly stretchAttainment: string | null;
}

export type LeagueTableId = 'consultants' | 'service-advisors' | 'technicians';
export type LeagueSpan = 'month' | 'quarter' | 'ytd';

/** GET /api/v1/league-tables/{table} (league-tables.ts LeagueTable). */
export interface LeagueTable {
  readonly table: LeagueTableId;
  readonly span: LeagueSpan;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly currency: CurrencyChoice;
  readonly rankedBy: string;
  readonly kpis: readonly { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean }[];
  readonly rows: readonly {
    readonly personId: string;
    readonly branchId: string;
    readonly branchName: string;
    readonly figures: Readonly<Record<string, LeagueFigure | undefined>>;
    readonly rankInBranch: number | null;
    readonly rankInRegion: number | null;
  }[];
}

/** monthly-summary.types.ts SummaryComparison. */
export interface SummaryComparison {
  readonly change: string | null;
  readonly growthPercent: string | null;
  readonly likeForLike: boolean;
}

/** monthly-summary.types.ts SummaryRow (the fields the page reads). */
export interface SummaryRow {
  readonly kpiId: string;
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly currency: string | null;
  readonly value: string | null;
  readonly quota: string | null;
  readonly quotaAttainment: string | null;
  readonly stretchAttainment: string | null;
  readonly mom: SummaryComparison | null;
  readonly yoy: SummaryComparison | null;
  readonly rank: { readonly rank: number; readonly of: number } | null;
  readonly provisional: boolean;
  readonly asClosedValue: string | null;
}

/** GET …/monthly-summary/{period}?format=json (monthly-summary.types.ts MonthlySummary; the fields the page reads). */
export interface MonthlySummary {
  readonly unit: { readonly level: Level; readonly id: string; readonly name: string };
  readonly period: string;
  readonly closedAt: string | null;
  readonly text: {
    readonly kpi: string;
    readonly value: string;
    readonly plan: string;
    readonly attainment: string;
    readonly mom: string;
    readonly yoy: string;
    readonly rank: string;
    readonly provisional: string;
    readonly asClosed: string;
  };
  readonly sections: readonly { readonly id: string; readonly title: string; readonly rows: readonly SummaryRow[] }[];
  readonly asOf?: AsOfMark;
}

// ---- head office's users and integration accounts (libs/identity) ----------------------------------

/** users.service.ts UserView (GET /api/v1/users, and the answer of a create or an update). */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly branches: readonly string[];
  readonly disabled: boolean;
  readonly employeeId: string | null;
  readonly createdAt: string;
  readonly activeSessions: number;
}

/** POST /api/v1/users's body (users.service.ts NewUser) and PATCH /api/v1/users/{id}'s (UserChange). */
export interface UserChange {
  readonly displayName?: string;
  readonly role?: string;
  readonly regions?: readonly string[];
  readonly branches?: readonly string[];
  readonly disabled?: boolean;
  readonly employeeId?: string | null;
}

export interface NewUser extends UserChange {
  readonly username: string;
  readonly password: string;
}

/** integration-accounts.service.ts IntegrationAccountView (GET /api/v1/integrations). */
export interface IntegrationAccount {
  readonly clientId: string;
  readonly name: string;
  readonly branches: readonly string[];
  readonly contexts: readonly string[];
  readonly status: 'active' | 'revoked';
  readonly revokedAt: string | null;
}

/** POST /api/v1/integrations's body (NewIntegrationAccount). */
export interface NewIntegrationAccount {
  readonly clientId: string;
  readonly name: string;
  readonly branches: readonly string[];
  readonly contexts: readonly string[];
}

/** The answer of a create or a rotation: the account with its secret, shown once. */
export interface IntegrationSecret {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** libs/delivery: a pack subscription as GET /api/v1/pack-subscriptions answers it (the fields the page reads). */
export interface PackSubscription {
  readonly id: string;
  readonly recipientUserId: string;
  readonly email: string;
  readonly level: Level;
  readonly unitId: string;
  readonly currency: CurrencyChoice;
  readonly view: View;
  readonly timeZone: string | null;
  readonly formats: readonly ('pdf' | 'xlsx')[];
  readonly locale: 'zh-CN' | 'es' | 'en';
  readonly schedule: { readonly kind: 'monthly'; readonly businessDay: number } | { readonly kind: 'weekly'; readonly weekday: number };
  readonly enabled: boolean;
  /** Increases with every change: sent back as If-Match with a change or a deletion. */
  readonly version: number;
}

/** libs/delivery: one entry of the delivery log (GET /api/v1/pack-deliveries). */
export interface PackDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly periodKey: string;
  readonly period: string;
  readonly dueAt: string;
  readonly email: string;
  readonly level: Level;
  readonly unitId: string;
  readonly status: 'queued' | 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly sentAt: string | null;
}
