/**
 * The result of validating one key: its parsed value (null when absent or unparseable), the
 * values a recommender suggests, the error messages, and whether it should be shown.
 */
export class ConfigValue {
  constructor(
    readonly name: string,
    public value: unknown = null,
    public recommendedValues: unknown[] = [],
    readonly errorMessages: string[] = [],
    public visible = true,
  ) {}

  addErrorMessage(message: string): void {
    this.errorMessages.push(message);
  }
}
