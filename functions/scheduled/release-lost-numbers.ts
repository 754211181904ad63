import { z } from 'zod';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { companyYear } from '../../shared/domain/company-policy.ts';
import { sweepLostNumbers } from '../../shared/store/complaint-numbers.ts';

const policy = loadCompanyPolicy();

/**
 * Every few minutes (an EventBridge schedule): put back complaint numbers that a creation took
 * and never used because it died, so numbers stay gapless. This year's and, early in January,
 * last year's.
 */
export const handler = workflowHandler(
  z.object({ time: z.iso.datetime().optional() }).loose(),
  async ({ time }) => {
    const now = time ? new Date(time) : new Date();
    const year = companyYear(now, policy.timeZone);
    const [current, previous] = await Promise.all([sweepLostNumbers(year, now), sweepLostNumbers(year - 1, now)]);
    return { [year]: current, [year - 1]: previous };
  },
);
