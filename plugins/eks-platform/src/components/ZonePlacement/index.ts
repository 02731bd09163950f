export { ZonePlacement, zonesOf } from './ZonePlacement';
