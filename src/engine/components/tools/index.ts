/** Network and tool components (registered by components/index.ts through COMPONENTS). */
import type { ComponentClass } from '../../component/component';
import { APIRequestComponent } from './api-request.component';
import { URLComponent } from './url.component';
import { MCPToolsComponent } from './mcp-tools.component';
import { COMPONENTS as KNOWLEDGE_COMPONENTS } from '../knowledge';
import {
  ApifyActorsComponent,
  AssemblyAITranscriptionJobCreator,
  AssemblyAITranscriptionJobPoller,
  NeedleComponent,
  YfinanceComponent,
  YouTubeCommentsComponent,
  YouTubeTranscriptsComponent,
} from './services.components';
import { AgentQLComponent, ArXivComponent, ScrapeGraphSearchApiComponent, SearchComponent, TavilySearchComponent } from './search.components';

export { APIRequestComponent, URLComponent, AgentQLComponent, ArXivComponent, ScrapeGraphSearchApiComponent, SearchComponent, TavilySearchComponent };
export { MCPToolsComponent };
export { McpClient, mcpResultText } from './mcp-client';
export type { McpServerConfig, McpTool } from './mcp-client';
export {
  ApifyActorsComponent,
  AssemblyAITranscriptionJobCreator,
  AssemblyAITranscriptionJobPoller,
  NeedleComponent,
  YfinanceComponent,
  YouTubeCommentsComponent,
  YouTubeTranscriptsComponent,
};
export * from './toolkit';
export { currentDateTool, currentDateText, CurrentDateComponent } from './current-date';
import { CurrentDateComponent } from './current-date';

export const COMPONENTS: ComponentClass[] = [
  URLComponent,
  APIRequestComponent,
  TavilySearchComponent,
  SearchComponent,
  AgentQLComponent,
  ScrapeGraphSearchApiComponent,
  ArXivComponent,
  AssemblyAITranscriptionJobCreator,
  AssemblyAITranscriptionJobPoller,
  YouTubeCommentsComponent,
  YouTubeTranscriptsComponent,
  NeedleComponent,
  ApifyActorsComponent,
  YfinanceComponent,
  MCPToolsComponent,
  CurrentDateComponent,
  // local knowledge bases and vector store (components/knowledge)
  ...KNOWLEDGE_COMPONENTS,
];
