/** The current version of every workshop event. */
export const WORKSHOP_EVENTS = [] as const;
