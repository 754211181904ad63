import { z } from 'zod';
import { loadCompanyPolicy, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { importMasterData } from '../../shared/services/master-data-import.ts';

const { USER_POOL_ID } = loadConfig({ USER_POOL_ID: z.string().min(1) });
const policy = loadCompanyPolicy();

export const handler = staffHandler('ImportMasterData', async ({ params, body }) => {
  const result = await importMasterData(params.kind, body, policy, { userPoolId: USER_POOL_ID });
  return { status: result.accepted ? 200 : 422, body: result };
});
