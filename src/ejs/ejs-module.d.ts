// ejs 7 ships no type declarations; this declares the one class linkplate uses.
declare module "ejs" {
  interface TemplateOptions {
    filename?: string;
    strict?: boolean;
    _with?: boolean;
    compileDebug?: boolean;
    escape?: (value: unknown) => string;
    localsName?: string;
  }
  class Template {
    constructor(text: string, options: TemplateOptions);
    /** Builds `source`: the template as JavaScript statements appending to `__output`. */
    generateSource(): void;
    source: string;
  }
  const ejs: { Template: typeof Template };
  export default ejs;
}
