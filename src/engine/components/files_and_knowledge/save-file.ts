import { Component, setCurrentFields } from '../../component/component';
import { BoolInput, DropdownInput, HandleInput, Output, SecretStrInput, SortableListInput, StrInput } from '../../component/fields';
import { rowsToMarkdown } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { toCsv } from './csv';

const MESSAGE_FORMATS = ['txt', 'json', 'markdown'];
const DATA_FORMATS = ['csv', 'excel', 'json', 'markdown'];

/** Write File: saves a Message / Data / DataFrame through the file storage port. */
export class SaveToFileComponent extends Component {
  static override readonly meta = {
    name: 'SaveToFile',
    displayName: 'Write File',
    description: 'Save data to local file, AWS S3, or Google Drive in the selected format.',
    icon: 'file-text',
    category: 'files_and_knowledge',
    module: 'lfx.components.files_and_knowledge.save_file.SaveToFileComponent',
    modules: ['lfx.components.files_and_knowledge.save_file.SaveToFileComponent', 'lfx.components.data.save_file.SaveToFileComponent'],
    aliases: ['SaveToFileComponent'],
    documentation: 'https://docs.langflow.org/components-processing#save-file',
  };
  static override readonly inputs = [
    SortableListInput({ name: 'storage_location', display_name: 'Storage Location', info: 'Choose where to save the file.', placeholder: 'Select Location', options: [{ name: 'Local', icon: 'hard-drive' }, { name: 'AWS', icon: 'Amazon' }, { name: 'Google Drive', icon: 'google' }], real_time_refresh: true, limit: 1 }),
    HandleInput({ name: 'input', display_name: 'File Content', info: 'The input to save.', dynamic: true, input_types: ['Data', 'DataFrame', 'Message'], required: true }),
    StrInput({ name: 'file_name', display_name: 'File Name', info: 'Name file will be saved as (without extension).', required: true }),
    BoolInput({ name: 'append_mode', display_name: 'Append', info: 'Append to file if it exists (only for Local storage with plain text formats). Not supported for cloud storage (AWS/Google Drive).', value: false }),
    DropdownInput({ name: 'local_format', display_name: 'File Format', options: ['csv', 'excel', 'json', 'markdown', 'txt'], info: 'Select the file format for local storage.', value: '' }),
    DropdownInput({ name: 'aws_format', display_name: 'File Format', options: ['txt', 'json', 'csv', 'xml', 'html', 'md', 'yaml', 'log', 'tsv', 'jsonl', 'parquet', 'xlsx', 'zip'], info: 'Select the file format for AWS S3 storage.', value: 'txt', show: false }),
    DropdownInput({ name: 'gdrive_format', display_name: 'File Format', options: ['txt', 'json', 'csv', 'xlsx', 'slides', 'docs', 'jpg', 'mp3'], info: 'Select the file format for Google Drive storage.', value: 'txt', show: false }),
    SecretStrInput({ name: 'aws_access_key_id', display_name: 'AWS Access Key ID', info: 'AWS Access key ID.', show: false, advanced: true, required: true, load_from_db: false }),
    SecretStrInput({ name: 'aws_secret_access_key', display_name: 'AWS Secret Key', info: 'AWS Secret Key.', show: false, advanced: true, required: true, load_from_db: false }),
    StrInput({ name: 'bucket_name', display_name: 'S3 Bucket Name', info: 'Enter the name of the S3 bucket.', show: false, advanced: true, required: true }),
    StrInput({ name: 'aws_region', display_name: 'AWS Region', info: 'AWS region (e.g., us-east-1, eu-west-1).', show: false, advanced: true }),
    StrInput({ name: 's3_prefix', display_name: 'S3 Prefix', info: 'Prefix for all files in S3.', show: false, advanced: true }),
    SecretStrInput({ name: 'service_account_key', display_name: 'GCP Credentials Secret Key', info: 'Your Google Cloud Platform service account JSON key as a secret string (complete JSON content).', show: false, advanced: true, required: true, load_from_db: false }),
    StrInput({ name: 'folder_id', display_name: 'Google Drive Folder ID', info: 'The Google Drive folder ID where the file will be uploaded. The folder must be shared with the service account email.', show: false, advanced: true, required: true }),
  ];
  static override readonly outputs = [Output({ display_name: 'File Path', name: 'message', method: 'save_to_file', types: ['Message'] })];

  static readonly locationFields: Record<string, string[]> = {
    Local: ['file_name', 'local_format', 'append_mode'],
    AWS: ['file_name', 'aws_format', 'aws_access_key_id', 'aws_secret_access_key', 'bucket_name', 'aws_region', 's3_prefix'],
    'Google Drive': ['file_name', 'gdrive_format', 'service_account_key', 'folder_id'],
  };

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'storage_location') return;
    const loc = Array.isArray(value) ? (value[0] as any)?.name : (value as any)?.name;
    setCurrentFields(node.template, SaveToFileComponent.locationFields, loc ?? null, ['storage_location', 'input']);
  }

  private inputType(): 'Message' | 'Data' | 'DataFrame' {
    const v = this.params.input;
    if (v instanceof DataFrame) return 'DataFrame';
    if (v instanceof Message) return 'Message';
    if (v instanceof Data) return 'Data';
    throw new Error(`Unsupported input type: ${v === null || v === undefined ? 'NoneType' : typeof v}`);
  }

  async save_to_file(): Promise<Message> {
    const p = this.params;
    if (!p.file_name) throw new Error('File name must be provided.');
    const loc = Array.isArray(p.storage_location) ? p.storage_location[0]?.name : p.storage_location?.name;
    if (loc && loc !== 'Local') throw new Error(`Storage location ${loc} is not supported by this server.`);
    const type = this.inputType();
    const fmt: string = p.local_format || (type === 'DataFrame' ? 'csv' : 'json');
    const allowed = type === 'Message' ? MESSAGE_FORMATS : DATA_FORMATS;
    if (!allowed.includes(fmt)) throw new Error(`Invalid file format '${fmt}' for ${type}. Allowed: [${allowed.map((f) => `'${f}'`).join(', ')}]`);
    if (fmt === 'excel') throw new Error('The excel format is not supported by this server.');
    const ext = fmt === 'markdown' ? 'markdown' : fmt;
    let name: string = String(p.file_name);
    if (!name.toLowerCase().endsWith('.' + ext)) name = `${name}.${ext}`;
    const v = p.input;
    let content: string;
    if (type === 'Message') {
      const text = (v as Message).getText();
      content = fmt === 'txt' ? text : fmt === 'json' ? JSON.stringify({ message: text }, null, 2) : `**Message:**\n\n${text}`;
    } else {
      const rows = type === 'DataFrame' ? (v as DataFrame).rows : dataRows(v as Data);
      content = fmt === 'csv' ? toCsv(rows) : fmt === 'json' ? JSON.stringify(type === 'DataFrame' ? rows : (v as Data).data, null, 2) : rowsToMarkdown(rows);
    }
    const dir = this.ctx.userId ?? this.ctx.flowId;
    const path = await this.ctx.ports.files.write(`${dir}/${name}`, content);
    const m = new Message({ text: `${type} saved successfully as '${name}' at ${path}` });
    this.status = m;
    return m;
  }
}

function dataRows(d: Data): Record<string, unknown>[] {
  const vals = Object.values(d.data);
  if (vals.length && vals.every(Array.isArray)) {
    const n = Math.max(...vals.map((x) => (x as unknown[]).length));
    return Array.from({ length: n }, (_, i) => Object.fromEntries(Object.entries(d.data).map(([k, x]) => [k, (x as unknown[])[i]])));
  }
  return [d.data];
}
