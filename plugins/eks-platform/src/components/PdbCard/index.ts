export { PdbCard } from './PdbCard';
