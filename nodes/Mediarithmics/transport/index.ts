/*
 * The only place of the package that speaks HTTP: every call goes through here.
 * context.ts (credential, base URL), apiCall.ts (one call and its retries), http.ts (one attempt),
 * requests.ts (the envelope, downloads, Get Many pages), callReport.ts, sleep.ts, errors.ts, retry.ts, retryOptions.ts (the Retry option), callDeadline.ts (a poll's budget).
 */
export { apiCall } from './apiCall';
export { setCallDeadline } from './callDeadline';
export { failedCallReportOf, type CallReport } from './callReport';
export { CREDENTIAL_NAME, getBaseUrl, type ApiContext } from './context';
export { keepPlatformDetails, platformErrorDetails, type PlatformErrorDetails } from './errors';
export type { ApiRequestOptions } from './requestOptions';
export { isStream } from './http';
export { apiDownload, apiRequest, apiRequestAllItems, apiRequestPage } from './requests';
export { RETRY_OPTIONS_PARAMETER, retryPolicyOf } from './retryOptions';
export { cancelSignalOf, sleepUnlessCanceled } from './sleep';
