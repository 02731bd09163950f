export { FleetPagination, PAGE_SIZES } from './FleetPagination';
