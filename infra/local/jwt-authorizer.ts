import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { LocalModel } from './cloud-model.ts';
import { LOCAL_REGION } from './cloud-model.ts';

/**
 * API Gateway's JWT authorizer, on loopback, for the authorizers in the synthesized template: the
 * token from the identity source (the Authorization header, with or without "Bearer"), its
 * signature against the issuer's JWKS, `iss` equal to the configured issuer, `exp`/`nbf`, and
 * `aud` — or, for access tokens, `client_id` — among the configured audiences. Verified claims
 * reach the function as API Gateway passes them: every value a string, lists as "[a b]".
 *
 * The only local difference is where the issuer lives: Cognito's issuer URL
 * (https://cognito-idp.<region>.amazonaws.com/<pool>) is read at the local provider's endpoint.
 */
export function jwtAuthorizers(model: LocalModel, identityEndpoint: string | undefined) {
  const verifiers = new Map([...model.authorizers].map(([id, config]) => {
    const cognitoIssuer = `https://cognito-idp.${LOCAL_REGION}.amazonaws.com`;
    const issuer = identityEndpoint && config.issuer.startsWith(cognitoIssuer)
      ? identityEndpoint + config.issuer.slice(cognitoIssuer.length)
      : config.issuer;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    return [id, { issuer, audience: config.audience, jwks }] as const;
  }));

  /** The claims API Gateway would hand the function, or undefined when API Gateway answers 401. */
  return async (authorizerId: string, headers: Record<string, string>): Promise<Record<string, string> | undefined> => {
    const verifier = verifiers.get(authorizerId);
    if (!verifier) throw new Error(`local cloud: no authorizer ${authorizerId}`);
    const token = headers.authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    let payload: JWTPayload;
    try {
      // As API Gateway: the header names its key, and a token is not issued in the future.
      if (!decodeProtectedHeader(token).kid) return undefined;
      ({ payload } = await jwtVerify(token, verifier.jwks, { issuer: verifier.issuer, algorithms: ['RS256'] }));
    } catch {
      return undefined;
    }
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + 5) return undefined;
    const audiences = [payload.aud ?? payload.client_id].flat().filter((a): a is string => typeof a === 'string');
    if (!audiences.some((a) => verifier.audience.includes(a))) return undefined;
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
  };
}
