/** File exports (.ics, .xlsx): being built. */
export const exportHandlers = {} as const
