export { EntityDisplayNameField } from './EntityDisplayNameField';
export type { EntityDisplayNameOptions } from './EntityDisplayNameField';
export { ENTITY_DISPLAY_NAME_FIELD } from './field';
export { displayNamesOf } from './entityDisplayNames';
