// A rule of pack subscriptions that the API enforces and the page says, in one place: the API
// (libs/delivery pack-schedule.ts re-exports it for its validation and schedules) and the page (the
// Pack subscriptions form's limit and its rule text in every language) read this constant.

/** The highest business day of a monthly pack schedule: business day 1 to MAX_BUSINESS_DAY. */
export const MAX_BUSINESS_DAY = 10;
