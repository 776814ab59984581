/**
 * The user-facing definition of a KPI in one language: the exact rule (`formula`), and for ratios
 * what the numerator and denominator are, and when the figure is provisional. English is the
 * catalogue's own text (`KpiDefinition`); Chinese and Spanish are kept beside it, one entry per
 * KPI, the same rules in each (a unit test checks each KPI has all three, with the same parts).
 */
export interface DefinitionText {
  readonly formula: string;
  readonly numerator?: string;
  readonly denominator?: string;
  readonly provisional?: string;
}

/** By KPI id. */
export type DefinitionTexts = Readonly<Record<string, DefinitionText>>;
