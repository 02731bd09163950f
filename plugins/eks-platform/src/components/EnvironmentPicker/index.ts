export { EnvironmentPicker } from './EnvironmentPicker';
export type { EnvironmentPickerUiOptions } from './EnvironmentPicker';
export { ENVIRONMENT_PICKER_FIELD } from './field';
