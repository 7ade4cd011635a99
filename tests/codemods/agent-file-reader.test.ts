import agentFileReaderEntry, { agentFileReader } from '../../codemods/agent-file-reader.js';
import { describeTransform } from './support/describe-transform.js';

describeTransform(agentFileReader, agentFileReaderEntry as never);
