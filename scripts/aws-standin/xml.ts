import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** An XML document whose root element is `root` (its xmlns, when given, as AWS sends it). */
export function xmlDocument(root: string, body: unknown, xmlns?: string): string {
  const content = xmlns && isRecord(body) ? { '@_xmlns': xmlns, ...body } : body;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: content })}`;
}

/** Parses an XML request body (S3's CompleteMultipartUpload, DeleteObjects); text values stay strings. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One element or a list of them, as the parser gives repeated elements. */
export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
