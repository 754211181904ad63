import { actionLinkConfig, loadConfig, toActionLinkConfig } from '../../shared/config.ts';
import { actionLinkHandler } from '../../shared/lambda/http-handler.ts';
import { decideThroughLink } from '../../shared/services/action-links.ts';

const links = toActionLinkConfig(loadConfig(actionLinkConfig));

export const handler = actionLinkHandler('SalesDecisionByLink', async ({ body }) => {
  const taken = await decideThroughLink(links, body);
  return { body: taken };
});
