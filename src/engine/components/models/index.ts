/** Model components (registered by components/index.ts through COMPONENTS). */
import type { ComponentClass } from '../../component/component';
import { BatchRunComponent } from './batch-run.component';
import { EmbeddingModelComponent, OpenAIEmbeddingsComponent } from './embeddings.component';
import { LanguageModelComponent, OpenAIModelComponent } from './language-model.component';
import { StructuredOutputComponent } from './structured-output.component';

export { BatchRunComponent, EmbeddingModelComponent, OpenAIEmbeddingsComponent, LanguageModelComponent, OpenAIModelComponent, StructuredOutputComponent };

export const COMPONENTS: ComponentClass[] = [
  LanguageModelComponent,
  OpenAIModelComponent,
  StructuredOutputComponent,
  BatchRunComponent,
  EmbeddingModelComponent,
  OpenAIEmbeddingsComponent,
];
