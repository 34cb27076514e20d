/** One emulated EC2 action: reads its query parameters, changes the state, returns the body of its XML answer. */
import type { Ec2State } from './ec2-state.js';
import type { QueryParameters } from './query-parameters.js';
import type { XmlValue } from './xml-document.js';

export type Ec2Action = (state: Ec2State, parameters: QueryParameters) => Record<string, XmlValue>;
