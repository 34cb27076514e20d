/**
 * The EC2 Query API's answers: `<ActionResponse>` in the 2016-11-15 namespace
 * with a requestId, and errors as `<Response><Errors><Error>` with the code the
 * SDK raises as the error's name.
 */
import { renderXmlDocument, type XmlValue } from './xml-document.js';

export const ec2XmlNamespace = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function renderEc2Response(action: string, requestId: string, body: Record<string, XmlValue>): string {
  return renderXmlDocument(`${action}Response`, ec2XmlNamespace, { requestId, ...body }, 'item');
}

export function renderEc2Error(code: string, message: string, requestId: string): string {
  return renderXmlDocument('Response', undefined, { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId }, 'item');
}
