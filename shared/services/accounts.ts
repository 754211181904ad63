import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand,
  AdminGetUserCommand, AdminListGroupsForUserCommand, AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand, CognitoIdentityProviderClient, type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PERSON_ID_CLAIM } from '../api/identity.ts';
import { createHash } from 'node:crypto';
import { Role, type Person } from '../domain/model.ts';

/** What an account is synced from; a change to any of these needs a sync. */
export function accountDigest(person: Person): string {
  const { personId, name, email, phone, roles } = person;
  return createHash('sha256').update(JSON.stringify([personId, name, email, phone, [...roles].sort(), person.active !== false])).digest('base64url');
}

const cognito = new CognitoIdentityProviderClient({});

export type AccountOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'DISABLED' | 'NO_ACCOUNT';

/** The user attributes a person's account carries (the person id is set once, at creation). */
function profileAttributes(person: Person): AttributeType[] {
  return [
    { Name: 'name', Value: person.name },
    // Not marked verified: whoever controls the import's email column must not be able to reset
    // the person's password. People verify their address themselves.
    ...(person.email ? [{ Name: 'email', Value: person.email }] : []),
    ...(person.phone ? [{ Name: 'phone_number', Value: person.phone }] : []),
  ];
}

/**
 * The person's user, or undefined when there is none. Usernames are case-insensitive in the
 * pool, so a user found under this name may be another person's: that is refused, never taken over.
 */
async function accountOf(userPoolId: string, personId: string) {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: personId })).catch((error: Error) => {
    if (error.name === 'UserNotFoundException') return undefined;
    throw error;
  });
  if (user && user.UserAttributes?.find((a) => a.Name === PERSON_ID_CLAIM)?.Value !== personId) {
    throw Object.assign(new Error(`the username ${personId} belongs to the account of another person`), { name: 'AccountOfAnotherPerson' });
  }
  return user;
}

/**
 * Bring the person's user account in line with the person record: created (Cognito sends the
 * invitation with a temporary password) when a new active person is imported, profile and groups
 * updated, disabled when the person is inactive. Every call is idempotent, so a failed or
 * repeated sync is simply run again. The username is the person id.
 */
export async function syncAccount(userPoolId: string, person: Person): Promise<AccountOutcome> {
  const Username = person.personId;
  // Records written before people could be deactivated have no flag: they are active.
  const active = person.active !== false;
  const existing = await accountOf(userPoolId, person.personId);
  if (!existing && !active) return 'NO_ACCOUNT';
  let changed = false;
  if (!existing) {
    await cognito.send(new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username,
      UserAttributes: [{ Name: PERSON_ID_CLAIM, Value: person.personId }, ...profileAttributes(person)],
      DesiredDeliveryMediums: person.email ? ['EMAIL'] : ['SMS'],
    }));
  } else {
    const current = new Map((existing.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    const stale = profileAttributes(person).filter((a) => current.get(a.Name) !== a.Value);
    if (stale.length) {
      await cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username, UserAttributes: stale }));
      changed = true;
    }
  }

  const groups = existing
    ? ((await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username }))).Groups ?? []).map((g) => g.GroupName!)
    : [];
  const wanted = active ? person.roles : [];
  for (const role of wanted.filter((r) => !groups.includes(r))) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username, GroupName: role }));
    changed = true;
  }
  // Only the role groups are ours; a group a company adds by hand is left alone.
  for (const group of groups.filter((g) => Role.safeParse(g).success && !wanted.includes(g as Role))) {
    await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username, GroupName: group }));
    changed = true;
  }

  if (existing && existing.Enabled !== active) {
    // Disabling also revokes the user's tokens in Cognito; the API refuses an inactive person
    // on their next request in any case (shared/services/people.ts).
    await cognito.send(active
      ? new AdminEnableUserCommand({ UserPoolId: userPoolId, Username })
      : new AdminDisableUserCommand({ UserPoolId: userPoolId, Username }));
    return active ? 'UPDATED' : 'DISABLED';
  }
  if (!existing) return 'CREATED';
  if (!changed) return 'UNCHANGED';
  return active ? 'UPDATED' : 'DISABLED';
}

/**
 * The first master-data administrator of a new deployment (nobody can sign in to import people
 * before there is one): the person is written with the MASTER_DATA_ADMIN role added to any roles
 * they hold already, and their account is created, which sends the invitation. Safe to repeat.
 */
export async function appointAdministrator(userPoolId: string, input: Pick<Person, 'personId' | 'name' | 'email'>) {
  const { getPerson, putPerson } = await import('../store/master-data.ts');
  const existing = await getPerson(input.personId);
  const person: Person = existing
    ? { ...existing, email: existing.email ?? input.email, active: true, roles: [...new Set([...existing.roles, 'MASTER_DATA_ADMIN' as const])] }
    : { ...input, roles: ['MASTER_DATA_ADMIN'], locale: 'zh-CN', channels: ['EMAIL'], active: true };
  // Before anything is written: the username must not be another person's account.
  await accountOf(userPoolId, person.personId);
  await putPerson(person);
  return { person, account: await syncAccount(userPoolId, person) };
}
