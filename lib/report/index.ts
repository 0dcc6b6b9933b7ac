// The HTML report page.
export { report, reportHelpers, type ReportOptions, type ReportResult } from './report.ts';
