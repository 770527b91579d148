import { LinkplateError, type SourcePosition } from "../diagnostics/errors.js";

/**
 * An error the test helpers themselves raise in Ruby (an unknown rendered path, a link the job does
 * not consume, a missing template file), with Ruby's class and exact text as the message, so
 * `toThrow("Link 'x' is not declared as a consumed link in this job.")` reads like the RSpec original.
 */
export class TemplateTestError extends LinkplateError {
  override name = "TemplateTestError";
  readonly rubyClass: string;
  readonly rubyMessage: string;
  constructor(rubyClass: string, rubyMessage: string, pos: Partial<SourcePosition> = {}) {
    super(rubyMessage, pos);
    this.rubyClass = rubyClass;
    this.rubyMessage = rubyMessage;
  }
}
