import { z } from 'zod';
import { actionLinkConfig, loadConfig, messagingConfig, toActionLinkConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { chaseFollowUp, giveUpFollowUp, scheduleComplaintFollowUp, sendFollowUpRequest } from '../../shared/services/follow-up.ts';

const { SENDER_EMAIL, ...links } = loadConfig({ ...messagingConfig, ...actionLinkConfig });

/** The follow-up's automatic steps (shared/services/follow-up.ts), one state each. */
export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1), action: z.enum(['SCHEDULE', 'SEND', 'CHASE', 'GIVE_UP']) }),
  async ({ complaintId, action }): Promise<unknown> => {
    switch (action) {
      case 'SCHEDULE': return scheduleComplaintFollowUp(complaintId);
      case 'SEND': return sendFollowUpRequest(complaintId, SENDER_EMAIL, toActionLinkConfig(links));
      case 'CHASE': return chaseFollowUp(complaintId, SENDER_EMAIL, toActionLinkConfig(links));
      case 'GIVE_UP': return giveUpFollowUp(complaintId);
    }
  },
);
