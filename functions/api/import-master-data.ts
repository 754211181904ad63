import { contract } from '../../shared/api/contract.ts';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { importMasterData } from '../../shared/services/master-data-import.ts';

const policy = loadCompanyPolicy();

export const handler = httpHandler(contract.ImportMasterData, async ({ params, body, actorId }) => {
  const result = await importMasterData(params.kind, body, policy, { actorId });
  return { status: result.accepted ? 200 : 422, body: result };
});
