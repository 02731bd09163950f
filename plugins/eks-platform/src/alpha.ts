/** New-frontend-system entry point; the default export is the plugin. */
export { eksPlatformPlugin as default } from './plugin';
