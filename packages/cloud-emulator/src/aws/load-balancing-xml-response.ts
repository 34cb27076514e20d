/**
 * The ELBv2 Query API's answers: `<ActionResponse><ActionResult>` in the
 * 2015-12-01 namespace with ResponseMetadata, lists as `<member>`, and errors
 * as `<ErrorResponse><Error><Type><Code><Message>`.
 */
import { renderXmlDocument, type XmlValue } from './xml-document.js';

export const loadBalancingXmlNamespace = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

export function renderLoadBalancingResponse(action: string, requestId: string, result: Record<string, XmlValue>): string {
  return renderXmlDocument(
    `${action}Response`,
    loadBalancingXmlNamespace,
    { [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } },
    'member',
  );
}

export function renderLoadBalancingError(code: string, message: string, requestId: string, httpStatus: number): string {
  return renderXmlDocument(
    'ErrorResponse',
    loadBalancingXmlNamespace,
    { Error: { Type: httpStatus >= 500 ? 'Receiver' : 'Sender', Code: code, Message: message }, RequestId: requestId },
    'member',
  );
}
