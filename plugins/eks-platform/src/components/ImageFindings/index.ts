export { ImageFindings, IMAGE_FINDINGS_TITLE } from './ImageFindings';
