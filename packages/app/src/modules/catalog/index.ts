export { entityPageModule } from './entityPageModule';
