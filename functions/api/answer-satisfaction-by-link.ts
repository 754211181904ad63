import { actionLinkConfig, loadConfig, toActionLinkConfig } from '../../shared/config.ts';
import { actionLinkHandler } from '../../shared/lambda/http-handler.ts';
import { answerThroughLink } from '../../shared/services/follow-up.ts';

const links = toActionLinkConfig(loadConfig(actionLinkConfig));

export const handler = actionLinkHandler('AnswerSatisfactionByLink', async ({ body }) => ({ body: await answerThroughLink(links, body) }));
