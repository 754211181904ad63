import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ResponseFormatKind } from '../domain/response-revision.ts';
import type { TemplateUse } from '../documents/template.ts';
import { key } from '../table-keys.ts';
import { db, tableName, withoutKeys } from './db.ts';

/** A customer's own DOCX template, checked on upload; the object is never overwritten. */
export interface ResponseTemplate {
  objectKey: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  placeholders: TemplateUse;
  uploadedBy: string;
  uploadedAt: string;
}

/**
 * How a customer wants responses, kept apart from the customer's master-data record so that a
 * master-data import (which replaces customers) never drops an uploaded template.
 */
export interface CustomerResponseFormat {
  customerCode: string;
  format: ResponseFormatKind;
  template?: ResponseTemplate;
  updatedBy?: string;
  updatedAt?: string;
}

/** The customer's setting; the built-in letter until someone chose otherwise. */
export async function getResponseFormat(customerCode: string): Promise<CustomerResponseFormat> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.responseFormat(customerCode), ConsistentRead: true }));
  return withoutKeys<CustomerResponseFormat>(out.Item) ?? { customerCode, format: 'LETTER' };
}

export async function putResponseFormat(setting: CustomerResponseFormat): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...key.responseFormat(setting.customerCode), entity: 'ResponseFormat', ...setting } }));
}
