import type { HealthLevel } from './status';

/**
 * What a status source added by a backend module
 * (`eksPlatformStatusSourcesExtensionPoint`) says about a service: its own
 * judged findings, which count in the service's overall health and show
 * as one more line of the overview's verdicts, the fleet and the agents'
 * answers.
 */
export interface ExtraSourceStatus {
  /** How the line is labelled, e.g. "CloudWatch alarms". */
  title: string;
  /** Plain-language findings; `healthy` ones are shown but change nothing. */
  findings: Array<{ level: HealthLevel; text: string }>;
  /** Where to look further (http(s) only). */
  url?: string;
}
