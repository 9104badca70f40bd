/**
 * The intents of the public interface (spec §2). Understanding owns the list: the classifier is
 * trained on it and the conversation engine decides on it.
 */

export const intents = [
  'documents',
  'duration',
  'fees',
  'where',
  'online',
  'steps',
  'forms',
  'requirements',
  'overview',
  'browse',
  'dossier_status',
  'subscribe',
  'unsubscribe',
  'greeting',
  'thanks',
  'help',
  'handoff',
  'feedback',
  'out_of_scope',
] as const;
export type Intent = (typeof intents)[number];

/** Questions about one procedure, answered from its catalog record. */
export const procedureIntents = ['documents', 'duration', 'fees', 'where', 'online', 'steps', 'forms', 'requirements', 'overview'] as const;
export type ProcedureIntent = (typeof procedureIntents)[number];

export function isProcedureIntent(intent: string | undefined): intent is ProcedureIntent {
  return (procedureIntents as readonly string[]).includes(intent ?? '');
}
