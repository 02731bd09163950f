import { ANNOTATION_TEMPLATE_VERSION } from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';
import { fail, pass, unknown } from './verdicts';

export const templateCurrent: ScorecardRule = {
  id: 'template-current',
  title: 'On the current golden-path template version',
  why: 'Services behind the template miss the platform’s fixes (new alerts, hardened defaults) that the current version brings.',
  fix: 'Upgrade the service to the template’s current version (the template upgrade opens a pull request).',
  severity: 'low',
  appliesTo: {},
  evaluate: context => {
    const version =
      context.entity.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION];
    if (!version)
      return unknown(
        `the entity has no ${ANNOTATION_TEMPLATE_VERSION} annotation`,
      );
    const current = context.currentTemplateVersion;
    if (!current)
      return unknown('the current version of its template is not known');
    return version === current
      ? pass()
      : fail([`on template version ${version}, the current one is ${current}`]);
  },
};
