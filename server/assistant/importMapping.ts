// ai.suggestImportMapping: when an import's preview meets headers the alias table does not know, Claude suggests
// which of the still-open fields they hold. Only a suggestion: the client shows it, the user confirms each pair,
// and the confirmed mapping goes through imports.preview / imports.start and their checks like any other.
import type { AiSuggestImportMapping } from '../../shared/schemas/assistant';
import { quotedData } from '../domain/assistant/dealReview';
import { acceptedSuggestions, columnSamples, IMPORT_MAPPING_SYSTEM, IMPORT_MAPPING_TOOL, importMappingTool, type MappingSuggestion, openMapping } from '../domain/assistant/importMapping';
import { proposeAnalysisMapping } from '../domain/hygiene/fileFacts';
import { proposeMapping } from '../domain/imports/fields';
import { getUpload } from '../imports/uploadStore';
import { aiFailureMessage, anthropicClient, NOT_CONFIGURED_MESSAGE } from '../integrations/anthropic';
import type { Actor } from '../lib/actor';
import { invalid } from '../lib/errors';
import type { AssistantDeps } from './dealReview';

const MAX_TOKENS = 1024;

export interface ImportMappingAnswer {
  suggestions: MappingSuggestion[];
  /** Suggestions left out because they named a field we do not have or a column that is not open. */
  dropped: number;
  /** Open columns Claude was asked about. */
  asked: number;
}

/** Refused up front when AI is not configured or the upload is not the user's; a failed call is a clear 4xx message. */
export async function suggestImportMapping(deps: AssistantDeps, actor: Actor, input: AiSuggestImportMapping): Promise<ImportMappingAnswer> {
  const client = anthropicClient(deps.env.anthropic);
  if (!client) throw invalid(NOT_CONFIGURED_MESSAGE);
  const upload = await getUpload(deps.db, actor, input.uploadId);
  const analysis = input.target === 'analysis';
  if (analysis && input.entity !== 'opportunities') throw invalid('A file analysis reads opportunities only');
  const mapping = input.mapping ?? (analysis ? proposeAnalysisMapping(upload.columns) : proposeMapping(input.entity, upload.columns));
  const open = openMapping(input.entity, upload.columns, mapping, input.target);
  if (open.columns.length === 0 || open.fields.length === 0) return { suggestions: [], dropped: 0, asked: 0 };
  const data = { importing: input.entity, columns: columnSamples(upload.columns, open.columns, upload.sample) };
  const started = Date.now();
  try {
    const message = await client.messages.create({
      model: deps.env.anthropic.model,
      max_tokens: MAX_TOKENS,
      system: IMPORT_MAPPING_SYSTEM,
      messages: [{ role: 'user', content: `Suggest a mapping for these columns.\n<file_data>\n${quotedData(data)}\n</file_data>` }],
      tools: [importMappingTool(open.fields)],
      tool_choice: { type: 'tool', name: IMPORT_MAPPING_TOOL },
    });
    const call = message.content.find((block) => block.type === 'tool_use' && block.name === IMPORT_MAPPING_TOOL);
    const result = acceptedSuggestions(open, call && call.type === 'tool_use' ? call.input : null);
    deps.log.info('assistant: import mapping suggested', {
      uploadId: upload.id,
      asked: open.columns.length,
      suggested: result.suggestions.length,
      dropped: result.dropped,
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      latencyMs: Date.now() - started,
    });
    return { ...result, asked: open.columns.length };
  } catch (error) {
    deps.log.warn('assistant: import mapping suggestion failed', { uploadId: upload.id, error });
    throw invalid(aiFailureMessage(error));
  }
}
