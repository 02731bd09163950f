export { TemplateUpgradeBanner } from './TemplateUpgradeBanner';
