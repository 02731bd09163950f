export { ClusterSection } from './ClusterSection';
