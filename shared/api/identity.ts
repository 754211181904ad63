/**
 * How a signed-in person reaches a handler: the JWT authorizer (API Gateway in AWS, the local
 * HTTP API on a laptop) verifies the ID token and hands its claims on; this claim names the
 * person in master data. It is an immutable attribute of the user, set when the user is created.
 */
export const PERSON_ID_CLAIM = 'custom:personId';
