import { ApiKey } from '../api-keys/api-key.entity';
import { UserFile } from '../files/user-file.entity';
import { Flow } from '../flows/flow.entity';
import { MessageRow } from '../monitor/message.entity';
import { TransactionRow } from '../monitor/transaction.entity';
import { VertexBuildRow } from '../monitor/vertex-build.entity';
import { Folder } from '../projects/folder.entity';
import { User } from '../users/user.entity';
import { Variable } from '../variables/variable.entity';

/** Every entity, listed explicitly: globs break under SWC and bundlers. */
export const entities = [
  User,
  ApiKey,
  Folder,
  Flow,
  Variable,
  UserFile,
  MessageRow,
  TransactionRow,
  VertexBuildRow,
];
