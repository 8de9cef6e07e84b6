/** Network and tool components (registered by components/index.ts through COMPONENTS). */
import type { ComponentClass } from '../../component/component';
import { APIRequestComponent } from './api-request.component';
import { URLComponent } from './url.component';
import { COMPONENTS as KNOWLEDGE_COMPONENTS } from '../knowledge';
import { AgentQLComponent, ArXivComponent, ScrapeGraphSearchApiComponent, SearchComponent, TavilySearchComponent } from './search.components';

export { APIRequestComponent, URLComponent, AgentQLComponent, ArXivComponent, ScrapeGraphSearchApiComponent, SearchComponent, TavilySearchComponent };
export * from './toolkit';
export { currentDateTool, currentDateText } from './current-date';

export const COMPONENTS: ComponentClass[] = [
  URLComponent,
  APIRequestComponent,
  TavilySearchComponent,
  SearchComponent,
  AgentQLComponent,
  ScrapeGraphSearchApiComponent,
  ArXivComponent,
  // local knowledge bases and vector store (components/knowledge)
  ...KNOWLEDGE_COMPONENTS,
];
