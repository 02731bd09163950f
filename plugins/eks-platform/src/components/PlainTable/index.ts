export { usePlainTableStyles } from './usePlainTableStyles';
