/** pulumi-itcare/sdk: a typed ITCare API client, usable without Pulumi. */
export { ITCareClient, type ResourceRef, type VerbOptions } from './client';
export { ClientOptions, DEFAULT_ISSUER, DEFAULT_URL, ENV } from './config';
export * from './errors';
export { waitForAction, progressLine, type ActionProgress, type WaitForActionOptions } from './actions';
export { waitUntil, backoffDelay, type WaitOptions } from './waiter';
export { type PollStrategy, type PollContext, adaptiveDelay, cappedBackoff, expectedWindow } from './pollStrategy';
export { DurationBook, durationBook, DURATIONS_ENV, endpointKey, type Expected } from './actionDurations';
export { itcareDate, parseITCareDate, formatITCareDate } from './dates';
export { pageOf, PageQuery, type Page } from './page';
export { Lookups, InstanceCriteria, NetworkCriteria, ProductCriteria, ServiceCriteria } from './lookups';
export { ResourceClient, type Accepted, type MutationOptions } from './resourceClient';
export { CLOCK_SKEW_MS, type CreateWaitOptions } from './created';
export { DRY_RUN_HEADER } from './transport';
export { INT64_ID, type IdRule } from './paths';
export * from './resources';
