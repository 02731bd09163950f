export { TracesCard } from './TracesCard';
