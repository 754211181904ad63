import { actionLinkConfig, attachmentsConfig, loadConfig, toActionLinkConfig } from '../../shared/config.ts';
import { actionLinkHandler } from '../../shared/lambda/http-handler.ts';
import { inspectActionLink } from '../../shared/services/action-links.ts';

const { ATTACHMENTS_BUCKET, ...links } = loadConfig({ ...attachmentsConfig, ...actionLinkConfig });

export const handler = actionLinkHandler('InspectActionLink', async ({ body }) => ({
  body: await inspectActionLink(toActionLinkConfig(links), ATTACHMENTS_BUCKET, body.token),
}));
