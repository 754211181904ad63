import { z } from 'zod';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { ImportKind } from '../../shared/domain/master-data-import.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { ImportRequest, importMasterData } from '../../shared/services/master-data-import.ts';

const policy = loadCompanyPolicy();

export const handler = httpHandler(
  { params: z.object({ kind: ImportKind }), body: ImportRequest },
  async ({ params, body, actorId }) => {
    const result = await importMasterData(params.kind, body, policy, { actorId });
    return { status: result.accepted ? 200 : 422, body: result };
  },
);
