import { actionLinkConfig, loadConfig, toActionLinkConfig } from '../../shared/config.ts';
import { actionLinkHandler } from '../../shared/lambda/http-handler.ts';
import { inspectActionLink } from '../../shared/services/action-links.ts';

const links = toActionLinkConfig(loadConfig(actionLinkConfig));

export const handler = actionLinkHandler('InspectActionLink', async ({ body }) => ({ body: await inspectActionLink(links, body.token) }));
