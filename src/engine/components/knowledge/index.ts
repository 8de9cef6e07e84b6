/** Local knowledge components (registered through components/tools/index.ts). */
import type { ComponentClass } from '../../component/component';
import { AstraDBVectorStoreComponent } from './astradb.component';
import { FaissVectorStoreComponent } from './faiss.component';
import { KnowledgeIngestionComponent, KnowledgeRetrievalComponent } from './knowledge-base.components';

export { AstraDBVectorStoreComponent, FaissVectorStoreComponent, KnowledgeIngestionComponent, KnowledgeRetrievalComponent };
export * from './vector-index';

export const COMPONENTS: ComponentClass[] = [KnowledgeIngestionComponent, KnowledgeRetrievalComponent, FaissVectorStoreComponent, AstraDBVectorStoreComponent];
