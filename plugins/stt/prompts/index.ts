/**
 * Prompt assets (PRODUCT.md §7): the `salehi-engine prompts` command and the pieces the engine or
 * another plugin may reuse (e.g. a startup sync). Nothing here runs during a call.
 */
export { promptsCommand, createPromptsCommand, PROMPTS_USAGE, type PromptsCommandDeps } from './prompts.command';
export { syncPrompts, type SyncOptions, type SyncDeps } from './prompt-sync';
export { formatSyncReport, syncExitCode, countActions, type SyncReport, type FileOutcome, type FileAction } from './sync-report';
export { installRoots, COMMON_SCENARIO, PROMPT_FORMATS, type PromptFormat } from './prompt-paths';
export { convertPrompt, CONVERSION_PIPELINE, type ConvertedPrompt } from './prompt-convert';
export { ViraTtsClient, type TtsRequest, type TtsAudio } from './vira-tts.client';
export { MANIFEST_NAME } from './prompt-manifest';
