import { safeUnzip } from '../../../lib/safe-unzip';
import { Component } from '../../component/component';
import { BoolInput, DropdownInput, FileInput, HandleInput, IntInput, MessageTextInput, Output, SecretStrInput, SortableListInput, StrInput } from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { parseCsv } from './csv';

export const TEXT_FILE_TYPES = [
  'csv', 'json', 'txt', 'md', 'mdx', 'yaml', 'yml', 'xml', 'html', 'htm', 'py', 'sh', 'sql', 'js', 'ts', 'tsx',
  'adoc', 'asciidoc', 'asc', 'xhtml', 'docx',
];

interface LoadedFile {
  path: string;
  ext: string;
  text: string;
  rows?: Record<string, unknown>[];
  json?: unknown;
}

/** File: loads uploaded files (through the file storage port) as text, rows or JSON. */
export class FileComponent extends Component {
  static override readonly meta = {
    name: 'File',
    displayName: 'Read File',
    description: 'Loads and returns the content from uploaded files.',
    icon: 'file-text',
    category: 'files_and_knowledge',
    module: 'lfx.components.files_and_knowledge.file.FileComponent',
    modules: ['lfx.components.files_and_knowledge.file.FileComponent', 'lfx.components.data.file.FileComponent'],
    aliases: ['FileComponent'],
    documentation: 'https://docs.langflow.org/components-data#file',
  };
  static override readonly inputs = [
    SortableListInput({ name: 'storage_location', display_name: 'Storage Location', info: 'Choose where to read the file from.', placeholder: 'Select Location', options: [{ name: 'Local', icon: 'hard-drive' }, { name: 'AWS', icon: 'Amazon' }, { name: 'Google Drive', icon: 'google' }], real_time_refresh: true, limit: 1 }),
    FileInput({ name: 'path', display_name: 'Files', fileTypes: TEXT_FILE_TYPES, info: `Supported file extensions: ${TEXT_FILE_TYPES.join(', ')}`, list: true, real_time_refresh: true, file_path: [] }),
    HandleInput({ name: 'file_path', display_name: 'Server File Path', info: "Data object with a 'file_path' property pointing to server file or a Message object with a path to the file. Supercedes 'Path' but supports same file types.", input_types: ['Data', 'Message'], list: true, advanced: true }),
    StrInput({ name: 'separator', display_name: 'Separator', value: '\n\n', info: 'Specify the separator to use between multiple outputs in Message format.', advanced: true }),
    BoolInput({ name: 'silent_errors', display_name: 'Silent Errors', advanced: true, info: 'If true, errors will not raise an exception.' }),
    BoolInput({ name: 'delete_server_file_after_processing', display_name: 'Delete Server File After Processing', advanced: true, value: true, info: 'If true, the Server File Path will be deleted after processing.' }),
    BoolInput({ name: 'ignore_unsupported_extensions', display_name: 'Ignore Unsupported Extensions', advanced: true, value: true, info: 'If true, files with unsupported extensions will not be processed.' }),
    BoolInput({ name: 'ignore_unspecified_files', display_name: 'Ignore Unspecified Files', advanced: true, value: false, info: "If true, Data with no 'file_path' property will be ignored." }),
    StrInput({ name: 'file_path_str', display_name: 'File Path', info: "Path to the file to read. Used when component is called as a tool. If not provided, will use the uploaded file from 'path' input.", advanced: true, tool_mode: true }),
    BoolInput({ name: 'advanced_mode', display_name: 'Advanced Parser', value: false, real_time_refresh: true, info: 'Enable advanced document processing and export with Docling for PDFs, images, and office documents. Note that advanced document processing can consume significant resources.' }),
    DropdownInput({ name: 'pipeline', display_name: 'Pipeline', info: 'Docling pipeline to use', options: ['standard', 'vlm'], value: 'standard', advanced: true, real_time_refresh: true, show: false }),
    DropdownInput({ name: 'ocr_engine', display_name: 'OCR Engine', info: "OCR engine to use. Only available when pipeline is set to 'standard'.", options: ['None', 'easyocr'], value: 'easyocr', advanced: true, show: false }),
    BoolInput({ name: 'markdown', display_name: 'Markdown Export', info: 'Export processed documents to Markdown format. Only available when advanced mode is enabled.', value: false, show: false }),
    StrInput({ name: 'md_image_placeholder', display_name: 'Image placeholder', info: 'Specify the image placeholder for markdown exports.', value: '<!-- image -->', advanced: true, show: false }),
    StrInput({ name: 'md_page_break_placeholder', display_name: 'Page break placeholder', info: 'Add this placeholder between pages in the markdown output.', value: '', advanced: true, show: false }),
    MessageTextInput({ name: 'doc_key', display_name: 'Doc Key', info: 'The key to use for the DoclingDocument column.', value: 'doc', advanced: true, show: false }),
    BoolInput({ name: 'use_multithreading', display_name: '[Deprecated] Use Multithreading', advanced: true, value: true, info: "Set 'Processing Concurrency' greater than 1 to enable multithreading." }),
    SecretStrInput({ name: 'aws_access_key_id', display_name: 'AWS Access Key ID', info: 'AWS Access key ID.', show: false, required: true }),
    SecretStrInput({ name: 'aws_secret_access_key', display_name: 'AWS Secret Key', info: 'AWS Secret Key.', show: false, required: true }),
    StrInput({ name: 'bucket_name', display_name: 'S3 Bucket Name', info: 'Enter the name of the S3 bucket.', show: false, required: true }),
    StrInput({ name: 'aws_region', display_name: 'AWS Region', info: 'AWS region (e.g., us-east-1, eu-west-1).', show: false }),
    StrInput({ name: 's3_file_key', display_name: 'S3 File Key', info: 'The key (path) of the file in S3 bucket.', show: false, required: true }),
    SecretStrInput({ name: 'service_account_key', display_name: 'GCP Credentials Secret Key', info: 'Your Google Cloud Platform service account JSON key as a secret string (complete JSON content).', show: false, required: true }),
    StrInput({ name: 'file_id', display_name: 'Google Drive File ID', info: 'The Google Drive file ID to read. The file must be shared with the service account email.', show: false, required: true }),
    IntInput({ name: 'concurrency_multithreading', display_name: 'Processing Concurrency', advanced: true, value: 1, info: 'When multiple files are being processed, the number of files to process concurrently.' }),
  ];
  static override readonly outputs = [
    Output({ display_name: 'Raw Content', name: 'message', method: 'load_files_message', types: ['Message'] }),
    Output({ display_name: 'Structured Content', name: 'dataframe', method: 'load_files_structured', types: ['DataFrame'] }),
    Output({ display_name: 'File Path', name: 'path', method: 'load_files_path', types: ['Message'] }),
  ];

  private cache?: Promise<LoadedFile[]>;

  private paths(): string[] {
    const p = this.params;
    const out: string[] = [];
    const fromHandle = Array.isArray(p.file_path) ? p.file_path : p.file_path ? [p.file_path] : [];
    for (const x of fromHandle) {
      if (x instanceof Message) out.push(x.getText());
      else if (x instanceof Data) {
        const fp = x.data.file_path;
        if (fp) out.push(String(fp));
        else if (!p.ignore_unspecified_files) throw new Error("Data object is missing 'file_path' property.");
      } else if (typeof x === 'string' && x) out.push(x);
    }
    if (out.length) return out;
    if (typeof p.file_path_str === 'string' && p.file_path_str) return [p.file_path_str];
    const v = p.path;
    if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' && x);
    return typeof v === 'string' && v ? [v] : [];
  }

  private load(): Promise<LoadedFile[]> {
    this.cache ??= this.loadAll();
    return this.cache;
  }

  private async loadAll(): Promise<LoadedFile[]> {
    const paths = this.paths();
    if (!paths.length) throw new Error('No files to process.');
    const out: LoadedFile[] = [];
    for (const path of paths) {
      this.checkAborted();
      const ext = (path.split('.').pop() ?? '').toLowerCase();
      if (!TEXT_FILE_TYPES.includes(ext)) {
        if (this.params.ignore_unsupported_extensions !== false || this.params.silent_errors) continue;
        throw new Error(`Unsupported file type: ${ext}`);
      }
      try {
        const buf = await this.ctx.ports.files.read(path);
        const f: LoadedFile = { path, ext, text: '' };
        if (ext === 'docx') f.text = await docxText(buf);
        else f.text = buf.toString('utf8');
        if (ext === 'csv') f.rows = parseCsv(f.text);
        if (ext === 'json') f.json = JSON.parse(f.text);
        out.push(f);
      } catch (e) {
        if (this.params.silent_errors) continue;
        throw e;
      }
    }
    return out;
  }

  async load_files_message(): Promise<Message> {
    const files = await this.load();
    const text = files.map((f) => f.text).join(this.params.separator ?? '\n\n');
    const m = new Message({ text });
    this.status = m;
    return m;
  }

  async load_files_structured(): Promise<DataFrame> {
    const files = await this.load();
    if (files.length === 1) {
      const f = files[0];
      if (f.rows) return new DataFrame(f.rows);
      if (Array.isArray(f.json) && f.json.every((x) => x && typeof x === 'object')) return new DataFrame(f.json as Record<string, unknown>[]);
      if (f.json && typeof f.json === 'object') return new DataFrame([f.json as Record<string, unknown>]);
    }
    return this.load_files();
  }

  async load_files(): Promise<DataFrame> {
    const files = await this.load();
    return new DataFrame(files.map((f) => ({ text: f.text, file_path: f.path })));
  }

  async load_files_json(): Promise<Data> {
    const files = await this.load();
    const j = files[0]?.json;
    return new Data(j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : { results: j });
  }

  async load_files_path(): Promise<Message> {
    const files = await this.load();
    return new Message({ text: files.map((f) => f.path).join('\n') });
  }
}

async function docxText(buf: Buffer): Promise<string> {
  // A .docx is a ZIP from the user: read it with the zip-slip and zip-bomb limits.
  const entries = await safeUnzip(buf, { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024 });
  const xml = entries.find((e) => e.path === 'word/document.xml')?.data.toString('utf8');
  if (!xml) throw new Error('Invalid docx file');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1])).join(''))
    .filter((l) => l !== '')
    .join('\n');
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
