/**
 * Supplies the valid values and the visibility of a key from the values of the keys it depends
 * on (its parents list it in `dependents`). Used by `ConfigDef.validate`, so the REST validate
 * endpoint shows `recommended_values` and `visible`. Throw ConfigException to report an error.
 */
export interface Recommender {
  /** Values should have the key's parsed type (a LIST key's recommendations are strings). */
  validValues(name: string, parsedConfig: Readonly<Record<string, unknown>>): unknown[];
  visible(name: string, parsedConfig: Readonly<Record<string, unknown>>): boolean;
}
